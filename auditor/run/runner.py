"""The fleet runner: one per process, used by every driver.

`auditor audit --all`, the daemon's ``audit_fleet`` jobs, each Celery worker and the
demo audit their orgs through one :class:`FleetRunner` per process. It holds what the
audits of a process share:

* one HTTP fetcher, so the global and per-host limits hold across every audit of the
  process (on Celery workers the per-host limits are shared with the other workers
  through Redis, :mod:`auditor.run.limiter`);
* one browser pool (Chromium starts on the first page that needs it);
* one analysis pool over the cores that parses pages and runs the detectors: worker
  processes on all cores but one, and this process taking what they cannot
  (:class:`SpillingPool`; with one core, or a single org, everything runs on the event
  loop, see :mod:`auditor.crawl.site`).

Which units a process audits is decided elsewhere: the local executor hands out the
orgs of a fleet (:mod:`auditor.run.local`), a Celery worker takes one message at a time
(:mod:`auditor.run.celery_app`). Both claim the unit in the ledger first and then call
:meth:`FleetRunner.audit`. Callers on other threads (Celery task threads, the daemon's
job threads) reach the runner through a :class:`RunnerThread`.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from auditor.errors import AuditError
from auditor.run import workunits
from auditor.run.units import run_unit
from auditor.settings import Settings
from auditor.store import Store

if TYPE_CHECKING:
    from auditor.crawl import BrowserPool
    from auditor.models import Organization
    from auditor.net.http import HttpFetcher
    from auditor.run.pipeline import AuditOutcome

log = logging.getLogger(__name__)

T = TypeVar("T")

OnDone = Callable[["Organization", "AuditOutcome | None", "Exception | None"], None]
"""Called once per org audited (or failed) in a fleet run: the progress bar, the logs."""


@dataclass
class FleetResult:
    """What a fleet run did. `outcomes` holds every audit only when the caller asked to
    keep them; a large fleet's callers take each outcome in `on_done` instead, so memory
    follows the audits in flight, not the size of the fleet."""

    audited: int = 0
    outcomes: list[AuditOutcome] = field(default_factory=list)
    errors: dict[str, AuditError | Exception] = field(default_factory=dict)
    keep_outcomes: bool = True

    def add(self, outcome: AuditOutcome) -> None:
        self.audited += 1
        if self.keep_outcomes:
            self.outcomes.append(outcome)


def usable_cores() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores or 1


class SpillingPool(Executor):
    """Analysis over every core: a process pool of cores - 1 workers, and this process.

    A page goes to the pool while the pool holds fewer than `room` pages (four per
    worker, so a worker never waits for work while this process is busy analysing a
    page itself); past that, it is analysed right here, on the event loop, as with no
    pool at all. So this process, which also fetches, archives and records,
    analyses only what the workers cannot take: on two cores it shares the analysis
    with one worker, on many cores it is busy enough with its own work that the pool
    takes nearly everything. One core fewer in the pool than a pool of its own keeps
    one fewer copy of the detectors' memos in memory.
    """

    def __init__(self, pool: ProcessPoolExecutor, room: int) -> None:
        self.pool, self.room = pool, room
        self._inflight = 0
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        with self._lock:
            spill = self._inflight >= self.room
            if not spill:
                self._inflight += 1
        if not spill:
            future = self.pool.submit(fn, *args, **kwargs)
            future.add_done_callback(self._returned)
            return future
        here: Future[T] = Future()
        try:
            here.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future
            here.set_exception(exc)
        return here

    def _returned(self, _future: Future[Any]) -> None:
        with self._lock:
            self._inflight -= 1

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop the workers; one still starting (importing the detectors) after a grace of
        two seconds is terminated: it holds nothing, and a daemon's stop must not wait."""
        workers = list(getattr(self.pool, "_processes", {}).values())
        self.pool.shutdown(wait=False, cancel_futures=cancel_futures)
        if not wait:
            return
        deadline = time.monotonic() + 2.0
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
                worker.join(2.0)


def analysis_pool() -> Executor | None:
    """Where a fleet parses pages and runs the detectors; None: on the event loop.

    With one core there is no pool. With more, a :class:`SpillingPool`: cores - 1
    worker processes, started by forkserver, not fork (the parent runs an event loop,
    threads and a browser driver). Its workers start with the crawling processes' GC
    setting and exit when this process is gone, even killed outright
    (:func:`auditor.run.process.start_analysis_worker`).
    """
    cores = usable_cores()
    if cores < 2:
        return None
    from auditor.run.process import start_analysis_worker

    workers = cores - 1
    pool = ProcessPoolExecutor(max_workers=workers, initializer=start_analysis_worker,
                               initargs=(os.getpid(),),
                               mp_context=multiprocessing.get_context("forkserver"))
    return SpillingPool(pool, room=4 * workers)


class FleetRunner:
    """What the audits of one process share; ``async with`` opens and closes it.

    `pool=False` leaves the analysis on the event loop (one org audited alone gains
    nothing from worker processes that must first import the detectors).
    """

    def __init__(self, settings: Settings, store: Store, *, pool: bool = True) -> None:
        self.settings, self.store = settings, store
        self._want_pool = pool
        self.browser: BrowserPool | None = None
        self.fetcher: HttpFetcher | None = None
        self.pool: Executor | None = None

    async def __aenter__(self) -> FleetRunner:
        from auditor.crawl import BrowserPool
        from auditor.net.http import HttpFetcher
        from auditor.run.limiter import host_limiter

        self.browser = BrowserPool(self.settings)
        self.fetcher = HttpFetcher(self.settings, host_limiter=host_limiter(self.settings))
        self.pool = analysis_pool() if self._want_pool else None
        return self

    async def __aexit__(self, *exc: object) -> None:
        try:
            if self.fetcher is not None:
                await self.fetcher.aclose()
                limiter = self.fetcher.host_limiter
                if limiter is not None and hasattr(limiter, "aclose"):
                    await limiter.aclose()
            if self.browser is not None:
                await self.browser.aclose()
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)
            self.fetcher = self.browser = self.pool = None

    async def audit(self, unit: workunits.Unit, org: Organization, *, worker: str,
                    trigger: str, report_dir: Path | None = None) -> AuditOutcome:
        """Audit a unit the caller has claimed, with the shared fetcher, browser and pool."""
        if self.fetcher is None:
            raise RuntimeError("FleetRunner used outside `async with`")
        return await run_unit(unit, org, self.settings, self.store, worker=worker,
                              trigger=trigger, browser=self.browser, fetcher=self.fetcher,
                              executor=self.pool, report_dir=report_dir)


class RunnerThread:
    """A :class:`FleetRunner` on its own event-loop thread, for callers on other threads.

    A Celery worker's task threads and the daemon's job threads each submit coroutines
    with :meth:`call` and wait for them; all of them share the runner (and so its
    fetcher, per-host limits, browser and analysis pool).
    """

    def __init__(self, settings: Settings, store: Store, *, name: str = "fleet-runner") -> None:
        self.runner = FleetRunner(settings, store)
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.runner.__aenter__(), self.loop).result()

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def call(self, make: Callable[[FleetRunner], Awaitable[T]]) -> T:
        """Run ``make(runner)`` on the runner's loop and wait for its result."""
        async def _run() -> T:
            return await make(self.runner)

        return asyncio.run_coroutine_threadsafe(_run(), self.loop).result()

    def close(self) -> None:
        """Close the runner (fetcher, browser, analysis pool) and stop its thread."""
        if not self._thread.is_alive():
            return
        try:
            asyncio.run_coroutine_threadsafe(self.runner.__aexit__(None, None, None),
                                             self.loop).result(timeout=60)
        except Exception:
            log.exception("closing the fleet runner failed")
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        if not self._thread.is_alive():
            self.loop.close()
