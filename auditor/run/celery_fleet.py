"""Enqueue a fleet on Celery and wait for it, watching the ledger, not task results.

The ledger is the source of truth: progress is counted from work units, and a unit
whose worker died (heartbeat past the lease, or a dead process on this host) is put
back to pending and its task sent again. Redelivered duplicates are harmless: a task
that cannot claim its unit does nothing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from auditor.errors import CouldNotComplete
from auditor.run import workunits
from auditor.run.celery_app import QUEUE, TASK_NAME, make_app
from auditor.run.units import AUDIT_TASK
from auditor.settings import Settings
from auditor.store import Store

if TYPE_CHECKING:
    from auditor.models import Organization
    from auditor.run.pipeline import AuditOutcome, FleetResult

log = logging.getLogger(__name__)


def _outcome(store: Store, org: Organization, audit_id: str) -> AuditOutcome | None:
    from auditor.run.pipeline import AuditOutcome
    from auditor.store.audits import get_audit

    record = get_audit(store, audit_id)
    if record.assessment is None:
        return None
    pages = len((record.crawl or {}).get("pages", []))
    return AuditOutcome(audit_id, org, record.assessment, None, {}, pages)


def run_celery(
    orgs: Sequence[Organization],
    settings: Settings,
    store: Store,
    *,
    period: str,
    trigger: str,
    on_done: Callable[[Organization, AuditOutcome | None, Exception | None], None] | None = None,
    stop: threading.Event | None = None,
    poll_s: float = 0.5,
) -> FleetResult:
    """Send one task per org not yet done in `period`; wait until every unit is final."""
    from auditor.run.pipeline import FleetResult

    app = make_app(settings)
    by_id = {o.id: o for o in orgs}
    workunits.ensure_units(store, period, AUDIT_TASK, list(by_id))

    def send(org_id: str) -> None:
        app.send_task(TASK_NAME, args=[period, org_id, trigger], queue=QUEUE)

    max_attempts = settings.executor.max_attempts
    tried: dict[str, int] = {}
    for unit in workunits.list_units(store, period=period, task=AUDIT_TASK):
        tried[unit.org_id] = unit.attempts
        if unit.org_id in by_id and unit.status != workunits.DONE and not (
                unit.status == workunits.FAILED and unit.attempts >= max_attempts):
            send(unit.org_id)
    result = FleetResult()
    reported: set[str] = set()
    last_log = 0.0
    while True:
        for unit in workunits.reclaim_stale(store, settings.clock(), settings.executor.lease_s,
                                            max_attempts=max_attempts, task=AUDIT_TASK):
            if unit.period == period and unit.status == workunits.PENDING:
                log.warning("worker %s died on %s; sending it again", unit.worker, unit.org_id)
                send(unit.org_id)
        units = [u for u in workunits.list_units(store, period=period, task=AUDIT_TASK)
                 if u.org_id in by_id]
        for unit in units:
            final = unit.status == workunits.DONE or (
                unit.status == workunits.FAILED
                and (unit.attempts > tried.get(unit.org_id, 0) or unit.attempts >= max_attempts))
            if not final or unit.org_id in reported:
                continue
            reported.add(unit.org_id)
            org = by_id[unit.org_id]
            if unit.status == workunits.DONE and unit.audit_id:
                outcome = _outcome(store, org, unit.audit_id)
                if outcome is not None:
                    result.outcomes.append(outcome)
                if on_done:
                    on_done(org, outcome, None)
            else:
                error = CouldNotComplete(unit.reason or "failed", org_id=org.id)
                result.errors[org.id] = error
                if on_done:
                    on_done(org, None, error)
        if time.monotonic() - last_log > 5:
            last_log = time.monotonic()
            log.info("fleet %s: %d/%d final", period, len(reported), len(by_id),
                     extra={"period": period, "done": len(reported), "total": len(by_id)})
        if len(reported) >= len(by_id) or (stop is not None and stop.is_set()):
            return result
        time.sleep(poll_s)
