"""Process-wide settings that belong to the entry points that crawl, never to library code.

The CLI, the daemon, Celery workers and analysis worker processes call :func:`tune_gc`
when they start; a test or an embedding program that calls the crawl keeps its own.
"""

from __future__ import annotations

import gc


def tune_gc() -> None:
    """Run the young-generation collector every 20 000 allocations instead of 700.

    Analysing a page allocates hundreds of thousands of short-lived, acyclic objects
    (strings, tuples, match results) while the detectors keep large memos alive, so
    the default thresholds ran about a dozen full collections per 1000 farm pages;
    raising the first one took a crawl from 21-22 to 19 ms of CPU a page. Called by
    the crawl and by analysis worker processes; a process whose threshold is no
    longer Python's default keeps its own choice.
    """
    if gc.get_threshold()[0] == 700:
        gc.set_threshold(20_000, 10, 10)
