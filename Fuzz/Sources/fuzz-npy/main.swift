import FuzzSupport

// libFuzzer over the npy reader (scripts/fuzz npy).
FuzzEntry.main(.npy)
