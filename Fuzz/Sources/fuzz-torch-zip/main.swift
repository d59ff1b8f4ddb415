import FuzzSupport

// libFuzzer over the torch-zip reader (scripts/fuzz torch-zip).
FuzzEntry.main(.torchZip)
