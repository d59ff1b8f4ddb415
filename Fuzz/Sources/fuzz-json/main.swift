import FuzzSupport

// libFuzzer over the json reader (scripts/fuzz json).
FuzzEntry.main(.json)
