"""A worked example of one audit, for previews, screenshots and golden tests.

Why in the package: ``scripts/make_screenshots.py``, the golden tests and anyone
previewing a template change need the same realistic org, findings, case and
violation-rate history; building it once keeps the screenshots and the goldens in
step. ``hostile=True`` plants markup taken from a crawled page in the org name, a
snippet and a URL, so escaping is exercised by every render of the example.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from auditor.models import (
    Assessment,
    Audience,
    Case,
    CaseEvent,
    CaseState,
    Evidence,
    Finding,
    Organization,
    PendingStep,
    RateState,
    Rating,
    Safeguard,
    SafeguardAssessment,
    SafeguardStatus,
    Severity,
    Status,
    ViolationRate,
    ViolationRateAssessment,
)
from auditor.publish.labels import COPPA_LAW, POLICY_DISCLOSURE, POLICY_MINORS
from auditor.store import Store

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
HOSTILE_URL = "javascript:window.__pwned=3"


def organization(hostile: bool = False) -> Organization:
    name = f"Brightpath Tutors {PAYLOAD}" if hostile else "Brightpath Tutors"
    return Organization(
        id="brightpath", name=name, url="https://brightpath.example/",
        product_urls=["https://app.brightpath.example/chat"],
        contact_email="compliance@brightpath.example", audience=Audience.UNDER13,
        jurisdictions=["US", "US-CA"], tier="standard", product_kind="tutor",
    )


def _ev(url: str, snippet: str, locator: str, n: int) -> Evidence:
    return Evidence(
        url=url, snippet=snippet, locator=locator,
        warc_record_id=f"<urn:uuid:7c1e0d2a-0000-4000-8000-00000000000{n}>",
        sha256=f"{n:x}" * 64, screenshot_record_id=f"<urn:uuid:5f3b-shot-{n}>",
        fetched_at=NOW - timedelta(hours=2),
    )


def _findings(hostile: bool, round_: int) -> list[Finding]:
    privacy = "https://brightpath.example/privacy"
    snippet = ("We do not knowingly collect personal information from children under 13."
               + (f" {PAYLOAD}" if hostile else ""))
    coppa = Finding(
        check_id="coppa.notice_prominent", org_id="brightpath", status=Status.FAIL,
        severity=Severity.HIGH, title="COPPA notice is prominent and complete",
        reason=f"{privacy} disclaims collecting children's data instead of giving the COPPA "
               "notice a product for under-13s needs.",
        policy_section=f"{POLICY_MINORS}, 2. Regulatory Compliance", legal_refs=[COPPA_LAW],
        remediation="Publish a privacy notice for children that names the operator, what is "
                    "collected, how it is used and how parents give and withdraw consent.",
        evidence=[_ev(HOSTILE_URL if hostile else privacy, snippet, "footer > p:nth-of-type(2)",
                      1)],
        safeguard=Safeguard.COPPA_STATEMENT,
    )
    disclosure_pass = Finding(
        check_id="disclosure.ai_in_product", org_id="brightpath", status=Status.PASS,
        severity=Severity.HIGH, title="Product says users are talking to an AI",
        reason="https://app.brightpath.example/chat tells users the tutor is an AI.",
        policy_section=POLICY_DISCLOSURE,
        evidence=[_ev("https://app.brightpath.example/chat",
                      "Sparky is an AI helper, not a real person.", "#chat-header", 2)],
        safeguard=Safeguard.AI_DISCLOSURE,
    )
    disclosure_fail = disclosure_pass.model_copy(update={
        "status": Status.FAIL,
        "reason": "https://app.brightpath.example/chat no longer tells users the tutor is an "
                  "AI; the chat header now reads 'Chat with Sparky'.",
        "remediation": "Tell users plainly, before and during the chat, that they are talking "
                       "to an AI system and not a person.",
        "evidence": [_ev("https://app.brightpath.example/chat", "Chat with Sparky!",
                         "#chat-header", 3)],
    })
    age = Finding(
        check_id="safeguards.age_assurance", org_id="brightpath", status=Status.NEEDS_REVIEW,
        severity=Severity.MEDIUM, title="Age assurance before the chat",
        reason="https://app.brightpath.example/signup asks for a birth year; whether it gates "
               "the chat needs a person to confirm.",
        policy_section=f"{POLICY_MINORS}, 1. Additional Technical Measures",
        remediation="Check age before a child reaches the chat and route under-13s to a "
                    "parent-consent flow.",
        evidence=[_ev("https://app.brightpath.example/signup", "What year were you born?",
                      "form#signup select[name=year]", 4)],
        safeguard=Safeguard.AGE_VERIFICATION,
    )
    reporting = Finding(
        check_id="safeguards.reporting", org_id="brightpath", status=Status.PASS,
        severity=Severity.MEDIUM, title="Users can report a harmful answer",
        reason="https://app.brightpath.example/chat has a 'Report this answer' button.",
        policy_section=f"{POLICY_MINORS}, 1. Additional Technical Measures",
        evidence=[_ev("https://app.brightpath.example/chat", "Report this answer",
                      "button.report", 5)],
        safeguard=Safeguard.MONITORING_REPORTING,
    )
    education = Finding(
        check_id="safeguards.education", org_id="brightpath", status=Status.BLOCKED,
        severity=Severity.LOW, title="Guidance for minors on safe use",
        reason="https://brightpath.example/parents is disallowed by robots.txt; not read.",
        policy_section=f"{POLICY_MINORS}, 1. Additional Technical Measures",
    )
    if round_ == 0:
        return [coppa.model_copy(update={"status": Status.PASS, "reason": "notice found"}),
                disclosure_pass, age, reporting.model_copy(update={"status": Status.FAIL})]
    return [coppa, disclosure_fail, age, reporting, education]


def _rates(org_id: str) -> list[ViolationRate]:
    figures = [(41000, 390), (43500, 610), (45200, 1004), (47800, 1290)]
    start = date(2026, 8, 1)
    out = []
    for i, (requests, violations) in enumerate(figures):
        s = start.replace(month=start.month + i)
        e = s.replace(day=28)
        out.append(ViolationRate(org_id=org_id, period_start=s, period_end=e,
                                 requests=requests, violations=violations))
    return out


def assessment(hostile: bool = False, *, previous: bool = False) -> Assessment:
    round_ = 0 if previous else 1
    findings = _findings(hostile, round_)
    rates = _rates("brightpath")[: 3 if previous else 4]
    sg = {
        Safeguard.COPPA_STATEMENT: SafeguardAssessment(
            safeguard=Safeguard.COPPA_STATEMENT, status=SafeguardStatus.CONTRADICTED,
            reason="Attested as implemented, but the privacy page disclaims children's data.",
            evidence=findings[0].evidence, check_ids=["coppa.notice_prominent"]),
        Safeguard.AI_DISCLOSURE: SafeguardAssessment(
            safeguard=Safeguard.AI_DISCLOSURE, status=SafeguardStatus.MISSING,
            reason="Not attested and no longer visible in the product.",
            check_ids=["disclosure.ai_in_product"]),
        Safeguard.AGE_VERIFICATION: SafeguardAssessment(
            safeguard=Safeguard.AGE_VERIFICATION, status=SafeguardStatus.ATTESTED_UNVERIFIED,
            reason="Attested; the sign-up form asks for a birth year.",
            check_ids=["safeguards.age_assurance"]),
        Safeguard.MONITORING_REPORTING: SafeguardAssessment(
            safeguard=Safeguard.MONITORING_REPORTING, status=SafeguardStatus.VERIFIED,
            reason="Attested and a report button was observed.",
            check_ids=["safeguards.reporting"]),
        Safeguard.CHILD_SAFETY_SYSTEM_PROMPT: SafeguardAssessment(
            safeguard=Safeguard.CHILD_SAFETY_SYSTEM_PROMPT,
            status=SafeguardStatus.ATTESTED_UNVERIFIED,
            reason="Attested; cannot be observed from outside."),
    }
    latest = rates[-1].rate
    return Assessment(
        org_id="brightpath", audit_id="a-2026-11-30" if not previous else "a-2026-10-31",
        as_of=NOW - (timedelta(days=30) if previous else timedelta(hours=1)),
        findings=findings, safeguards=sg,
        violation_rate=ViolationRateAssessment(
            state=RateState.HIGH if previous else RateState.CONTINUED_HIGH,
            reason="The rate has been above the 2.00% threshold for consecutive months.",
            latest_rate=latest, upper_bound=latest + 0.0021, lower_bound=latest - 0.002,
            threshold=0.02, periods=rates),
        rating=Rating.AT_RISK if previous else Rating.NON_COMPLIANT,
        reasons=["non_compliant: coppa_statement contradicted: attested, but the privacy "
                 "page disclaims children's data",
                 "non_compliant: ai_disclosure missing: not attested, and not observed: "
                 "https://app.brightpath.example/chat no longer tells users the tutor is an AI",
                 "non_compliant: continued high violation rate: 2.70% in the period ending "
                 "2026-11-28, above the 2.00% threshold for consecutive months"],
    )


def case(step: CaseState = CaseState.REMEDIATION_REQUESTED) -> Case:
    opened = NOW - timedelta(days=20)
    final = step is CaseState.FINAL_NOTICE
    return Case(
        id="c-brightpath-1", org_id="brightpath",
        state=CaseState.REMEDIATION_REQUESTED if final else CaseState.MONITORING,
        opened_at=opened, deadline=NOW - timedelta(days=2) if final else None,
        pending=PendingStep(to_state=step, cause=f"audit:a-2026-11-30:{step.value}",
                            reason="required safeguards missing and a continued high "
                                   "violation rate", requested_at=NOW - timedelta(hours=1)),
        missing_safeguards=[Safeguard.COPPA_STATEMENT, Safeguard.AI_DISCLOSURE],
        events=[CaseEvent(at=opened, kind="opened", to_state=CaseState.MONITORING,
                          reason="violation rate above threshold")],
    )


def decided_case(outcome: str) -> Case:
    """The example case after a person approved a suspension or termination."""
    base = case(CaseState.FINAL_NOTICE)
    recommended = (CaseState.TERMINATION_RECOMMENDED if outcome == "terminated"
                   else CaseState.SUSPENSION_RECOMMENDED)
    return base.model_copy(update={
        "state": CaseState.DECIDED, "pending": None, "deadline": None, "outcome": outcome,
        "closed_at": NOW, "events": [*base.events, CaseEvent(
            at=NOW, kind="approved", from_state=recommended, to_state=CaseState.DECIDED,
            actor="Lee Counsel", reason="safeguards still missing after the final notice",
            cause="decision:c-brightpath-1:2026-11-28#approved")],
    })


FLEET = [
    # id, name, rating, rate, latest rate, case state, deadline offset (days)
    ("lumen-learn", "Lumen Learn", Rating.AT_RISK, RateState.HIGH, 0.023,
     CaseState.REMEDIATION_REQUESTED, 5),
    ("storyforge", "StoryForge Kids", Rating.COMPLIANT, RateState.NORMAL, 0.004, None, 0),
    ("pocketpal", "PocketPal Companion", Rating.NON_COMPLIANT, RateState.CONTINUED_HIGH, 0.031,
     CaseState.REMEDIATION_REQUESTED, 21),
    ("quizzly", "Quizzly", Rating.INCOMPLETE, RateState.INSUFFICIENT_DATA, None, None, 0),
    ("mathmate", "MathMate", Rating.COMPLIANT, RateState.NORMAL, 0.009, None, 0),
]


def seed_store(store: Store, hostile: bool = False) -> None:
    """Write a small fleet (orgs, two audits each for the example org, cases) into a
    store, so the summary and the fleet report have something real to read."""
    from auditor.enforce.cases import add_case
    from auditor.registry import save_orgs
    from auditor.store.audits import add_finished

    org = organization(hostile)
    orgs = [org]
    for prev in (True, False):
        add_finished(store, assessment(hostile, previous=prev), "demo")
    c = case(CaseState.FINAL_NOTICE)
    add_case(store, c.model_copy(update={"state": CaseState.FINAL_NOTICE, "pending": None,
                                         "deadline": NOW - timedelta(days=3)}), NOW)
    base = assessment(False)
    for i, (oid, name, rating, rstate, rate, cstate, days) in enumerate(FLEET):
        orgs.append(Organization(id=oid, name=name, url=f"https://{oid}.example/",
                                 contact_email=f"safety@{oid}.example",
                                 audience=Audience.TEENS))
        findings = [f.model_copy(update={"org_id": oid}) for f in base.findings
                    if rating is not Rating.COMPLIANT or f.status is Status.PASS]
        vr = base.violation_rate.model_copy(update={"state": rstate, "latest_rate": rate})
        add_finished(store, base.model_copy(update={
            "org_id": oid, "audit_id": f"a-{oid}", "rating": rating, "findings": findings,
            "violation_rate": vr, "as_of": NOW - timedelta(days=2, hours=i)}), "demo")
        if cstate is not None:
            add_case(store, Case(id=f"c-{oid}", org_id=oid, state=cstate,
                                 opened_at=NOW - timedelta(days=40),
                                 deadline=NOW + timedelta(days=days)), NOW - timedelta(days=1))
        elif rating is Rating.INCOMPLETE:  # a new case whose first step waits for a person
            add_case(store, Case(
                id=f"c-{oid}", org_id=oid, opened_at=NOW - timedelta(hours=3),
                missing_safeguards=[Safeguard.AGE_VERIFICATION, Safeguard.AI_DISCLOSURE],
                pending=PendingStep(
                    to_state=CaseState.REMEDIATION_REQUESTED, cause=f"remediation:c-{oid}:x",
                    reason="violation rate high (2.40% in the period ending 2026-11-28); "
                           "missing: age_verification, ai_disclosure",
                    requested_at=NOW - timedelta(hours=3))), NOW - timedelta(hours=3))
    save_orgs(store, orgs, NOW)
