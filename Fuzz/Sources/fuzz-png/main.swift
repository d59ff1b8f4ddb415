import FuzzSupport

// libFuzzer over the png reader (scripts/fuzz png).
FuzzEntry.main(.png)
