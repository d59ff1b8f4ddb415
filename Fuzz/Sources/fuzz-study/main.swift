import FuzzSupport

// libFuzzer over the study reader (scripts/fuzz study).
FuzzEntry.main(.study)
