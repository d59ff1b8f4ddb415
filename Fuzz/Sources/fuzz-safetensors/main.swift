import FuzzSupport

// libFuzzer over the safetensors reader (scripts/fuzz safetensors).
FuzzEntry.main(.safetensors)
