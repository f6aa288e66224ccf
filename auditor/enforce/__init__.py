"""The enforce stage: the pure case ladder (ladder.py) and its store shell (cases.py)."""
