"""The enforcement ladder as pure decisions: a case, an assessment and the clock in.

The policy: an organization with a high violation rate that has not implemented the
safeguards may be asked to implement them; failing that, or with a continued high
rate, its account may be suspended or terminated. Here that reads::

    monitoring ─► remediation_requested ─► final_notice ─┬► suspension_recommended ─┬► decided
                                                         └► termination_recommended ┘
    any open state ─► resolved   (named safeguards verified, nothing missing, rate normal)

* open a case: rate ``high`` or ``continued_high`` AND a safeguard ``missing`` or
  ``contradicted``; the case starts in ``monitoring`` and proposes the remediation request;
* escalate one step: the deadline passed while a named safeguard is still missing, OR
  the rate is ``continued_high`` in a feed period newer than the one the last step weighed;
* one step at a time, and one move per cause (``remediation:<case>:<period>``,
  ``deadline:<case>:<when>``, ``rate:<case>:<period>``, ``decision:<case>:<period>``):
  a cause once proposed or applied is spent, whatever a person then says;
* every step waits for a person as a :class:`PendingStep`, except the first
  remediation request when ``enforce.first_notice_without_approval`` is set;
  resolving sends nothing and needs nobody.

Nothing here does I/O: :mod:`auditor.enforce.cases` loads, saves and queues the letters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal

from auditor.errors import BadInput
from auditor.models import (
    Assessment,
    Case,
    CaseEvent,
    CaseState,
    Evidence,
    PendingStep,
    RateState,
    Safeguard,
    SafeguardStatus,
)
from auditor.settings import EnforceSettings

Outcome = Literal["suspended", "terminated", "closed"]

CLOSED_STATES = frozenset({CaseState.DECIDED, CaseState.RESOLVED})
OPEN_STATES = frozenset(set(CaseState) - CLOSED_STATES)
NEXT: dict[CaseState, frozenset[CaseState]] = {
    CaseState.MONITORING: frozenset({CaseState.REMEDIATION_REQUESTED}),
    CaseState.REMEDIATION_REQUESTED: frozenset({CaseState.FINAL_NOTICE}),
    CaseState.FINAL_NOTICE: frozenset(
        {CaseState.SUSPENSION_RECOMMENDED, CaseState.TERMINATION_RECOMMENDED}
    ),
    CaseState.SUSPENSION_RECOMMENDED: frozenset({CaseState.DECIDED}),
    CaseState.TERMINATION_RECOMMENDED: frozenset({CaseState.DECIDED}),
}
"""The only forward moves; resolving (or a person closing) is allowed from any open state."""

SENDS_MESSAGE = frozenset({CaseState.REMEDIATION_REQUESTED, CaseState.FINAL_NOTICE,
                           CaseState.DECIDED})
"""Steps that write to the organization once a person approves them: the remediation
request, the final notice, and the decision (the suspension or termination letter).
A recommendation is internal; a case a person closes without a decision sends nothing."""

HIGH_RATES = frozenset({RateState.HIGH, RateState.CONTINUED_HIGH})
FAILING = frozenset({SafeguardStatus.MISSING, SafeguardStatus.CONTRADICTED})
SYSTEM = "system"


class Action(StrEnum):
    NONE = "none"
    OPEN = "open"  # create a case in `monitoring`, then decide again
    PROPOSE = "propose"  # a step waiting for a person
    APPLY = "apply"  # a step taken at once (only the first remediation request, if allowed)
    RESOLVE = "resolve"


@dataclass(frozen=True)
class Decision:
    """What the ladder proposes; :mod:`auditor.enforce.cases` carries it out."""

    action: Action
    reason: str
    cause: str | None = None
    to_state: CaseState | None = None
    outcome: Outcome | None = None
    missing: tuple[Safeguard, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    period: str | None = None

    @property
    def sends_message(self) -> bool:
        return self.to_state in SENDS_MESSAGE


# --------------------------------------------------------------------------- reading


def deadline_passed(deadline: datetime | None, now: datetime) -> bool:
    """The one rule for "the deadline has passed": from the deadline's instant on."""
    return deadline is not None and now >= deadline


def _failing(assessment: Assessment, s: Safeguard) -> bool:
    """Seen to be absent: missing or contradicted, applicable, and not merely unobserved."""
    a = assessment.safeguards.get(s)
    return a is not None and a.status in FAILING and a.applicable and not a.could_not_observe


def _settled(assessment: Assessment, s: Safeguard) -> bool:
    """Verified as far as it can be: observed, or attested when no check can observe it."""
    a = assessment.safeguards.get(s)
    if a is None or a.could_not_observe:
        return False
    return a.status in (SafeguardStatus.VERIFIED, SafeguardStatus.OBSERVED_UNATTESTED) or (
        a.status is SafeguardStatus.ATTESTED_UNVERIFIED and not a.check_ids)


def missing_safeguards(assessment: Assessment) -> list[Safeguard]:
    """Safeguards seen to be missing or contradicting what the org attested, in enum order.

    One that could not be observed (blocked, error, awaiting review) is not "missing":
    a case is never opened on what we failed to see.
    """
    return [s for s in Safeguard if _failing(assessment, s)]


def period_key(assessment: Assessment) -> str:
    """The feed period an assessment speaks for: its latest period end, else its date."""
    periods = assessment.violation_rate.periods
    if periods:
        return max(p.period_end for p in periods).isoformat()
    return assessment.as_of.date().isoformat()


def spent_causes(case: Case) -> set[str]:
    """Causes already acted on; ``cause#approved`` and friends count for ``cause``."""
    return {e.cause.split("#", 1)[0] for e in case.events if e.cause}


def is_resolved(case: Case, assessment: Assessment) -> bool:
    """Every safeguard the case named is settled and the rate is back to normal."""
    return assessment.violation_rate.state is RateState.NORMAL and all(
        _settled(assessment, s) for s in case.missing_safeguards)


def _outstanding(case: Case, assessment: Assessment) -> list[Safeguard]:
    """Named safeguards still seen missing: failure to act needs evidence, not silence."""
    return [s for s in case.missing_safeguards if _failing(assessment, s)]


def _evidence(assessment: Assessment, safeguards: list[Safeguard]) -> tuple[Evidence, ...]:
    return tuple(ev for s in safeguards for ev in assessment.safeguards[s].evidence)


def _describe(safeguards: list[Safeguard]) -> str:
    """The safeguards by name only: each one's own reason is in the assessment and the
    report, and repeating them made a case reason a paragraph nobody reads."""
    return ", ".join(s.value for s in safeguards)


def _rate_note(assessment: Assessment) -> str:
    """``continued high (5.80% in the period ending 2026-10-31)``: the figure, not the working."""
    rate = assessment.violation_rate
    state = rate.state.value.replace("_", " ")
    if rate.latest_rate is None:
        return state
    return f"{state} ({rate.latest_rate * 100:.2f}% in the period ending {period_key(assessment)})"


# --------------------------------------------------------------------------- deciding


def decide(
    case: Case | None,
    assessment: Assessment,
    now: datetime,
    settings: EnforceSettings,
    *,
    closed_at: datetime | None = None,
    repeat: bool = False,
) -> Decision:
    """The one next move for `case` (or for an org without an open case).

    `closed_at` is when the org's last case closed: evidence already weighed then does
    not reopen it. `repeat` says an earlier case ended in suspension or termination,
    which turns the last recommendation into termination.
    """
    rate = assessment.violation_rate
    missing = missing_safeguards(assessment)
    period = period_key(assessment)
    if case is None or case.state in CLOSED_STATES:
        if rate.state not in HIGH_RATES or not missing:
            return Decision(Action.NONE, "no high rate with missing safeguards")
        if closed_at is not None and assessment.as_of <= closed_at:
            return Decision(Action.NONE, "assessment predates the last case's closing")
        return Decision(Action.OPEN, _open_reason(assessment, missing), missing=tuple(missing),
                        evidence=_evidence(assessment, missing), period=period)

    if is_resolved(case, assessment):
        return Decision(Action.RESOLVE, "safeguards verified and violation rate normal",
                        cause=f"resolved:{case.id}", period=period)
    if case.pending is not None:
        return Decision(Action.NONE, f"waiting for a person to decide on {case.pending.to_state}")
    spent = spent_causes(case)
    newer = case.rate_period is None or period > case.rate_period

    if case.state is CaseState.MONITORING:
        cause = f"remediation:{case.id}:{period}"
        if rate.state in HIGH_RATES and missing and cause not in spent and newer:
            first = not any(e.to_state is CaseState.REMEDIATION_REQUESTED for e in case.events)
            action = (Action.APPLY if settings.first_notice_without_approval and first
                      else Action.PROPOSE)
            return Decision(action, _open_reason(assessment, missing), cause=cause,
                            to_state=CaseState.REMEDIATION_REQUESTED, missing=tuple(missing),
                            evidence=_evidence(assessment, missing), period=period)
        return Decision(Action.NONE, "no new period with a high rate and missing safeguards")

    if case.state in (CaseState.REMEDIATION_REQUESTED, CaseState.FINAL_NOTICE):
        to_state = _escalation_target(case.state, repeat)
        outstanding = _outstanding(case, assessment)
        if case.deadline is not None and deadline_passed(case.deadline, now) and outstanding:
            cause = f"deadline:{case.id}:{case.deadline.isoformat()}"
            if cause not in spent:
                reason = (f"deadline {case.deadline.date().isoformat()} passed; still "
                          f"missing: {_describe(outstanding)}")
                return Decision(Action.PROPOSE, reason, cause=cause, to_state=to_state,
                                missing=tuple(outstanding),
                                evidence=_evidence(assessment, outstanding), period=period)
        cause = f"rate:{case.id}:{period}"
        if rate.state is RateState.CONTINUED_HIGH and newer and cause not in spent:
            reason = f"violation rate {_rate_note(assessment)}"
            return Decision(Action.PROPOSE, reason, cause=cause, to_state=to_state,
                            missing=tuple(outstanding),
                            evidence=_evidence(assessment, outstanding), period=period)
        return Decision(Action.NONE, "deadline not passed and no new continued-high period")

    # suspension_recommended / termination_recommended: a person decides.
    cause = f"decision:{case.id}:{period}"
    if cause in spent:
        return Decision(Action.NONE, "decision already asked for this period")
    outcome: Outcome = ("terminated" if case.state is CaseState.TERMINATION_RECOMMENDED
                        else "suspended")
    return Decision(Action.PROPOSE, f"{case.state.value.replace('_', ' ')}; account "
                    f"{outcome} on approval", cause=cause, to_state=CaseState.DECIDED,
                    outcome=outcome, period=period)


def _open_reason(assessment: Assessment, missing: list[Safeguard]) -> str:
    return f"violation rate {_rate_note(assessment)}; missing: {_describe(missing)}"


def _escalation_target(state: CaseState, repeat: bool) -> CaseState:
    if state is CaseState.REMEDIATION_REQUESTED:
        return CaseState.FINAL_NOTICE
    return CaseState.TERMINATION_RECOMMENDED if repeat else CaseState.SUSPENSION_RECOMMENDED


def evaluate(
    case: Case | None,
    assessment: Assessment,
    now: datetime,
    settings: EnforceSettings,
    *,
    new_id: str,
    org_id: str,
    closed_at: datetime | None = None,
    repeat: bool = False,
) -> Case | None:
    """Decide and carry out on one fresh assessment: open, then at most one step.

    Returns the case as it now stands (`case` itself when nothing happened), or None
    when the org has no open case and none is needed. `new_id` names a case opened here.
    """
    current = case if case is not None and case.state not in CLOSED_STATES else None
    decision = decide(current, assessment, now, settings, closed_at=closed_at, repeat=repeat)
    if decision.action is Action.NONE:
        return current
    if decision.action is Action.OPEN:
        current = open_case(new_id, org_id, decision, now)
        decision = decide(current, assessment, now, settings, closed_at=closed_at,
                          repeat=repeat)
        if decision.action is Action.NONE:
            return current
    assert current is not None
    return step(current, decision, now, settings)


# --------------------------------------------------------------------------- moving


def open_case(case_id: str, org_id: str, decision: Decision, now: datetime) -> Case:
    """A new case in `monitoring`, naming what is missing."""
    if decision.action is not Action.OPEN:
        raise ValueError(f"cannot open a case on a {decision.action} decision")
    event = CaseEvent(at=now, kind="opened", to_state=CaseState.MONITORING, actor=SYSTEM,
                      reason=decision.reason, cause=f"opened:{case_id}",
                      evidence=list(decision.evidence))
    return Case(id=case_id, org_id=org_id, opened_at=now,
                missing_safeguards=list(decision.missing), events=[event])


def step(case: Case, decision: Decision, now: datetime, settings: EnforceSettings) -> Case:
    """Carry out a PROPOSE, APPLY or RESOLVE decision on a copy of `case`."""
    new = case.model_copy(deep=True)
    if decision.action is Action.RESOLVE:
        return _close(new, CaseState.RESOLVED, None, SYSTEM, decision.reason, now,
                      decision.cause)
    if decision.action not in (Action.PROPOSE, Action.APPLY) or decision.to_state is None \
            or decision.cause is None:
        raise ValueError(f"nothing to carry out for a {decision.action} decision")
    if decision.to_state not in NEXT.get(case.state, frozenset()):
        raise ValueError(f"{case.state} cannot move to {decision.to_state}")
    if case.pending is not None:
        raise ValueError(f"case {case.id} already waits on {case.pending.to_state}")
    if decision.action is Action.APPLY and decision.to_state is not CaseState.REMEDIATION_REQUESTED:
        raise ValueError("only the first remediation request may go without approval")
    if decision.missing and decision.to_state is CaseState.REMEDIATION_REQUESTED:
        new.missing_safeguards = list(decision.missing)
    new.rate_period = decision.period or new.rate_period
    if decision.action is Action.APPLY:
        return _move(new, decision.to_state, None, SYSTEM, decision.reason, now, decision.cause,
                     settings, kind="applied", evidence=list(decision.evidence))
    new.pending = PendingStep(to_state=decision.to_state, cause=decision.cause,
                              reason=decision.reason, requested_at=now,
                              sends_message=decision.sends_message, outcome=decision.outcome)
    new.events.append(CaseEvent(at=now, kind="proposed", from_state=case.state,
                                to_state=decision.to_state, actor=SYSTEM, reason=decision.reason,
                                cause=decision.cause, evidence=list(decision.evidence)))
    return new


def approve(case: Case, by: str, note: str, now: datetime, settings: EnforceSettings) -> Case:
    """A person approves the pending step: the case moves one step."""
    pending = _pending(case, by)
    new = case.model_copy(deep=True)
    new.pending = None
    return _move(new, pending.to_state, pending.outcome, by, note or pending.reason, now,
                 f"{pending.cause}#approved", settings, kind="approved")


def reject(case: Case, by: str, note: str, now: datetime) -> Case:
    """A person rejects the pending step: the case stays put and the cause is spent."""
    pending = _pending(case, by)
    if not note.strip():
        raise BadInput("a rejection needs a note saying why")
    new = case.model_copy(deep=True)
    new.pending = None
    new.events.append(CaseEvent(at=now, kind="rejected", from_state=case.state,
                                to_state=pending.to_state, actor=by, reason=note,
                                cause=f"{pending.cause}#rejected"))
    return new


def close(case: Case, by: str, note: str, now: datetime) -> Case:
    """A person closes the case: `decided (closed)` after a recommendation, else `resolved`."""
    if case.state in CLOSED_STATES:
        raise BadInput(f"case {case.id} is already {case.state.value}")
    if not by.strip() or not note.strip():
        raise BadInput("closing a case needs --by and --note")
    new = case.model_copy(deep=True)
    if case.state in (CaseState.SUSPENSION_RECOMMENDED, CaseState.TERMINATION_RECOMMENDED):
        return _close(new, CaseState.DECIDED, "closed", by, note, now, f"closed:{case.id}")
    return _close(new, CaseState.RESOLVED, None, by, note, now, f"resolved:{case.id}")


def _pending(case: Case, by: str) -> PendingStep:
    if case.pending is None:
        raise BadInput(f"case {case.id} has no step waiting for approval")
    if not by.strip() or by.strip().lower() == SYSTEM:
        raise BadInput("an approval or rejection needs the name of a person (--by)")
    return case.pending


def _move(case: Case, to_state: CaseState, outcome: Outcome | None, actor: str, reason: str,
          now: datetime, cause: str, settings: EnforceSettings, *, kind: str,
          evidence: list[Evidence] | None = None) -> Case:
    if to_state not in NEXT.get(case.state, frozenset()):
        raise ValueError(f"{case.state} cannot move to {to_state}")
    case.events.append(CaseEvent(at=now, kind=kind, from_state=case.state, to_state=to_state,
                                 actor=actor, reason=reason, cause=cause,
                                 evidence=evidence or []))
    case.state = to_state
    if to_state is CaseState.REMEDIATION_REQUESTED:
        case.deadline = now + timedelta(days=settings.deadline_days)
    elif to_state is CaseState.FINAL_NOTICE:
        case.deadline = now + timedelta(days=settings.final_notice_days)
    else:
        case.deadline = None
    if to_state is CaseState.DECIDED:
        case.outcome = outcome
        case.closed_at = now
    return case


def _close(case: Case, to_state: CaseState, outcome: Outcome | None, actor: str, reason: str,
           now: datetime, cause: str | None) -> Case:
    if case.pending is not None:
        case.events.append(CaseEvent(at=now, kind="cancelled", from_state=case.state,
                                     to_state=case.pending.to_state, actor=actor,
                                     reason="case closed before the step was decided",
                                     cause=f"{case.pending.cause}#cancelled"))
        case.pending = None
    case.events.append(CaseEvent(at=now, kind=to_state.value, from_state=case.state,
                                 to_state=to_state, actor=actor, reason=reason, cause=cause))
    case.state, case.outcome, case.deadline, case.closed_at = to_state, outcome, None, now
    return case


def owed_message(case: Case) -> CaseEvent | None:
    """The last move if it writes to the org and no message has been queued for it yet.

    The approval is saved before the letter is queued, so a crash in between leaves a
    debt that the next approve or sweep pays (the outbox key keeps it to one letter).
    """
    moves = [e for e in case.events if e.kind in ("approved", "applied")]
    if not moves or moves[-1].to_state not in SENDS_MESSAGE or moves[-1].to_state is not case.state:
        return None
    last = moves[-1]
    base = (last.cause or "").split("#", 1)[0]
    if any(e.kind == "message_queued" and e.cause == f"{base}#message" for e in case.events):
        return None
    return last


def message_queued(case: Case, move: CaseEvent, now: datetime, message_key: str) -> Case:
    """Record that the letter for `move` is in the outbox."""
    new = case.model_copy(deep=True)
    base = (move.cause or "").split("#", 1)[0]
    new.events.append(CaseEvent(at=now, kind="message_queued", from_state=case.state,
                                to_state=case.state, actor=move.actor,
                                reason=f"letter queued ({message_key})", cause=f"{base}#message"))
    return new
