"""Audit one claimed unit: the same code under the local executor and a Celery worker.

The unit's lease is renewed while the audit runs; the ledger records the outcome. A
cancelled audit (shutdown) checkpoints the unit back to ``pending`` so the next start
redoes it, and an audit whose unit was taken over meanwhile is not recorded as a second
result for the period. Every ledger call waits out a store outage
(:mod:`auditor.run.outage`); an audit that still fails because a service stayed
unreachable is released back to ``pending``, never recorded as the org's failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.run import workunits
from auditor.run.outage import is_outage, patiently_async
from auditor.run.schedules import Task
from auditor.settings import Settings
from auditor.store import Store

if TYPE_CHECKING:
    from auditor.crawl import BrowserPool
    from auditor.models import Organization
    from auditor.net.http import HttpFetcher
    from auditor.run.pipeline import AuditOutcome

log = logging.getLogger(__name__)

AUDIT_TASK = Task.AUDIT_FLEET.value
"""The ledger's task name for the audit of one org."""


class LeaseLost(RuntimeError):
    """The unit was reclaimed while this audit ran; another owner records the result."""


async def _keep_alive(store: Store, unit: workunits.Unit, worker: str,
                      settings: Settings) -> None:
    """Renew the lease every quarter lease; an unreachable store only skips a beat."""
    interval = max(0.5, settings.executor.lease_s / 4)
    while True:
        await asyncio.sleep(interval)
        try:
            ok = await asyncio.to_thread(workunits.heartbeat, store, unit.id, worker,
                                         settings.clock())
        except Exception as exc:
            if not is_outage(exc):
                log.exception("heartbeat of %s/%s failed", unit.period, unit.org_id)
            continue
        if not ok:
            log.warning("lost the lease on %s/%s", unit.period, unit.org_id)
            return


def _release_on_shutdown(store: Store, unit: workunits.Unit, worker: str,
                         settings: Settings) -> None:
    try:
        workunits.release(store, unit.id, worker, "interrupted by shutdown", settings.clock())
    except Exception as exc:  # the store is down: the next start reclaims the dead owner's unit
        if not is_outage(exc):
            raise
        log.warning("could not checkpoint %s/%s (store unreachable); it will be reclaimed",
                    unit.period, unit.org_id)
        return
    log.info("checkpointed %s/%s: back to pending", unit.period, unit.org_id)


async def run_unit(
    unit: workunits.Unit,
    org: Organization,
    settings: Settings,
    store: Store,
    *,
    worker: str,
    trigger: str,
    browser: BrowserPool | None = None,
    fetcher: HttpFetcher | None = None,
    executor: Executor | None = None,
    report_dir: Path | None = None,
) -> AuditOutcome:
    """Audit `org` for a unit this worker has claimed, and record the result in the ledger."""
    from auditor.run.pipeline import audit_org_async
    from auditor.store.audits import fail_audit

    beat = asyncio.create_task(_keep_alive(store, unit, worker, settings))
    try:
        outcome = await audit_org_async(org, settings, store, trigger=trigger,
                                        now=settings.clock(), browser=browser,
                                        fetcher=fetcher, executor=executor,
                                        report_dir=report_dir)
    except asyncio.CancelledError:
        _release_on_shutdown(store, unit, worker, settings)
        raise
    except Exception as exc:
        if is_outage(exc):  # not the org's failure: back to pending, tried again later
            await patiently_async(workunits.release, store, unit.id, worker,
                                  f"service unreachable: {type(exc).__name__}",
                                  settings.clock())
        else:
            await patiently_async(workunits.fail, store, unit.id, worker,
                                  f"{type(exc).__name__}: {exc}", settings.clock())
        raise
    finally:
        beat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beat
    finished = await patiently_async(workunits.finish, store, unit.id, worker,
                                     outcome.audit_id, settings.clock())
    if not finished:
        current = await patiently_async(workunits.get_unit, store, unit.period, unit.task,
                                        unit.org_id)
        if current is None or current.audit_id != outcome.audit_id:
            await patiently_async(fail_audit, store, outcome.audit_id,
                                  "superseded: the work unit was taken over", settings.clock())
            raise LeaseLost(f"{unit.period}/{org.id}: unit taken over; result not recorded")
    return outcome
