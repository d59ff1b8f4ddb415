print("restyle-bench: see scripts/bench")
