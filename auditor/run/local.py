"""The local executor: the orgs of a fleet handed out on this machine, bounded and stoppable.

`orgs_at_once` slots each take the next org nobody has taken yet, claim its unit in the
ledger and audit it through the process's :class:`~auditor.run.runner.FleetRunner`, so
no slot idles while orgs remain and every org is audited once per period.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.run import workunits
from auditor.run.outage import patiently_async
from auditor.run.runner import FleetResult, FleetRunner, OnDone
from auditor.run.units import AUDIT_TASK

if TYPE_CHECKING:
    from auditor.models import Organization

log = logging.getLogger(__name__)


async def run_local(
    runner: FleetRunner,
    orgs: Sequence[Organization],
    *,
    period: str,
    trigger: str,
    on_done: OnDone | None = None,
    stop: threading.Event | None = None,
    grace_s: float = 5.0,
    report_dir: Path | None = None,
    keep_outcomes: bool = True,
) -> FleetResult:
    """Audit each org's unit of `period` not yet done, `orgs_at_once` at a time.

    When `stop` is set no new unit is claimed; running audits get `grace_s` to finish,
    then are cancelled and checkpointed back to pending.
    """
    settings, store = runner.settings, runner.store
    worker = workunits.worker_id("local")
    await patiently_async(workunits.ensure_units, store, period, AUDIT_TASK,
                          [o.id for o in orgs])
    await patiently_async(workunits.reclaim_stale, store, settings.clock(),
                          settings.executor.lease_s,
                          max_attempts=settings.executor.max_attempts, task=AUDIT_TASK)
    result = FleetResult(keep_outcomes=keep_outcomes)
    todo = iter(orgs)
    running: set[asyncio.Task[None]] = set()
    done = [0]
    started = time.monotonic()

    async def audit(org: Organization) -> None:
        unit = await patiently_async(workunits.claim, store, period, AUDIT_TASK, org.id,
                                     worker, settings.clock(),
                                     max_attempts=settings.executor.max_attempts)
        if unit is None:
            return  # done in this period already, or another worker has it
        task = asyncio.current_task()
        assert task is not None
        running.add(task)
        try:
            outcome = await runner.audit(unit, org, worker=worker, trigger=trigger,
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
        result.add(outcome)
        log.info("fleet %s: %d/%d audited (%s: %s)", period, done[0], len(orgs), org.id,
                 outcome.assessment.rating.value,
                 extra={"period": period, "org_id": org.id, "audit_id": outcome.audit_id,
                        "elapsed_s": round(time.monotonic() - started, 2)})
        if on_done:
            on_done(org, outcome, None)

    async def slot() -> None:
        for org in todo:  # one iterator shared by every slot: each org is handed out once
            if stop is not None and stop.is_set():
                return
            await audit(org)

    async def watch() -> None:
        assert stop is not None
        while not stop.is_set():
            await asyncio.sleep(0.1)
        log.info("stopping: no new audits; %d running get %.1fs", len(running), grace_s)
        await asyncio.sleep(grace_s)
        for task in list(running):
            task.cancel()

    watcher = asyncio.create_task(watch()) if stop is not None else None
    slots = max(1, min(settings.executor.orgs_at_once, len(orgs)))
    try:
        ended = await asyncio.gather(*(slot() for _ in range(slots)), return_exceptions=True)
    finally:
        if watcher is not None:
            watcher.cancel()
    for item in ended:
        if isinstance(item, BaseException) and not isinstance(item, asyncio.CancelledError):
            raise item
    return result
