"""Process-wide settings that belong to the entry points that crawl, never to library code.

The CLI, the daemon, Celery workers and analysis worker processes call :func:`tune_gc`
when they start; a test or an embedding program that calls the crawl keeps its own.
Analysis pool workers start with :func:`start_analysis_worker`.
"""

from __future__ import annotations

import gc
import os
import threading
import time


def tune_gc() -> None:
    """Run the young-generation collector every 50 000 allocations instead of 700.

    Analysing a page allocates hundreds of thousands of short-lived, acyclic objects
    (strings, tuples, match results) while the detectors keep large memos alive, so
    the default thresholds ran about a dozen full collections per 1000 farm pages;
    raising the first one to 20 000 took a crawl from 21-22 to 19 ms of CPU a page.
    At 20 000 the young collections still cost about 1.5 ms a farm page (34 of them,
    0.7-0.9 s over 600 analyses in crawl order); at 50 000 there are 7 and they cost
    0.2-0.4 s (at 100 000, 0.3 s: little more to gain for more garbage held).
    Called by the crawl and by analysis worker processes; a process whose threshold
    is no longer Python's default keeps its own choice.
    """
    if gc.get_threshold()[0] == 700:
        gc.set_threshold(50_000, 10, 10)


def start_analysis_worker(owner_pid: int) -> None:
    """The entry point of an analysis pool worker: the crawling GC setting, and an exit
    when the process that owns the pool is gone.

    A pool worker blocks on its task queue, whose write end it holds itself, and it keeps
    the forkserver alive; so when its owner is killed outright (SIGKILL, the OOM killer)
    neither would ever notice. A daemon thread checks the owner every second.
    """
    tune_gc()
    threading.Thread(target=_exit_with, args=(owner_pid,), name="owner-watch",
                     daemon=True).start()


def _exit_with(owner_pid: int) -> None:
    while _alive(owner_pid):
        time.sleep(1.0)
    os._exit(0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is dead
    except OSError:
        return True
