"""Builders shared by the enforcement tests: assessments with chosen statuses and rates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from auditor.models import (
    Assessment,
    Evidence,
    RateState,
    Rating,
    Safeguard,
    SafeguardAssessment,
    SafeguardStatus,
    ViolationRate,
    ViolationRateAssessment,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PERIOD0 = date(2026, 2, 28)


def safeguard(sg: Safeguard, status: SafeguardStatus, *, could_not_observe: bool = False,
              check_ids: tuple[str, ...] = ("age.gate_present",)) -> SafeguardAssessment:
    evidence = [] if status is not SafeguardStatus.MISSING else [
        Evidence(url="https://acme.example/signup", snippet="Create your account",
                 locator="form#signup", sha256="ab" * 32)]
    return SafeguardAssessment(safeguard=sg, status=status, reason=f"{sg.value} {status.value}",
                               evidence=evidence, check_ids=list(check_ids),
                               could_not_observe=could_not_observe)


def rate(state: RateState, period_end: date = PERIOD0) -> ViolationRateAssessment:
    start = period_end - timedelta(days=27)
    return ViolationRateAssessment(
        state=state, reason=f"rate {state.value} in period ending {period_end}",
        periods=[ViolationRate(org_id="acme", period_start=start, period_end=period_end,
                               requests=10_000, violations=600)])


def assessment(
    state: RateState = RateState.HIGH,
    missing: tuple[Safeguard, ...] = (Safeguard.AGE_VERIFICATION,),
    *,
    as_of: datetime = T0,
    period_end: date = PERIOD0,
    statuses: dict[Safeguard, SafeguardStatus] | None = None,
    org_id: str = "acme",
) -> Assessment:
    """All safeguards verified except `missing` (or as `statuses` says)."""
    chosen = {sg: SafeguardStatus.VERIFIED for sg in Safeguard}
    chosen.update({sg: SafeguardStatus.MISSING for sg in missing})
    chosen.update(statuses or {})
    return Assessment(
        org_id=org_id, as_of=as_of,
        safeguards={sg: safeguard(sg, st) for sg, st in chosen.items()},
        violation_rate=rate(state, period_end), rating=Rating.NON_COMPLIANT)
