import FuzzSupport

// libFuzzer over the directions reader (scripts/fuzz directions).
FuzzEntry.main(.directions)
