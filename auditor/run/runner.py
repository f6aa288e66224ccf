"""The fleet runner: one per process, used by every driver.

`auditor audit --all`, the daemon's ``audit_fleet`` jobs, each Celery worker and the
demo audit their orgs through one :class:`FleetRunner` per process. It holds what the
audits of a process share:

* one HTTP fetcher, so the global and per-host limits hold across every audit of the
  process (on Celery workers the per-host limits are shared with the other workers
  through Redis, :mod:`auditor.run.limiter`);
* one browser pool (Chromium starts on the first page that needs it);
* one process pool over the cores that parses pages and runs the detectors (with one
  core, or a single org, they run on the event loop instead: see
  :mod:`auditor.crawl.site`).

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
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

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
    outcomes: list[AuditOutcome] = field(default_factory=list)
    errors: dict[str, AuditError | Exception] = field(default_factory=dict)


def usable_cores() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores or 1


def analysis_pool() -> Executor | None:
    """A process pool for parsing and detectors when there is more than one core.

    forkserver, not fork: the parent runs an event loop, threads and a browser driver.
    Its workers start with the crawling processes' GC setting and exit when this process
    is gone, even killed outright (:func:`auditor.run.process.start_analysis_worker`).
    """
    cores = usable_cores()
    if cores < 2:
        return None
    from auditor.run.process import start_analysis_worker

    return ProcessPoolExecutor(max_workers=cores, initializer=start_analysis_worker,
                               initargs=(os.getpid(),),
                               mp_context=multiprocessing.get_context("forkserver"))


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
