import FuzzSupport

// libFuzzer over the jpeg reader (scripts/fuzz jpeg).
FuzzEntry.main(.jpeg)
