"""The pure ladder: every rule of auditor.enforce.ladder without a database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from auditor.enforce import ladder as enforce
from auditor.enforce.ladder import Action, decide
from auditor.errors import BadInput
from auditor.models import Case, CaseState, RateState, Safeguard, SafeguardStatus
from auditor.settings import EnforceSettings
from tests.auditor.casekit import PERIOD0, T0, assessment, safeguard

S = EnforceSettings()
AGE = Safeguard.AGE_VERIFICATION


def opened(a=None, settings: EnforceSettings = S) -> Case:
    a = a or assessment()
    d = decide(None, a, T0, settings)
    assert d.action is Action.OPEN
    return enforce.open_case("C-0001", "acme", d, T0)


def proposed(settings: EnforceSettings = S) -> Case:
    case = opened(settings=settings)
    return enforce.step(case, decide(case, assessment(), T0, settings), T0, settings)


def requested() -> Case:
    return enforce.approve(proposed(), "Dana Reviewer", "letter checked", T0, S)


@pytest.mark.parametrize(
    ("state", "missing", "action"),
    [
        (RateState.NORMAL, (AGE,), Action.NONE),
        (RateState.INSUFFICIENT_DATA, (AGE,), Action.NONE),
        (RateState.HIGH, (), Action.NONE),
        (RateState.HIGH, (AGE,), Action.OPEN),
        (RateState.CONTINUED_HIGH, (AGE,), Action.OPEN),
    ],
)
def test_a_case_opens_only_on_high_rate_and_missing_safeguard(state, missing, action) -> None:
    assert decide(None, assessment(state, missing), T0, S).action is action


def test_contradicted_counts_as_missing_but_unobservable_does_not() -> None:
    a = assessment(missing=(), statuses={AGE: SafeguardStatus.CONTRADICTED})
    assert decide(None, a, T0, S).missing == (AGE,)
    blind = assessment(missing=())
    blind.safeguards[AGE] = safeguard(AGE, SafeguardStatus.MISSING, could_not_observe=True)
    assert decide(None, blind, T0, S).action is Action.NONE


def test_opening_names_each_missing_safeguard_with_evidence() -> None:
    case = opened(assessment(missing=(AGE, Safeguard.CONTENT_MODERATION)))
    assert case.state is CaseState.MONITORING and case.pending is None
    assert case.missing_safeguards == [AGE, Safeguard.CONTENT_MODERATION]
    assert "age_verification" in case.events[0].reason
    assert case.events[0].evidence[0].url == "https://acme.example/signup"


def test_remediation_request_waits_for_a_person() -> None:
    case = proposed()
    assert case.state is CaseState.MONITORING
    assert case.pending is not None and case.pending.to_state is CaseState.REMEDIATION_REQUESTED
    assert case.pending.sends_message
    assert case.pending.cause == f"remediation:C-0001:{PERIOD0.isoformat()}"
    assert decide(case, assessment(), T0, S).action is Action.NONE  # waits


def test_approval_moves_one_step_and_sets_the_deadline() -> None:
    case = requested()
    assert case.state is CaseState.REMEDIATION_REQUESTED and case.pending is None
    assert case.deadline == T0 + timedelta(days=30)
    assert case.events[-1].actor == "Dana Reviewer" and case.events[-1].kind == "approved"
    assert enforce.owed_message(case) is case.events[-1]


def test_first_notice_may_go_without_approval_but_nothing_after() -> None:
    lax = EnforceSettings(first_notice_without_approval=True)
    case = opened(settings=lax)
    d = decide(case, assessment(), T0, lax)
    assert d.action is Action.APPLY
    case = enforce.step(case, d, T0, lax)
    assert case.state is CaseState.REMEDIATION_REQUESTED and case.events[-1].actor == "system"
    later = T0 + timedelta(days=31)
    d2 = decide(case, assessment(as_of=later), later, lax)
    assert d2.action is Action.PROPOSE and d2.to_state is CaseState.FINAL_NOTICE
    with pytest.raises(ValueError, match="only the first"):
        enforce.step(case, enforce.Decision(Action.APPLY, "x", cause="c",
                                            to_state=CaseState.FINAL_NOTICE), later, lax)


def test_same_period_does_not_escalate_even_when_continued_high() -> None:
    case = requested()
    a = assessment(RateState.CONTINUED_HIGH)
    assert decide(case, a, T0 + timedelta(days=1), S).action is Action.NONE


def test_missed_deadline_escalates_to_final_notice_once() -> None:
    case = requested()
    late = T0 + timedelta(days=30)
    d = decide(case, assessment(as_of=late), late, S)
    assert d.action is Action.PROPOSE and d.to_state is CaseState.FINAL_NOTICE
    assert d.cause == f"deadline:C-0001:{case.deadline.isoformat()}"
    case = enforce.step(case, d, late, S)
    case = enforce.approve(case, "Dana Reviewer", "", late, S)
    assert case.state is CaseState.FINAL_NOTICE
    assert case.deadline == late + timedelta(days=S.final_notice_days)
    assert decide(case, assessment(as_of=late), late, S).action is Action.NONE


def test_deadline_passes_harmlessly_when_the_safeguard_is_attested() -> None:
    case = requested()
    late = T0 + timedelta(days=40)
    a = assessment(RateState.HIGH, (), statuses={AGE: SafeguardStatus.ATTESTED_UNVERIFIED})
    assert decide(case, a, late, S).action is Action.NONE


def test_continued_high_in_a_new_period_escalates() -> None:
    case = requested()
    a = assessment(RateState.CONTINUED_HIGH, (), period_end=date(2026, 3, 31))
    d = decide(case, a, T0 + timedelta(days=5), S)
    assert d.to_state is CaseState.FINAL_NOTICE and d.cause == "rate:C-0001:2026-03-31"


def _at_final_notice() -> Case:
    case = requested()
    late = T0 + timedelta(days=30)
    case = enforce.step(case, decide(case, assessment(as_of=late), late, S), late, S)
    return enforce.approve(case, "Dana Reviewer", "", late, S)


@pytest.mark.parametrize(("repeat", "target"), [
    (False, CaseState.SUSPENSION_RECOMMENDED), (True, CaseState.TERMINATION_RECOMMENDED)])
def test_final_notice_leads_to_a_recommendation(repeat: bool, target: CaseState) -> None:
    case = _at_final_notice()
    later = T0 + timedelta(days=60)
    d = decide(case, assessment(as_of=later), later, S, repeat=repeat)
    assert d.to_state is target and not d.sends_message
    case = enforce.step(case, d, later, S)
    assert case.pending is not None and not case.pending.sends_message
    case = enforce.approve(case, "Lee Counsel", "agreed", later, S)
    assert case.state is target and enforce.owed_message(case) is None
    d = decide(case, assessment(as_of=later), later, S)
    assert d.to_state is CaseState.DECIDED and d.sends_message  # the decision letter
    case = enforce.approve(enforce.step(case, d, later, S), "Lee Counsel", "decided", later, S)
    assert case.state is CaseState.DECIDED and case.closed_at == later
    assert case.outcome == ("terminated" if repeat else "suspended")
    owed = enforce.owed_message(case)
    assert owed is not None and owed.actor == "Lee Counsel"


def test_rejection_keeps_the_state_and_spends_the_cause() -> None:
    case = enforce.reject(proposed(), "Dana Reviewer", "rate feed is wrong", T0)
    assert case.state is CaseState.MONITORING and case.pending is None
    assert decide(case, assessment(), T0, S).action is Action.NONE
    d = decide(case, assessment(period_end=date(2026, 3, 31)), T0, S)
    assert d.action is Action.PROPOSE and d.cause == "remediation:C-0001:2026-03-31"


def test_resolution_needs_safeguards_and_a_normal_rate() -> None:
    case = proposed()
    fixed_but_high = assessment(RateState.HIGH, ())
    assert decide(case, fixed_but_high, T0, S).action is Action.NONE
    d = decide(case, assessment(RateState.NORMAL, ()), T0, S)
    assert d.action is Action.RESOLVE
    done = enforce.step(case, d, T0, S)
    assert done.state is CaseState.RESOLVED and done.pending is None
    assert [e.kind for e in done.events[-2:]] == ["cancelled", "resolved"]


def test_observed_but_unattested_settles_a_safeguard() -> None:
    a = assessment(RateState.NORMAL, (), statuses={AGE: SafeguardStatus.OBSERVED_UNATTESTED})
    assert decide(requested(), a, T0, S).action is Action.RESOLVE


def test_a_closed_case_is_not_reopened_by_evidence_it_already_saw() -> None:
    closed_at = T0 + timedelta(days=1)
    assert decide(None, assessment(), closed_at, S, closed_at=closed_at).action is Action.NONE
    newer = assessment(as_of=closed_at + timedelta(days=1))
    assert decide(None, newer, closed_at, S, closed_at=closed_at).action is Action.OPEN


def test_people_close_cases_by_hand() -> None:
    assert enforce.close(requested(), "Dana", "fixed by phone", T0).state is CaseState.RESOLVED
    case = _at_final_notice()
    later = T0 + timedelta(days=60)
    case = enforce.approve(enforce.step(case, decide(case, assessment(), later, S), later, S),
                           "Lee", "", later, S)
    closed = enforce.close(case, "Lee", "settled with the org", later)
    assert closed.state is CaseState.DECIDED and closed.outcome == "closed"
    with pytest.raises(BadInput):
        enforce.close(closed, "Lee", "again", later)
    with pytest.raises(BadInput):
        enforce.close(requested(), "Lee", " ", later)


def test_approvals_need_a_pending_step_and_a_person() -> None:
    with pytest.raises(BadInput, match="no step"):
        enforce.approve(requested(), "Dana", "", T0, S)
    with pytest.raises(BadInput, match="person"):
        enforce.approve(proposed(), "system", "", T0, S)
    with pytest.raises(BadInput, match="note"):
        enforce.reject(proposed(), "Dana", "", T0)


def test_step_refuses_to_skip() -> None:
    case = opened()
    skip = enforce.Decision(Action.PROPOSE, "skip", cause="x", to_state=CaseState.FINAL_NOTICE)
    with pytest.raises(ValueError, match="cannot move"):
        enforce.step(case, skip, T0, S)
