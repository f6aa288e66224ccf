"""`tune_gc` raises Python's default collector threshold once and respects a choice
the application already made (run in child interpreters: it is process-wide)."""

from __future__ import annotations

import subprocess
import sys


def _threshold_after(setup: str) -> str:
    code = (f"import gc\n{setup}\nfrom auditor.run.process import tune_gc\n"
            "tune_gc(); tune_gc(); print(gc.get_threshold())")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_default_threshold_is_raised() -> None:
    assert _threshold_after("") == "(20000, 10, 10)"


def test_an_applications_own_threshold_stands() -> None:
    assert _threshold_after("gc.set_threshold(5000, 5, 5)") == "(5000, 5, 5)"
