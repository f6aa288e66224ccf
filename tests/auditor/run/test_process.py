"""`tune_gc` raises Python's default collector threshold once and respects a choice
the application already made (run in child interpreters: it is process-wide); analysis
pool workers do not outlive the process that owns them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def _threshold_after(setup: str) -> str:
    code = (f"import gc\n{setup}\nfrom auditor.run.process import tune_gc\n"
            "tune_gc(); tune_gc(); print(gc.get_threshold())")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_default_threshold_is_raised() -> None:
    assert _threshold_after("") == "(50000, 10, 10)"


def test_an_applications_own_threshold_stands() -> None:
    assert _threshold_after("gc.set_threshold(5000, 5, 5)") == "(5000, 5, 5)"


_OWNER = """
import multiprocessing, os, time
from concurrent.futures import ProcessPoolExecutor
from auditor.run.process import start_analysis_worker


def pids(_: int) -> tuple[int, int]:
    time.sleep(0.05)
    return os.getpid(), os.getppid()


if __name__ == "__main__":
    pool = ProcessPoolExecutor(max_workers=2, initializer=start_analysis_worker,
                               initargs=(os.getpid(),),
                               mp_context=multiprocessing.get_context("forkserver"))
    seen = set()
    while len({worker for worker, _ in seen}) < 2:
        seen |= set(pool.map(pids, range(20)))
    print(" ".join(str(p) for p in sorted({p for pair in seen for p in pair})), flush=True)
    time.sleep(600)
"""


def test_analysis_workers_exit_when_their_owner_is_killed(tmp_path: Path) -> None:
    """SIGKILL of the process that owns the pool leaves no worker (or forkserver) behind."""
    import os
    import signal
    import time

    script = tmp_path / "owner.py"
    script.write_text(_OWNER)
    with subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                          cwd=tmp_path) as owner:
        try:
            assert owner.stdout is not None
            pids = [int(p) for p in owner.stdout.readline().split()]
            assert len(pids) == 3, pids  # the forkserver and two workers
            assert all(_running(p) for p in pids)
        finally:
            owner.send_signal(signal.SIGKILL)
            owner.wait()
    deadline = time.monotonic() + 30
    while any(_running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [p for p in pids if _running(p)]
    for pid in left:  # do not leak them if the check fails
        os.kill(pid, signal.SIGKILL)
    assert not left, f"left behind after their owner died: {left}"


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
