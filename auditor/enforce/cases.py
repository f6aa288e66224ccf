"""Cases in the store: the I/O shell around the pure ladder in :mod:`auditor.enforce.ladder`.

A case row holds the case (without events) plus the organization and the latest
assessment it was weighed on, so a letter can be written at approval time without
re-auditing. Events live in ``case_events``, whose unique ``(case_id, cause)`` is the
database's own guard against moving twice for one cause. Every write checks that no
event arrived since the case was read, so two people (or a sweep and an approver)
cannot both act on one pending step.

Letters are not written here: a move that writes to the org leaves a debt
(:func:`auditor.enforce.ladder.owed_message`) that the driver pays through publish
(:mod:`auditor.run.casework`), then records with :func:`letter_queued`.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from auditor.enforce import ladder
from auditor.enforce.ladder import CLOSED_STATES
from auditor.errors import BadInput, StoreError
from auditor.models import Assessment, Case, CaseEvent, CaseState, Organization
from auditor.registry import find_org
from auditor.settings import Settings
from auditor.store import Store
from auditor.store.tables import CaseEventRow, CaseRow

log = logging.getLogger(__name__)

PENDING_APPROVAL = "pending_approval"
"""A pseudo-state for listing: any open case with a step waiting for a person."""


class CaseConflict(StoreError):
    """The case changed while we were deciding; nothing was written."""


# --------------------------------------------------------------------------- rows


def _to_case(row: CaseRow, events: list[CaseEventRow]) -> Case:
    data = {k: v for k, v in row.data.items() if k not in ("assessment", "org")}
    data["events"] = [e.data for e in events]
    return Case.model_validate(data)


def _events(session: Session, case_id: str) -> list[CaseEventRow]:
    return list(session.scalars(
        select(CaseEventRow).where(CaseEventRow.case_id == case_id).order_by(CaseEventRow.id)
    ))


def _save(session: Session, case: Case, known: int, *, now: datetime,
          org: Organization | None = None, assessment: Assessment | None = None) -> None:
    """Write `case` and its events after the first `known`, if nobody wrote meanwhile."""
    stored = session.scalar(
        select(func.count()).select_from(CaseEventRow).where(CaseEventRow.case_id == case.id)
    ) or 0
    if stored != known:
        raise CaseConflict(f"case {case.id} changed meanwhile; try again")
    row = session.get(CaseRow, case.id)
    data: dict[str, Any] = case.model_dump(mode="json", exclude={"events"})
    if row is None:
        row = CaseRow(id=case.id, org_id=case.org_id, data={})
        session.add(row)
    else:
        for key in ("assessment", "org"):
            if key in row.data:
                data[key] = row.data[key]
    if assessment is not None:
        data["assessment"] = assessment.model_dump(mode="json")
    if org is not None:
        data["org"] = org.model_dump(mode="json")
    row.state, row.pending, row.deadline = case.state.value, case.pending is not None, case.deadline
    row.data, row.updated_at = data, now
    session.flush()
    for event in case.events[known:]:
        session.add(CaseEventRow(case_id=case.id, at=event.at, kind=event.kind,
                                 actor=event.actor, cause=event.cause,
                                 data=event.model_dump(mode="json")))
    session.flush()


def _write(store: Store, case: Case, known: int, now: datetime, **extra: Any) -> bool:
    """Save; False when another writer got there first (duplicate cause or conflict)."""
    try:
        with store.session() as session:
            _save(session, case, known, now=now, **extra)
    except CaseConflict:
        return False
    except StoreError as exc:
        if isinstance(exc.__cause__, IntegrityError):
            return False
        raise
    return True


def _load(store: Store, case_id: str) -> tuple[Case, dict[str, Any]]:
    with store.session() as session:
        row = session.get(CaseRow, case_id)
        if row is None:
            raise BadInput(f"no case with id {case_id!r}")
        return _to_case(row, _events(session, case_id)), dict(row.data)


def add_case(store: Store, case: Case, now: datetime) -> None:
    """Store a case as it is (imports and worked examples); raises on a duplicate id."""
    if not _write(store, case, 0, now):
        raise CaseConflict(f"case {case.id} exists already")


# --------------------------------------------------------------------------- reading


def get_case(store: Store, case_id: str) -> Case:
    """One case with its full event history."""
    return _load(store, case_id)[0]


def list_cases(store: Store, state: str | None = None) -> list[Case]:
    """Cases, newest first; `state` is a case state or ``pending_approval``."""
    if state is not None and state != PENDING_APPROVAL and state not in set(CaseState):
        allowed = ", ".join([*CaseState, PENDING_APPROVAL])
        raise BadInput(f"unknown case state {state!r} (one of {allowed})")
    with store.session() as session:
        query = select(CaseRow).order_by(CaseRow.updated_at.desc(), CaseRow.id.desc())
        if state == PENDING_APPROVAL:
            query = query.where(CaseRow.pending.is_(True))
        elif state is not None:
            query = query.where(CaseRow.state == state)
        return [_to_case(r, _events(session, r.id)) for r in session.scalars(query)]


def _org_cases(session: Session, org_id: str) -> list[Case]:
    rows = session.scalars(select(CaseRow).where(CaseRow.org_id == org_id).order_by(CaseRow.id))
    return [_to_case(r, _events(session, r.id)) for r in rows]


def _next_id(session: Session) -> str:
    numbers = [int(m.group(1)) for i in session.scalars(select(CaseRow.id))
               if (m := re.fullmatch(r"C-(\d+)", i))]
    return f"C-{max(numbers, default=0) + 1:04d}"


def deadline_passed(store: Store, org_id: str, now: datetime) -> bool:
    """Whether an open case of the org is past its remediation deadline (the ladder's rule)."""
    with store.session() as session:
        rows = session.scalars(select(CaseRow).where(CaseRow.org_id == org_id))
        return any(ladder.deadline_passed(r.deadline, now) for r in rows
                   if CaseState(r.state) not in CLOSED_STATES)


def latest_case(store: Store, org_id: str) -> Case | None:
    """The org's newest case, open or closed."""
    with store.session() as session:
        cases = _org_cases(session, org_id)
    return cases[-1] if cases else None


def latest_cases(store: Store) -> dict[str, Case]:
    """Each org's newest case, by org id."""
    with store.session() as session:
        rows = session.scalars(select(CaseRow).order_by(CaseRow.id))
        return {r.org_id: _to_case(r, _events(session, r.id)) for r in rows}


def open_case_orgs(store: Store) -> dict[str, dict[str, Any]]:
    """Org id -> the stored data of its open case (with the org and assessment copies)."""
    with store.session() as session:
        rows = session.scalars(
            select(CaseRow).where(CaseRow.state.not_in([s.value for s in CLOSED_STATES])))
        return {r.org_id: dict(r.data) for r in rows}


def count_by_state(store: Store) -> dict[str, int]:
    """How many cases are in each state, plus ``pending_approval`` for waiting steps."""
    with store.session() as session:
        counts = {state: n for state, n in session.execute(
            select(CaseRow.state, func.count()).group_by(CaseRow.state))}
        counts[PENDING_APPROVAL] = session.scalar(
            select(func.count()).select_from(CaseRow).where(CaseRow.pending.is_(True))) or 0
    return counts


# --------------------------------------------------------------------------- evaluating


def evaluate_case(store: Store, settings: Settings, org: Organization,
                  assessment: Assessment, now: datetime) -> Case | None:
    """Open or move the org's case on a fresh assessment; the case touched, or None."""
    for _ in range(3):  # a new case id taken by a concurrent audit of another org: retry
        outcome = _evaluate_once(store, settings, org, assessment, now)
        if outcome is not None and outcome.org_id != org.id:
            continue
        return outcome
    raise CaseConflict(f"could not allocate a case id for {org.id}; try again")


def _evaluate_once(store: Store, settings: Settings, org: Organization,
                   assessment: Assessment, now: datetime) -> Case | None:
    with store.session() as session:
        history = _org_cases(session, org.id)
        new_id = _next_id(session)
    current = next((c for c in reversed(history) if c.state not in CLOSED_STATES), None)
    closed = [c for c in history if c.state in CLOSED_STATES and c.closed_at is not None]
    closed_at = max((c.closed_at for c in closed if c.closed_at), default=None)
    repeat = any(c.outcome in ("suspended", "terminated") for c in closed)

    known = len(current.events) if current else 0
    case = ladder.evaluate(current, assessment, now, settings.enforce, new_id=new_id,
                            org_id=org.id, closed_at=closed_at, repeat=repeat)
    if case is None:
        return None
    if not _write(store, case, known, now, org=org, assessment=assessment):
        log.info("case %s was written by someone else meanwhile", case.id)
        return get_case(store, case.id)
    if len(case.events) > known:
        log.info("case %s: %s", case.id, case.events[-1].kind)
    return case


# --------------------------------------------------------------------------- people


def approve(store: Store, settings: Settings, case_id: str, by: str, note: str | None,
            now: datetime) -> Case:
    """A person approves the pending step (the letter it owes is the driver's to send)."""
    case, _ = _load(store, case_id)
    moved = ladder.approve(case, by, note or "", now, settings.enforce)
    if not _write(store, moved, len(case.events), now):
        raise CaseConflict(f"case {case_id} changed meanwhile; look at it again")
    return moved


def reject(store: Store, settings: Settings, case_id: str, by: str, note: str,
           now: datetime) -> Case:
    """A person rejects the pending step; the case stays where it was."""
    case, _ = _load(store, case_id)
    moved = ladder.reject(case, by, note, now)
    if not _write(store, moved, len(case.events), now):
        raise CaseConflict(f"case {case_id} changed meanwhile; look at it again")
    return moved


def resolve(store: Store, case_id: str, by: str, note: str, now: datetime) -> Case:
    """A person closes the case (see :func:`auditor.enforce.ladder.close`)."""
    case, _ = _load(store, case_id)
    moved = ladder.close(case, by, note, now)
    if not _write(store, moved, len(case.events), now):
        raise CaseConflict(f"case {case_id} changed meanwhile; look at it again")
    return moved


# --------------------------------------------------------------------------- letters


def letter_context(store: Store, case_id: str) -> tuple[Organization, Assessment | None]:
    """What a letter for the case is written from: the org and the assessment weighed."""
    _, data = _load(store, case_id)
    case = Case.model_validate({**{k: v for k, v in data.items()
                                   if k not in ("assessment", "org")}, "events": []})
    assessment = Assessment.model_validate(data["assessment"]) if data.get("assessment") \
        else None
    return case_org(store, case.org_id, data), assessment


def letter_queued(store: Store, case: Case, move: CaseEvent, now: datetime,
                  message_key: str) -> Case:
    """Record that the letter `move` owed is in the outbox (once, whoever records it)."""
    done = ladder.message_queued(case, move, now, message_key)
    if not _write(store, done, len(case.events), now):
        return get_case(store, case.id)
    return done


def case_org(store: Store, org_id: str, data: dict[str, Any]) -> Organization:
    """The registry's current record (fresh contacts), else the copy kept with the case."""
    org = find_org(store, org_id)
    if org is not None:
        return org
    if data.get("org"):
        return Organization.model_validate(data["org"])
    raise BadInput(f"organization {org_id!r} of this case is not in the registry", org_id=org_id)


def current_case(store: Store, org_id: str) -> Case | None:
    """The org's open case, if any."""
    with store.session() as session:
        cases = _org_cases(session, org_id)
    return next((c for c in reversed(cases) if c.state not in CLOSED_STATES), None)
