import FuzzSupport

// libFuzzer over the unpickler reader (scripts/fuzz unpickler).
FuzzEntry.main(.unpickler)
