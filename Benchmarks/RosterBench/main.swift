print("roster-bench")
