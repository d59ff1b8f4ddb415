import FuzzSupport

// libFuzzer over the torch-legacy reader (scripts/fuzz torch-legacy).
FuzzEntry.main(.torchLegacy)
