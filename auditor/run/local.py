"""The local executor: a fleet audited on this machine by asyncio, bounded and stoppable."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.run import workunits
from auditor.run.units import AUDIT_TASK, run_unit
from auditor.settings import Settings
from auditor.store import Store

if TYPE_CHECKING:
    from auditor.models import Organization
    from auditor.run.pipeline import AuditOutcome, FleetResult

log = logging.getLogger(__name__)

OnDone = Callable[["Organization", "AuditOutcome | None", "Exception | None"], None]


async def run_local_async(
    orgs: Sequence[Organization],
    settings: Settings,
    store: Store,
    *,
    period: str,
    trigger: str,
    on_done: OnDone | None = None,
    stop: threading.Event | None = None,
    grace_s: float = 5.0,
    report_dir: Path | None = None,
) -> FleetResult:
    """Audit each org's unit of `period` not yet done, `orgs_at_once` at a time.

    When `stop` is set no new unit is claimed; running audits get `grace_s` to finish,
    then are cancelled and checkpointed back to pending.
    """
    from auditor.crawl import BrowserPool
    from auditor.run.pipeline import FleetResult

    worker = workunits.worker_id("local")
    workunits.ensure_units(store, period, AUDIT_TASK, [o.id for o in orgs])
    workunits.reclaim_stale(store, settings.clock(), settings.executor.lease_s,
                            max_attempts=settings.executor.max_attempts, task=AUDIT_TASK)
    result = FleetResult()
    limit = asyncio.Semaphore(settings.executor.orgs_at_once)
    running: set[asyncio.Task[None]] = set()
    done = [0]
    started = time.monotonic()

    async def one(org: Organization) -> None:
        async with limit:
            if stop is not None and stop.is_set():
                return
            unit = workunits.claim(store, period, AUDIT_TASK, org.id, worker, settings.clock(),
                                   max_attempts=settings.executor.max_attempts)
            if unit is None:
                return  # done in this period already, or another worker has it
            task = asyncio.current_task()
            assert task is not None
            running.add(task)
            try:
                outcome = await run_unit(unit, org, settings, store, worker=worker,
                                         trigger=trigger, browser=browser,
                                         report_dir=report_dir)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # recorded in the ledger; the fleet goes on
                result.errors[org.id] = exc
                log.warning("audit of %s failed: %s", org.id, exc)
                if on_done:
                    on_done(org, None, exc)
                return
            finally:
                running.discard(task)
                done[0] += 1
            result.outcomes.append(outcome)
            log.info("fleet %s: %d/%d audited (%s: %s)", period, done[0], len(orgs), org.id,
                     outcome.assessment.rating.value,
                     extra={"period": period, "org_id": org.id, "audit_id": outcome.audit_id,
                            "elapsed_s": round(time.monotonic() - started, 2)})
            if on_done:
                on_done(org, outcome, None)

    async def watch() -> None:
        assert stop is not None
        while not stop.is_set():
            await asyncio.sleep(0.1)
        log.info("stopping: no new audits; %d running get %.1fs", len(running), grace_s)
        await asyncio.sleep(grace_s)
        for task in list(running):
            task.cancel()

    async with BrowserPool(settings) as browser:
        watcher = asyncio.create_task(watch()) if stop is not None else None
        outcomes = await asyncio.gather(*(one(o) for o in orgs), return_exceptions=True)
        if watcher is not None:
            watcher.cancel()
    for item in outcomes:
        if isinstance(item, BaseException) and not isinstance(item, asyncio.CancelledError):
            raise item
    return result
