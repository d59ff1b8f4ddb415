import FuzzSupport

// libFuzzer over the landmarks reader (scripts/fuzz landmarks).
FuzzEntry.main(.landmarks)
