"""The work-unit ledger: one row per (period, task, org), the judge of "exactly once".

Every driver (the daemon's local executor, Celery workers, ``auditor audit --all``)
goes through the same four steps, each one conditional UPDATE, so two processes can
never both own a unit and a unit done in a period is never done again:

    ensure (pending) -> claim (running, owner + heartbeat) -> finish (done) | fail | release

A unit whose owner died (SIGKILL, lost worker) is found by :func:`reclaim_stale`:
its heartbeat is older than the lease, or its owner is a dead process on this host.
If the dead owner had already recorded a finished audit the unit adopts it (so it is
not audited twice); otherwise the orphaned ``running`` audit row is marked failed
("interrupted") and the unit goes back to ``pending``.
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from auditor.store import Store, audits
from auditor.store.tables import WorkUnitRow

PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"
ALL_ORGS = "*"
"""org_id of units that are not about one org (a feed refresh, a sweep, a summary)."""

_TOKEN = secrets.token_hex(3)


@dataclass(frozen=True)
class Unit:
    id: int
    period: str
    task: str
    org_id: str
    status: str
    attempts: int
    worker: str | None
    audit_id: str | None
    reason: str | None
    started_at: datetime | None
    finished_at: datetime | None
    heartbeat_at: datetime | None


def _unit(row: WorkUnitRow) -> Unit:
    return Unit(row.id, row.period, row.task, row.org_id, row.status, row.attempts, row.worker,
                row.audit_id, row.reason, row.started_at, row.finished_at, row.heartbeat_at)


def worker_id(role: str) -> str:
    """``role@host:pid:token``: enough to tell whether the owner is still alive."""
    return f"{role}@{socket.gethostname()}:{os.getpid()}:{_TOKEN}"[:200]


def owner_alive(worker: str | None) -> bool | None:
    """True/False for an owner on this host; None when it runs elsewhere (use the lease)."""
    if not worker or "@" not in worker:
        return None
    try:
        host, pid_text, token = worker.split("@", 1)[1].rsplit(":", 2)
        pid = int(pid_text)
    except ValueError:
        return None
    if host != socket.gethostname():
        return None
    if pid == os.getpid():
        return token == _TOKEN
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_mine(worker: str | None) -> bool:
    """True when `worker` names this very process (any role)."""
    return bool(worker) and str(worker).endswith(f"@{socket.gethostname()}:{os.getpid()}:{_TOKEN}")


def ensure_units(store: Store, period: str, task: str, org_ids: list[str]) -> int:
    """Create pending units that do not exist yet; returns how many were created."""
    with store.session() as session:
        have = set(session.scalars(select(WorkUnitRow.org_id).where(
            WorkUnitRow.period == period, WorkUnitRow.task == task)))
        missing = [o for o in dict.fromkeys(org_ids) if o not in have]
        if not missing:
            return 0
        rows = [{"period": period, "task": task, "org_id": o, "status": PENDING, "attempts": 0}
                for o in missing]
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert
            session.execute(pg_insert(WorkUnitRow).values(rows).on_conflict_do_nothing())
        elif dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert
            session.execute(sqlite_insert(WorkUnitRow).values(rows).on_conflict_do_nothing())
        else:
            session.execute(insert(WorkUnitRow), rows)
    return len(missing)


def claim(store: Store, period: str, task: str, org_id: str, worker: str, now: datetime,
          *, max_attempts: int = 3) -> Unit | None:
    """Take a pending (or retryable failed) unit; None when someone else has or had it."""
    with store.session() as session:
        result = session.execute(
            update(WorkUnitRow)
            .where(WorkUnitRow.period == period, WorkUnitRow.task == task,
                   WorkUnitRow.org_id == org_id,
                   or_(WorkUnitRow.status == PENDING,
                       (WorkUnitRow.status == FAILED) & (WorkUnitRow.attempts < max_attempts)))
            .values(status=RUNNING, worker=worker, attempts=WorkUnitRow.attempts + 1,
                    started_at=now, heartbeat_at=now, finished_at=None, reason=None,
                    audit_id=None)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return None
        row = session.scalars(select(WorkUnitRow).where(
            WorkUnitRow.period == period, WorkUnitRow.task == task,
            WorkUnitRow.org_id == org_id)).one()
        return _unit(row)


def _owned(unit_id: int, worker: str) -> list[ColumnElement[bool]]:
    return [WorkUnitRow.id == unit_id, WorkUnitRow.worker == worker,
            WorkUnitRow.status == RUNNING]


def _update(store: Store, unit_id: int, worker: str, **values: object) -> bool:
    with store.session() as session:
        result = session.execute(
            update(WorkUnitRow).where(*_owned(unit_id, worker)).values(**values)
            .execution_options(synchronize_session=False))
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def heartbeat(store: Store, unit_id: int, worker: str, now: datetime) -> bool:
    """Renew the lease; False means the unit was taken from us (stop working on it)."""
    return _update(store, unit_id, worker, heartbeat_at=now)


def finish(store: Store, unit_id: int, worker: str, audit_id: str | None, now: datetime) -> bool:
    return _update(store, unit_id, worker, status=DONE, audit_id=audit_id, finished_at=now,
                   heartbeat_at=now, reason=None)


def fail(store: Store, unit_id: int, worker: str, reason: str, now: datetime) -> bool:
    return _update(store, unit_id, worker, status=FAILED, reason=reason[:2000],
                   finished_at=now, heartbeat_at=now)


def release(store: Store, unit_id: int, worker: str, reason: str, now: datetime) -> bool:
    """Checkpoint on shutdown: the unit goes back to pending; its attempt is not counted."""
    with store.session() as session:
        row = session.get(WorkUnitRow, unit_id)
        if row is None or row.worker != worker or row.status != RUNNING:
            return False
        _interrupt_audits(session, row, reason, now)
        row.status, row.reason, row.heartbeat_at = PENDING, reason[:2000], now
        row.attempts = max(0, row.attempts - 1)
        return True


def _interrupt_audits(session: Session, row: WorkUnitRow, reason: str, now: datetime) -> None:
    if row.org_id == ALL_ORGS or row.started_at is None:
        return
    audits.interrupt_running(session, row.org_id, row.started_at, f"interrupted: {reason}", now)


def reclaim_stale(store: Store, now: datetime, lease_s: float, *, max_attempts: int = 3,
                  task: str | None = None) -> list[Unit]:
    """Return units of dead owners to the pool (or adopt their finished audit)."""
    cutoff = now - timedelta(seconds=lease_s)
    reclaimed: list[Unit] = []
    with store.session() as session:
        query = select(WorkUnitRow).where(WorkUnitRow.status == RUNNING)
        if task is not None:
            query = query.where(WorkUnitRow.task == task)
        for row in session.scalars(query.with_for_update(skip_locked=True)):
            alive = owner_alive(row.worker)
            stale = row.heartbeat_at is None or row.heartbeat_at < cutoff
            if alive is True or (alive is None and not stale):
                continue
            reason = f"owner {row.worker} died"
            done = None
            if row.org_id != ALL_ORGS and row.started_at is not None:
                done = audits.first_done_since(session, row.org_id, row.started_at)
            if done is not None:
                row.status, row.audit_id = DONE, done[0]
                row.finished_at, row.reason = done[1] or now, f"adopted after {reason}"
            else:
                _interrupt_audits(session, row, reason, now)
                given_up = row.attempts >= max_attempts
                row.status = FAILED if given_up else PENDING
                row.reason = (f"gave up after {row.attempts} attempts; " if given_up else "") \
                    + reason
                row.finished_at = now if given_up else None
            row.heartbeat_at = now
            reclaimed.append(_unit(row))
    return reclaimed


def list_units(store: Store, *, period: str | None = None, task: str | None = None,
               status: str | None = None) -> list[Unit]:
    with store.session() as session:
        query = select(WorkUnitRow).order_by(WorkUnitRow.period, WorkUnitRow.org_id)
        if period is not None:
            query = query.where(WorkUnitRow.period == period)
        if task is not None:
            query = query.where(WorkUnitRow.task == task)
        if status is not None:
            query = query.where(WorkUnitRow.status == status)
        return [_unit(r) for r in session.scalars(query)]


def get_unit(store: Store, period: str, task: str, org_id: str) -> Unit | None:
    with store.session() as session:
        row = session.scalars(select(WorkUnitRow).where(
            WorkUnitRow.period == period, WorkUnitRow.task == task,
            WorkUnitRow.org_id == org_id)).first()
        return None if row is None else _unit(row)


def counts(store: Store, period: str, task: str) -> dict[str, int]:
    with store.session() as session:
        rows = session.execute(
            select(WorkUnitRow.status, func.count()).where(
                WorkUnitRow.period == period, WorkUnitRow.task == task)
            .group_by(WorkUnitRow.status))
        return {status: int(n) for status, n in rows}


def period_window(store: Store, period: str, task: str) -> tuple[datetime | None, datetime | None]:
    """When the period's first unit started and its last one finished."""
    with store.session() as session:
        started, finished = session.execute(
            select(func.min(WorkUnitRow.started_at), func.max(WorkUnitRow.finished_at))
            .where(WorkUnitRow.period == period, WorkUnitRow.task == task)).one()
    return started, finished


def recent_failures(store: Store, limit: int = 20) -> list[Unit]:
    """Units that failed for good, newest first."""
    with store.session() as session:
        return [_unit(r) for r in session.scalars(
            select(WorkUnitRow).where(WorkUnitRow.status == FAILED)
            .order_by(WorkUnitRow.finished_at.desc()).limit(limit))]


def periods(store: Store, task: str, job: str) -> list[str]:
    """Periods of one job's units, newest first."""
    with store.session() as session:
        rows = session.scalars(
            select(WorkUnitRow.period).where(WorkUnitRow.task == task,
                                             WorkUnitRow.period.like(f"{job}@%"))
            .distinct().order_by(WorkUnitRow.period.desc()))
        return list(rows)


def unfinished(store: Store, task: str, job: str, *, max_attempts: int = 3) -> list[Unit]:
    """Units of a job still to do: pending, running, or failed with attempts left."""
    with store.session() as session:
        rows = session.scalars(select(WorkUnitRow).where(
            WorkUnitRow.task == task, WorkUnitRow.period.like(f"{job}@%"),
            or_(WorkUnitRow.status.in_((PENDING, RUNNING)),
                (WorkUnitRow.status == FAILED) & (WorkUnitRow.attempts < max_attempts)))
            .order_by(WorkUnitRow.period, WorkUnitRow.org_id))
        return [_unit(r) for r in rows]
