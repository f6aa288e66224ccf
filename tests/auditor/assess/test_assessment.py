"""The assess stage: safeguard statuses, contradictions with evidence, expiry, the rating."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from auditor.assess.assessment import assess
from auditor.models import (
    Attestation,
    Evidence,
    FetchCause,
    Fetcher,
    Finding,
    Organization,
    Page,
    RateState,
    Rating,
    Safeguard,
    SafeguardClaim,
    SafeguardStatus,
    Severity,
    Signal,
    Signer,
    SiteSnapshot,
    Status,
    ViolationRate,
)
from auditor.settings import load_settings

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)
SITE = "https://kids.example/"
COPPA_URL = SITE + "children-privacy"

ORG = Organization(id="kids", name="Kids", url=SITE, contact_email="ops@kids.example",
                   audience="under13")


def ev(url: str = SITE, snippet: str = "seen") -> Evidence:
    return Evidence(url=url, snippet=snippet, locator="body", warc_record_id="<urn:uuid:1>")


def finding(sg: Safeguard | None, status: Status, check_id: str | None = None,
            severity: Severity = Severity.HIGH) -> Finding:
    judged = status in (Status.PASS, Status.FAIL, Status.NEEDS_REVIEW)
    return Finding(
        check_id=check_id or f"{sg.value if sg else 'misc'}.check", org_id="kids", status=status,
        severity=severity, title="t", reason=f"{status.value} on {SITE}",
        evidence=[ev()] if judged else [], safeguard=sg,
    )


def all_pass() -> list[Finding]:
    return [finding(sg, Status.PASS) for sg in Safeguard
            if sg is not Safeguard.CHILD_SAFETY_SYSTEM_PROMPT]


def attestation(valid_until: date = date(2027, 10, 1), **claims: SafeguardClaim) -> Attestation:
    safeguards = {sg: SafeguardClaim(implemented=True, how="yes") for sg in Safeguard}
    safeguards.update({Safeguard(k): v for k, v in claims.items()})
    return Attestation(
        org_id="kids", signer=Signer(name="Ada", role="DPO", email="ada@kids.example"),
        signed_at=date(2026, 10, 1), valid_until=valid_until, safeguards=safeguards,
    )


def page(url: str, *signals: Signal, status: int = 200, fetcher: Fetcher = Fetcher.HTTP,
         outcome: FetchCause = FetchCause.OK) -> Page:
    return Page(url=url, final_url=url, fetched_at=NOW, status=status, outcome=outcome,
                fetcher=fetcher, title="Privacy", text="Our privacy practices.",
                warc_record_id="<urn:uuid:page>", sha256="ab" * 32, signals=list(signals))


def snapshot(*pages: Page) -> SiteSnapshot:
    return SiteSnapshot(org_id="kids", started_at=NOW, pages=list(pages))


def rates(violations: int, periods: int = 1) -> list[ViolationRate]:
    out = []
    for i in range(periods):
        end = date(2026, 11, 1) - timedelta(days=30 * i)
        out.append(ViolationRate(org_id="kids", period_start=end - timedelta(days=29),
                                 period_end=end, requests=10_000, violations=violations))
    return out


def run(findings: list[Finding], att: Attestation | None, rate_rows: list[ViolationRate],
        snap: SiteSnapshot | None = None, **kw: bool):  # type: ignore[no-untyped-def]
    return assess(ORG, findings, att, rate_rows, load_settings(), NOW, snapshot=snap,
                  audit_id="a1", **kw)


# --------------------------------------------------------------------------- safeguards


def test_compliant_org() -> None:
    snap = snapshot(page(COPPA_URL, Signal(name="coppa_notice", value=True,
                                           evidence=[ev(COPPA_URL, "COPPA notice")])))
    att = attestation(coppa_statement=SafeguardClaim(implemented=True, url=COPPA_URL))
    result = run(all_pass(), att, rates(10), snap)
    statuses = {sg: s.status for sg, s in result.safeguards.items()}
    assert statuses[Safeguard.CHILD_SAFETY_SYSTEM_PROMPT] is SafeguardStatus.ATTESTED_UNVERIFIED
    assert "not publicly observable" in result.safeguards[
        Safeguard.CHILD_SAFETY_SYSTEM_PROMPT].reason
    assert all(s is SafeguardStatus.VERIFIED for sg, s in statuses.items()
               if sg is not Safeguard.CHILD_SAFETY_SYSTEM_PROMPT)
    coppa = result.safeguards[Safeguard.COPPA_STATEMENT]
    assert coppa.evidence[0].snippet == "COPPA notice"
    assert result.violation_rate.state is RateState.NORMAL
    assert result.rating is Rating.COMPLIANT
    assert result.audit_id == "a1"


def test_coppa_url_without_notice_is_contradicted_with_evidence() -> None:
    disclaimer = Signal(name="children_disclaimer", value=True, evidence=[
        ev(COPPA_URL, "Our service is not directed to children under 13.")])
    snap = snapshot(page(COPPA_URL, disclaimer))
    att = attestation(coppa_statement=SafeguardClaim(implemented=True, url=COPPA_URL))
    findings = [f for f in all_pass() if f.safeguard is not Safeguard.COPPA_STATEMENT]
    result = run(findings, att, rates(10), snap)
    coppa = result.safeguards[Safeguard.COPPA_STATEMENT]
    assert coppa.status is SafeguardStatus.CONTRADICTED
    assert COPPA_URL in coppa.reason and "not directed to children" in coppa.reason
    first = coppa.evidence[0]
    assert first.url == COPPA_URL and first.warc_record_id == "<urn:uuid:page>"
    assert first.sha256 == "ab" * 32
    assert "no coppa_notice" in (first.note or "")
    assert "not directed to children" in first.snippet
    assert result.rating is Rating.NON_COMPLIANT
    assert any("coppa_statement contradicted" in r for r in result.reasons)


def test_coppa_url_that_is_gone_is_contradicted() -> None:
    snap = snapshot(page(COPPA_URL, status=404, outcome=FetchCause.HTTP_4XX))
    att = attestation(coppa_statement=SafeguardClaim(implemented=True, url=COPPA_URL + "/"))
    result = run(all_pass(), att, rates(10), snap)
    coppa = result.safeguards[Safeguard.COPPA_STATEMENT]
    assert coppa.status is SafeguardStatus.CONTRADICTED  # even though a check passed
    assert coppa.evidence[0].snippet == "HTTP 404"


def test_failed_checks_contradict_a_public_safeguard() -> None:
    findings = [f for f in all_pass() if f.safeguard is not Safeguard.AI_DISCLOSURE]
    findings.append(finding(Safeguard.AI_DISCLOSURE, Status.FAIL))
    result = run(findings, attestation(), rates(10))
    ai = result.safeguards[Safeguard.AI_DISCLOSURE]
    assert ai.status is SafeguardStatus.CONTRADICTED and ai.evidence
    assert result.rating is Rating.NON_COMPLIANT


def test_unseen_private_safeguard_attested_without_url_is_a_question() -> None:
    findings = [f for f in all_pass() if f.safeguard is not Safeguard.AGE_VERIFICATION]
    findings.append(finding(Safeguard.AGE_VERIFICATION, Status.FAIL))
    result = run(findings, attestation(), rates(10))
    age = result.safeguards[Safeguard.AGE_VERIFICATION]
    assert age.status is SafeguardStatus.ATTESTED_UNVERIFIED and age.evidence
    assert "did not see it" in age.reason
    assert result.rating is Rating.AT_RISK
    # with a URL that was rendered and lacks the signal, it is a contradiction
    url = SITE + "signup"
    att = attestation(age_verification=SafeguardClaim(implemented=True, url=url))
    snap = snapshot(page(url, fetcher=Fetcher.BROWSER))
    age = run(findings, att, rates(10), snap).safeguards[Safeguard.AGE_VERIFICATION]
    assert age.status is SafeguardStatus.CONTRADICTED


def test_script_built_disclosure_is_not_contradicted_without_a_browser() -> None:
    chat = SITE + "chat"
    att = attestation(ai_disclosure=SafeguardClaim(implemented=True, url=chat))
    findings = [f for f in all_pass() if f.safeguard is not Safeguard.AI_DISCLOSURE]
    plain = run(findings, att, rates(10), snapshot(page(chat)))
    ai = plain.safeguards[Safeguard.AI_DISCLOSURE]
    assert ai.status is SafeguardStatus.ATTESTED_UNVERIFIED and ai.could_not_observe
    assert "could not observe" in ai.reason
    assert plain.rating is Rating.INCOMPLETE
    failing = [*findings, finding(Safeguard.AI_DISCLOSURE, Status.FAIL)]
    ai = run(failing, att, rates(10), snapshot(page(chat))).safeguards[Safeguard.AI_DISCLOSURE]
    assert ai.status is SafeguardStatus.ATTESTED_UNVERIFIED and ai.could_not_observe
    assert "not taken as a contradiction" in ai.reason
    rendered = run(findings, att, rates(10), snapshot(page(chat, fetcher=Fetcher.BROWSER)))
    assert rendered.safeguards[Safeguard.AI_DISCLOSURE].status is SafeguardStatus.CONTRADICTED


def test_observed_unattested_and_missing() -> None:
    findings = [finding(Safeguard.AI_DISCLOSURE, Status.PASS),
                finding(Safeguard.AGE_VERIFICATION, Status.FAIL)]
    result = run(findings, None, rates(10))
    assert result.safeguards[Safeguard.AI_DISCLOSURE].status is \
        SafeguardStatus.OBSERVED_UNATTESTED
    age = result.safeguards[Safeguard.AGE_VERIFICATION]
    assert age.status is SafeguardStatus.MISSING and not age.could_not_observe
    assert result.rating is Rating.NON_COMPLIANT
    assert "no safeguard attestation on file" in result.reasons[-1]


@pytest.mark.parametrize("status", [Status.BLOCKED, Status.ERROR, Status.NEEDS_REVIEW])
def test_failing_to_look_is_never_missing_silently(status: Status) -> None:
    findings = [f for f in all_pass() if f.safeguard is not Safeguard.COPPA_STATEMENT]
    findings.append(finding(Safeguard.COPPA_STATEMENT, status))
    att = attestation(coppa_statement=SafeguardClaim(implemented=False))
    result = run(findings, att, rates(10))
    coppa = result.safeguards[Safeguard.COPPA_STATEMENT]
    assert coppa.status is SafeguardStatus.MISSING
    assert coppa.could_not_observe and "could not observe" in coppa.reason
    assert result.rating is Rating.INCOMPLETE


def test_not_applicable_is_not_counted() -> None:
    findings = [f for f in all_pass() if f.safeguard is not Safeguard.COPPA_STATEMENT]
    findings.append(finding(Safeguard.COPPA_STATEMENT, Status.NOT_APPLICABLE))
    att = attestation(coppa_statement=SafeguardClaim(implemented=False))
    result = run(findings, att, rates(10))
    assert not result.safeguards[Safeguard.COPPA_STATEMENT].applicable
    assert result.rating is Rating.COMPLIANT


# --------------------------------------------------------------------------- expiry, rates


def test_expired_attestation_is_a_finding() -> None:
    result = run(all_pass(), attestation(valid_until=date(2026, 11, 1)), rates(10))
    expired = [f for f in result.findings if f.check_id == "attestation.expired"]
    assert len(expired) == 1
    assert expired[0].status is Status.FAIL
    assert expired[0].evidence[0].url == "attestation://kids/2026-10-01"
    assert "Ada" in (expired[0].evidence[0].note or "")
    assert result.rating is Rating.AT_RISK
    assert "expired 2026-11-01" in result.safeguards[Safeguard.AGE_VERIFICATION].reason


def test_high_rate_alone_is_at_risk() -> None:
    result = run(all_pass(), attestation(), rates(500))
    assert result.violation_rate.state is RateState.HIGH
    assert result.violation_rate.upper_bound is not None
    assert result.rating is Rating.AT_RISK


def test_high_rate_and_missing_safeguards_is_non_compliant() -> None:
    att = attestation(child_safety_system_prompt=SafeguardClaim(implemented=False))
    findings = all_pass()
    result = run(findings, att, rates(500))
    # the system prompt is recommended, so alone it is only at risk, but not with a high rate
    assert result.safeguards[Safeguard.CHILD_SAFETY_SYSTEM_PROMPT].status is \
        SafeguardStatus.MISSING
    assert result.rating is Rating.NON_COMPLIANT
    assert any("high violation rate while safeguards are not implemented" in r
               for r in result.reasons)
    assert run(findings, att, rates(10)).rating is Rating.AT_RISK


def test_continued_high_rate_is_non_compliant() -> None:
    result = run(all_pass(), attestation(), rates(500, periods=2))
    assert result.violation_rate.state is RateState.CONTINUED_HIGH
    assert result.rating is Rating.NON_COMPLIANT
    deadline = run(all_pass(), attestation(), rates(500), remediation_deadline_passed=True)
    assert deadline.violation_rate.state is RateState.CONTINUED_HIGH


def test_other_orgs_rates_are_ignored_and_mismatch_refused() -> None:
    other = [r.model_copy(update={"org_id": "else"}) for r in rates(5000)]
    assert run(all_pass(), attestation(), other).violation_rate.state is \
        RateState.INSUFFICIENT_DATA
    with pytest.raises(ValueError):
        run(all_pass(), attestation().model_copy(update={"org_id": "else"}), [])


def test_json_shape() -> None:
    data = run(all_pass(), attestation(), rates(10)).model_dump(mode="json")
    assert data["safeguards"]["coppa_statement"]["status"] == "verified"
    assert data["violation_rate"]["state"] == "normal"
    assert data["rating"] == "compliant"
    assert set(data) >= {"org_id", "audit_id", "as_of", "findings", "reasons"}
