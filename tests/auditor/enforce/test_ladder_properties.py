"""Property tests: random histories never skip a step, send unapproved, or move twice.

A history is a random sequence of assessments (random safeguard statuses and rate
states, same or new feed period), clock advances, approvals, rejections, hand
closings and re-evaluations of the same assessment. The pure ladder runs it; the
store-level twin in this file runs a shorter one through auditor.enforce.cases and the outbox.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from auditor.enforce import cases
from auditor.enforce import ladder as enforce
from auditor.enforce.ladder import CLOSED_STATES, NEXT, SENDS_MESSAGE
from auditor.errors import BadInput
from auditor.models import Assessment, Case, CaseState, Organization, RateState, Safeguard
from auditor.models import SafeguardStatus as SS
from auditor.run import casework
from auditor.settings import EnforceSettings
from auditor.store import Store
from auditor.store.tables import OutboxRow
from tests.auditor.casekit import PERIOD0, T0, assessment

WATCHED = (Safeguard.AGE_VERIFICATION, Safeguard.CONTENT_MODERATION)
STATUSES = st.sampled_from([SS.VERIFIED, SS.MISSING, SS.CONTRADICTED, SS.ATTESTED_UNVERIFIED,
                            SS.OBSERVED_UNATTESTED])

assess_op = st.tuples(st.just("assess"), st.sampled_from(list(RateState)),
                      st.tuples(STATUSES, STATUSES), st.booleans())
ops = st.lists(st.one_of(
    assess_op,
    st.tuples(st.just("advance"), st.integers(min_value=0, max_value=45)),
    st.just(("approve",)), st.just(("reject",)), st.just(("close",)), st.just(("reeval",)),
), max_size=40)


class World:
    """The pure ladder driven like auditor.enforce.cases drives it, with the clock in hand."""

    def __init__(self, lax: bool) -> None:
        self.settings = EnforceSettings(first_notice_without_approval=lax)
        self.now, self.period = T0, PERIOD0
        self.latest: Assessment | None = None
        self.cases: list[Case] = []

    @property
    def open(self) -> Case | None:
        return self.cases[-1] if self.cases and self.cases[-1].state not in CLOSED_STATES \
            else None

    def _put(self, case: Case | None) -> None:
        if case is None:
            return
        if self.cases and self.cases[-1].id == case.id:
            self.cases[-1] = case
        else:
            self.cases.append(case)

    def run(self, op: tuple) -> None:  # type: ignore[type-arg]
        kind = op[0]
        if kind == "assess":
            _, rate, (age, mod), new_period = op
            if new_period:
                self.period += timedelta(days=30)
            self.latest = assessment(rate, (), as_of=self.now, period_end=self.period,
                                     statuses=dict(zip(WATCHED, (age, mod), strict=True)))
            self.evaluate()
        elif kind == "reeval" and self.latest is not None:
            self.evaluate()
        elif kind == "advance":
            self.now += timedelta(days=op[1])
        elif kind in ("approve", "reject", "close") and self.open is not None:
            case = self.open
            try:
                if kind == "approve":
                    self._put(enforce.approve(case, "Dana", "ok", self.now, self.settings))
                elif kind == "reject":
                    self._put(enforce.reject(case, "Dana", "not convinced", self.now))
                else:
                    self._put(enforce.close(case, "Dana", "settled", self.now))
            except BadInput:
                assert kind != "close" and case.pending is None

    def evaluate(self) -> None:
        assert self.latest is not None
        closed = [c for c in self.cases if c.closed_at is not None]
        self._put(enforce.evaluate(
            self.open, self.latest, self.now, self.settings, new_id=f"C-{len(self.cases) + 1}",
            org_id="acme", closed_at=max((c.closed_at for c in closed if c.closed_at),
                                         default=None),
            repeat=any(c.outcome in ("suspended", "terminated") for c in closed)))


def check_case(case: Case, lax: bool) -> None:
    """The invariants of one case's event log."""
    causes = [e.cause for e in case.events if e.cause]
    assert len(causes) == len(set(causes)), "an event cause repeats (the DB would refuse)"
    state: CaseState | None = None
    moved_on: set[str] = set()
    for e in case.events:
        if e.kind == "opened":
            assert state is None
            state = CaseState.MONITORING
        elif e.kind in ("approved", "applied"):
            assert e.from_state is state and state is not None
            assert e.to_state in NEXT[state], f"skipped from {state} to {e.to_state}"
            base = (e.cause or "").split("#")[0]
            assert base not in moved_on, "moved twice for one cause"
            moved_on.add(base)
            if e.kind == "applied":  # without a person: only the first request, when allowed
                assert lax and e.to_state is CaseState.REMEDIATION_REQUESTED
                assert not any(x.to_state is CaseState.REMEDIATION_REQUESTED
                               and x.kind in ("approved", "applied")
                               for x in case.events[:case.events.index(e)])
            else:
                assert e.actor != "system"
            state = e.to_state
        elif e.kind == "rejected":
            assert e.from_state is state and e.actor != "system"
        elif e.kind in ("resolved", "decided"):
            assert state not in CLOSED_STATES and e.from_state is state
            state = e.to_state
    assert state is case.state
    if case.pending is not None:
        assert case.state not in CLOSED_STATES
        assert case.pending.to_state in NEXT[case.state]


@settings(max_examples=300, deadline=None)
@given(ops=ops, lax=st.booleans())
def test_random_histories_keep_the_ladder(ops: list[tuple], lax: bool) -> None:  # type: ignore[type-arg]
    world = World(lax)
    for op in ops:
        world.run(op)
        for case in world.cases:
            check_case(case, lax)
        assert sum(c.state not in CLOSED_STATES for c in world.cases) <= 1


@settings(max_examples=200, deadline=None)
@given(ops=ops)
def test_reevaluating_the_same_assessment_changes_nothing(ops: list[tuple]) -> None:  # type: ignore[type-arg]
    world = World(False)
    for op in ops:
        world.run(op)
    if world.latest is None:
        return
    before = [c.model_copy(deep=True) for c in world.cases]
    world.run(("reeval",))
    world.run(("reeval",))
    # at most the one step the first re-evaluation may legitimately take; never more
    after = world.cases
    grown = sum(len(a.events) - len(b.events) for a, b in zip(after, before, strict=False))
    assert grown <= 3 and len(after) <= len(before) + 1
    again = [c.model_copy(deep=True) for c in world.cases]
    world.run(("reeval",))
    assert world.cases == again


# --------------------------------------------------------------------------- store


ORG = Organization(id="acme", name="Acme Tutors", url="https://acme.example",
                   contact_email="safety@acme.example", audience="under13")

# weighted towards histories that reach letters: mostly high rates, missing age gates
store_assess = st.tuples(st.just("assess"), st.sampled_from(
    [RateState.HIGH, RateState.CONTINUED_HIGH, RateState.HIGH, RateState.NORMAL]),
    st.tuples(st.sampled_from([SS.MISSING, SS.MISSING, SS.VERIFIED]), STATUSES), st.booleans())
store_ops = st.lists(st.one_of(
    store_assess, store_assess, st.tuples(st.just("advance"), st.sampled_from([1, 20, 31, 45])),
    st.just(("approve",)), st.just(("approve",)), st.just(("reject",)), st.just(("reeval",)),
    st.just(("sweep",)),
), max_size=16)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=store_ops, lax=st.booleans())
@example(ops=[("assess", RateState.HIGH, (SS.MISSING, SS.VERIFIED), False), ("approve",),
              ("advance", 31), ("sweep",), ("approve",), ("reeval",), ("approve",)], lax=False)
@example(ops=[("assess", RateState.CONTINUED_HIGH, (SS.MISSING, SS.MISSING), False),
              ("approve",), ("assess", RateState.CONTINUED_HIGH, (SS.MISSING, SS.MISSING), True),
              ("approve",), ("reeval",), ("approve",)], lax=True)
def test_through_the_store_no_letter_goes_unapproved(
        ops: list[tuple], lax: bool, tmp_path_factory: pytest.TempPathFactory) -> None:  # type: ignore[type-arg]
    from auditor.settings import load_settings

    s = load_settings(data_dir=tmp_path_factory.mktemp("db"), testing=True,
                      enforce={"first_notice_without_approval": lax})
    store = Store(s.database_url)
    now, period, latest, queued = T0, PERIOD0, None, 0
    for op in ops:
        current = next((c for c in cases.list_cases(store) if c.state not in CLOSED_STATES),
                       None)
        if op[0] == "assess":
            _, rate, (age, mod), new_period = op
            period += timedelta(days=30) if new_period else timedelta(0)
            latest = assessment(rate, (), as_of=now, period_end=period,
                                statuses=dict(zip(WATCHED, (age, mod), strict=True)))
            casework.evaluate(store, s, ORG, latest, now)
        elif op[0] == "reeval" and latest is not None:
            casework.evaluate(store, s, ORG, latest, now)
        elif op[0] == "sweep" and current is not None:
            casework.sweep(store, s, now)
        elif op[0] == "advance":
            now += timedelta(days=op[1])
        elif op[0] in ("approve", "reject") and current is not None and current.pending:
            fn = casework.approve if op[0] == "approve" else cases.reject
            fn(store, s, current.id, "Dana", "checked", now)
        all_cases = cases.list_cases(store)
        for case in all_cases:
            check_case(case, lax)
        letters = [(c, e) for c in all_cases for e in c.events
                   if e.kind in ("approved", "applied") and e.to_state in SENDS_MESSAGE]
        with store.session() as session:
            queued = session.scalar(select(func.count()).select_from(OutboxRow))
        assert queued == len(letters), "a letter without an approved step, or one twice"
    event(f"letters queued: {min(queued or 0, 2)}")
    store.dispose()


def test_period_helper_is_a_date() -> None:
    assert date.fromisoformat(enforce.period_key(assessment())) == PERIOD0
