"""Cases in the store: persistence, approvals and letters, conflicts, sweep."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from auditor.enforce import cases
from auditor.errors import BadInput
from auditor.models import CaseState, Organization, RateState, Safeguard
from auditor.publish.outbox import list_messages
from auditor.registry import save_orgs
from auditor.run import casework
from auditor.settings import Settings, load_settings
from auditor.store import Store
from auditor.store.tables import AuditRow, CaseEventRow, ViolationRateRow
from tests.auditor.casekit import T0, assessment

ORG = Organization(id="acme", name="Acme Tutors", url="https://acme.example",
                   contact_email="safety@acme.example", audience="under13")


@pytest.fixture
def store(settings: Settings) -> Store:
    return Store(settings.database_url)


def test_evaluate_opens_a_pending_case_and_is_idempotent(store: Store, settings: Settings) -> None:
    case = casework.evaluate(store, settings, ORG, assessment(), T0)
    assert case is not None and case.id == "C-0001"
    assert case.state is CaseState.MONITORING and case.pending is not None
    again = casework.evaluate(store, settings, ORG, assessment(), T0 + timedelta(hours=1))
    assert again is not None and again.events == case.events
    stored = cases.get_case(store, "C-0001")
    assert [e.kind for e in stored.events] == ["opened", "proposed"]
    assert stored.missing_safeguards == [Safeguard.AGE_VERIFICATION]
    assert [c.id for c in cases.list_cases(store, "pending_approval")] == ["C-0001"]
    assert cases.list_cases(store, "resolved") == []
    assert list_messages(store) == []


def test_nothing_to_do_means_no_case(store: Store, settings: Settings) -> None:
    assert casework.evaluate(store, settings, ORG, assessment(RateState.NORMAL), T0) is None
    assert cases.list_cases(store) == []


def test_approval_queues_exactly_one_letter(store: Store, settings: Settings) -> None:
    casework.evaluate(store, settings, ORG, assessment(), T0)
    case = casework.approve(store, settings, "C-0001", "Dana Reviewer", "checked", T0)
    assert case.state is CaseState.REMEDIATION_REQUESTED
    assert case.events[-1].kind == "message_queued"
    messages = list_messages(store)
    assert len(messages) == 1 and messages[0].to == ["safety@acme.example"]
    assert messages[0].case_id == "C-0001"
    with pytest.raises(BadInput, match="no step"):
        casework.approve(store, settings, "C-0001", "Dana Reviewer", None, T0)
    casework.evaluate(store, settings, ORG, assessment(), T0)
    assert len(list_messages(store)) == 1


def test_a_lost_letter_is_paid_by_the_next_sweep(store: Store, settings: Settings) -> None:
    from auditor.enforce import ladder as enforce

    casework.evaluate(store, settings, ORG, assessment(), T0)
    case = cases.get_case(store, "C-0001")
    moved = enforce.approve(case, "Dana", "ok", T0, settings.enforce)
    assert cases._write(store, moved, len(case.events), T0)  # crash before the letter
    assert list_messages(store) == []
    casework.sweep(store, settings, T0)
    assert len(list_messages(store)) == 1
    casework.sweep(store, settings, T0)
    assert len(list_messages(store)) == 1


def test_first_notice_without_approval(store: Store, tmp_path) -> None:
    lax = load_settings(data_dir=tmp_path / "data", enforce={"first_notice_without_approval": True})
    case = casework.evaluate(store, lax, ORG, assessment(), T0)
    assert case is not None and case.state is CaseState.REMEDIATION_REQUESTED
    assert len(list_messages(store)) == 1
    late = T0 + timedelta(days=31)
    case = casework.evaluate(store, lax, ORG, assessment(as_of=late), late)
    assert case is not None and case.pending is not None
    assert case.pending.to_state is CaseState.FINAL_NOTICE
    assert len(list_messages(store)) == 1


def test_rejection_and_hand_resolution(store: Store, settings: Settings) -> None:
    casework.evaluate(store, settings, ORG, assessment(), T0)
    case = cases.reject(store, settings, "C-0001", "Dana", "feed under dispute", T0)
    assert case.pending is None and case.state is CaseState.MONITORING
    assert casework.evaluate(store, settings, ORG, assessment(), T0).pending is None
    done = cases.resolve(store, "C-0001", "Dana", "dispute upheld", T0)
    assert done.state is CaseState.RESOLVED and done.events[-1].actor == "Dana"
    # the evidence it closed on does not reopen it; a later audit may
    assert casework.evaluate(store, settings, ORG, assessment(), T0) is None
    later = T0 + timedelta(days=2)
    fresh = casework.evaluate(store, settings, ORG, assessment(as_of=later), later)
    assert fresh is not None and fresh.id == "C-0002"
    assert list_messages(store) == []


def test_unknown_case_and_state(store: Store) -> None:
    with pytest.raises(BadInput):
        cases.get_case(store, "C-9999")
    with pytest.raises(BadInput, match="unknown case state"):
        cases.list_cases(store, "escalated")


def test_the_database_refuses_a_second_move_for_one_cause(store: Store, settings: Settings) -> None:
    casework.evaluate(store, settings, ORG, assessment(), T0)
    case = cases.get_case(store, "C-0001")
    from auditor.enforce import ladder as enforce

    first = enforce.approve(case, "Dana", "", T0, settings.enforce)
    second = enforce.reject(case, "Lee", "no", T0)
    assert cases._write(store, first, len(case.events), T0)
    assert not cases._write(store, second, len(case.events), T0)  # stale read
    with store.session() as session:
        causes = session.scalars(select(CaseEventRow.cause)).all()
    assert len(causes) == len(set(causes))
    assert cases.get_case(store, "C-0001").state is CaseState.REMEDIATION_REQUESTED


def _record_audit(store: Store, a, audit_id: str) -> None:
    with store.session() as session:
        session.add(AuditRow(id=audit_id, org_id=a.org_id, started_at=a.as_of,
                             finished_at=a.as_of, status="done", trigger="cli",
                             assessment=a.model_dump(mode="json")))


def test_sweep_uses_the_latest_audit_and_new_feed_periods(store: Store, settings: Settings) -> None:
    save_orgs(store, [ORG], T0)
    _record_audit(store, assessment(RateState.HIGH), "a1")
    changed = casework.sweep(store, settings, T0)
    assert [c.id for c in changed] == ["C-0001"] and changed[0].pending is not None
    casework.approve(store, settings, "C-0001", "Dana", "ok", T0)
    assert casework.sweep(store, settings, T0 + timedelta(days=1)) == []
    # two new adjoining high periods in the feed: continued high, a new period
    with store.session() as session:
        for start, end in ((date(2026, 2, 1), date(2026, 2, 28)),
                           (date(2026, 3, 1), date(2026, 3, 10))):
            session.add(ViolationRateRow(org_id="acme", period_start=start, period_end=end,
                                         category="all", requests=50_000, violations=5_000,
                                         source="test", imported_at=T0))
    when = T0 + timedelta(days=10)  # before the deadline: the rate alone escalates
    moved = casework.sweep(store, settings, when)
    assert len(moved) == 1 and moved[0].pending is not None
    assert moved[0].pending.to_state is CaseState.FINAL_NOTICE
    assert moved[0].pending.cause == "rate:C-0001:2026-03-10"
    assert casework.sweep(store, settings, when) == []
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(CaseEventRow)) == len(
            cases.get_case(store, "C-0001").events)
