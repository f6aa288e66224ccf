"""Enqueue a fleet on Celery and wait for it, watching the ledger, not task results.

The ledger is the source of truth: progress is counted from work units, and a unit is
sent again whenever its message may be gone:

* its worker died (heartbeat past the lease, or a dead process on this host): the unit
  is put back to pending and sent again;
* the broker restarted (its Redis ``run_id`` changed): a Redis without persistence comes
  back empty, so every unit still pending is sent again;
* the fleet stalled: units are pending, none is running, nothing moved for a lease and
  the queue is empty.

Duplicates are harmless: a task that cannot claim its unit does nothing. Every call to
the store and the broker waits out an outage (:mod:`auditor.run.outage`), so a database
or Redis restart pauses the fleet instead of ending it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from auditor.errors import CouldNotComplete
from auditor.run import workunits
from auditor.run.celery_app import QUEUE, TASK_NAME, make_app
from auditor.run.outage import is_outage, patiently
from auditor.run.runner import FleetResult, OnDone
from auditor.run.units import AUDIT_TASK
from auditor.settings import Settings
from auditor.store import Store

if TYPE_CHECKING:
    from auditor.models import Organization
    from auditor.run.pipeline import AuditOutcome

log = logging.getLogger(__name__)


def _outcome(store: Store, org: Organization, audit_id: str) -> AuditOutcome | None:
    from auditor.run.pipeline import AuditOutcome
    from auditor.store.audits import get_audit

    record = get_audit(store, audit_id)
    if record.assessment is None:
        return None
    pages = len((record.crawl or {}).get("pages", []))
    return AuditOutcome(audit_id, org, record.assessment, None, {}, pages)


class BrokerWatch:
    """Tells when the broker may have lost queued messages: it restarted, or its queue
    is empty. Reads Redis directly (the only broker the workers are set up for)."""

    def __init__(self, broker_url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(broker_url, socket_timeout=5,
                                           socket_connect_timeout=5)
        self._run_id: str | None = None

    def restarted(self) -> bool:
        """True once after the broker came back as a new server (an unreachable broker
        is not yet a restart: it may come back with its queue intact)."""
        try:
            run_id = str(self._redis.info("server").get("run_id"))
        except Exception as exc:
            if is_outage(exc):
                return False
            raise
        before, self._run_id = self._run_id, run_id
        return before is not None and before != run_id

    def queue_empty(self) -> bool:
        try:
            return int(self._redis.llen(QUEUE)) == 0
        except Exception as exc:
            if is_outage(exc):
                return False
            raise

    def close(self) -> None:
        self._redis.close()


def run_celery(
    orgs: Sequence[Organization],
    settings: Settings,
    store: Store,
    *,
    period: str,
    trigger: str,
    on_done: OnDone | None = None,
    stop: threading.Event | None = None,
    poll_s: float = 0.5,
    keep_outcomes: bool = True,
) -> FleetResult:
    """Send one task per org not yet done in `period`; wait until every unit is final."""
    app = make_app(settings)
    watch = BrokerWatch(settings.executor.broker_url)
    by_id = {o.id: o for o in orgs}
    max_attempts = settings.executor.max_attempts

    def send(org_ids: Iterable[str], why: str) -> None:
        sent = 0
        for org_id in org_ids:
            patiently(app.send_task, TASK_NAME, args=[period, org_id, trigger], queue=QUEUE)
            sent += 1
        if sent and why:
            log.warning("fleet %s: %s; sent %d unfinished units again", period, why, sent,
                        extra={"period": period, "resent": sent})

    def units() -> list[workunits.Unit]:
        return [u for u in patiently(workunits.list_units, store, period=period, task=AUDIT_TASK)
                if u.org_id in by_id]

    def open_to_claim(unit: workunits.Unit) -> bool:
        return unit.status == workunits.PENDING or (
            unit.status == workunits.FAILED and unit.attempts < max_attempts
            and unit.org_id not in tried_here)

    patiently(workunits.ensure_units, store, period, AUDIT_TASK, list(by_id))
    watch.restarted()  # learn the broker's identity before the first message
    tried_here: set[str] = set()
    tried = {u.org_id: u.attempts for u in units()}
    send([u.org_id for u in units() if u.status != workunits.DONE and not (
        u.status == workunits.FAILED and u.attempts >= max_attempts)], "")
    result = FleetResult(keep_outcomes=keep_outcomes)
    reported: set[str] = set()
    last_log = last_change = time.monotonic()
    last_state: dict[str, tuple[str, int]] = {}
    try:
        while True:
            for unit in patiently(workunits.reclaim_stale, store, settings.clock(),
                                  settings.executor.lease_s, max_attempts=max_attempts,
                                  task=AUDIT_TASK):
                if unit.period == period and unit.status == workunits.PENDING:
                    log.warning("worker %s died on %s; sending it again", unit.worker,
                                unit.org_id)
                    send([unit.org_id], "")
            current = units()
            state = {u.org_id: (u.status, u.attempts) for u in current}
            if state != last_state:
                last_state, last_change = state, time.monotonic()
            for unit in current:
                if unit.attempts > tried.get(unit.org_id, 0):
                    tried_here.add(unit.org_id)
            waiting = [u.org_id for u in current if open_to_claim(u)]
            if watch.restarted():
                send(waiting, "the broker restarted (its queue may be lost)")
            elif waiting and not any(u.status == workunits.RUNNING for u in current) \
                    and time.monotonic() - last_change > settings.executor.lease_s \
                    and watch.queue_empty():
                send(waiting, "no progress for a lease and the queue is empty")
                last_change = time.monotonic()
            _report(store, current, by_id, reported, tried_here, max_attempts, result,
                    on_done)
            if time.monotonic() - last_log > 5:
                last_log = time.monotonic()
                log.info("fleet %s: %d/%d final", period, len(reported), len(by_id),
                         extra={"period": period, "done": len(reported),
                                "total": len(by_id)})
            if len(reported) >= len(by_id) or (stop is not None and stop.is_set()):
                return result
            time.sleep(poll_s)
    finally:
        watch.close()


def _report(store: Store, current: list[workunits.Unit], by_id: dict[str, Any],
            reported: set[str], tried_here: set[str], max_attempts: int,
            result: FleetResult, on_done: OnDone | None) -> None:
    """Report each unit once it is final: done, or failed in this run (or out of tries)."""
    for unit in current:
        final = unit.status == workunits.DONE or (
            unit.status == workunits.FAILED
            and (unit.org_id in tried_here or unit.attempts >= max_attempts))
        if not final or unit.org_id in reported:
            continue
        reported.add(unit.org_id)
        org = by_id[unit.org_id]
        if unit.status == workunits.DONE and unit.audit_id:
            wanted = result.keep_outcomes or on_done is not None
            outcome = patiently(_outcome, store, org, unit.audit_id) if wanted else None
            if outcome is not None:
                result.add(outcome)
            else:
                result.audited += 1
            if on_done:
                on_done(org, outcome, None)
        else:
            error = CouldNotComplete(unit.reason or "failed", org_id=org.id)
            result.errors[org.id] = error
            if on_done:
                on_done(org, None, error)
