"""Case reasons name the missing safeguards and the rate, not every safeguard's reason."""

from __future__ import annotations

from datetime import timedelta

from auditor.enforce import ladder as enforce
from auditor.enforce.ladder import decide
from auditor.models import RateState, Safeguard
from auditor.settings import EnforceSettings
from tests.auditor.casekit import T0, assessment

S = EnforceSettings()
MANY = (Safeguard.AGE_VERIFICATION, Safeguard.MONITORING_REPORTING,
        Safeguard.EDUCATIONAL_RESOURCES, Safeguard.COPPA_STATEMENT, Safeguard.AI_DISCLOSURE)


def _wordy(a):  # type: ignore[no-untyped-def]
    long = "None of the 4 pages fetched (" + ", ".join(f"https://a.example/{i}"
                                                        for i in range(40)) + ") shows it."
    return a.model_copy(update={
        "safeguards": {k: v.model_copy(update={"reason": long})
                       for k, v in a.safeguards.items()},
        "violation_rate": a.violation_rate.model_copy(update={"latest_rate": 0.06,
                                                             "reason": long})})


def test_opening_reason_lists_missing_safeguards_by_name() -> None:
    a = _wordy(assessment(RateState.CONTINUED_HIGH, MANY))
    d = decide(None, a, T0, S)
    assert d.reason == ("violation rate continued high (6.00% in the period ending "
                        "2026-02-28); missing: age_verification, monitoring_reporting, "
                        "educational_resources, coppa_statement, ai_disclosure")
    assert "https://" not in d.reason


def test_deadline_and_rate_reasons_are_short() -> None:
    a = _wordy(assessment(RateState.HIGH, MANY))
    case = enforce.open_case("C-0001", "acme", decide(None, a, T0, S), T0)
    case = enforce.step(case, decide(case, a, T0, S), T0, S)
    case = enforce.approve(case, "Dana", "", T0, S)
    late = T0 + timedelta(days=31)
    d = decide(case, a.model_copy(update={"as_of": late}), late, S)
    assert d.reason.startswith("deadline 2026-04-01 passed; still missing: age_verification")
    assert len(d.reason) < 200 and "https://" not in d.reason
