import FuzzSupport

// libFuzzer over the npz reader (scripts/fuzz npz).
FuzzEntry.main(.npz)
