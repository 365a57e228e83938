# The example submissions under data/ are data for the grader's tests, never tests themselves
# (not even under `pytest --nbval`).
collect_ignore_glob = ["data/*", "data/**/*"]
