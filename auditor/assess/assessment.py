"""Combine crawl findings, the org's attestation and its violation rates into one verdict.

Pure: everything comes in as arguments, the clock included.

Per safeguard the status is decided in this order:

1. ``contradicted``: attested, but the crawl shows otherwise. Either a page the org
   named as the safeguard's public URL is gone (404/410) or lacks the safeguard's
   signal (the COPPA statement always; other safeguards only when the page was rendered
   in a browser, since a script-built widget is invisible to a plain fetch), or the
   checks for the safeguard failed and none passed. Not for a safeguard that need not
   be public (see ``PUBLIC_BY_POLICY``) attested without a URL, nor when the named page
   itself could not be observed: those stay ``attested_unverified`` with the reason.
2. ``verified``: attested and observed (a passing check, or the signal on the named page).
3. ``attested_unverified``: attested, not observed (not publicly observable, like the
   child-safety system prompt, or we could not look: then the reason says so).
4. ``observed_unattested``: observed, not attested.
5. ``missing``: neither. When a check for it was blocked, errored or awaits review,
   the reason says "could not observe" and ``could_not_observe`` is set: the rating
   then says ``incomplete``, never that the safeguard is absent.

The rating takes the worst of: ``non_compliant`` (a required safeguard missing or
contradicted; a continued high rate; a high rate while safeguards are missing; a
failing high/critical finding), ``at_risk`` (a high rate; the recommended system
prompt missing; an expired attestation; other failing findings), ``incomplete``
(something decisive could not be observed or awaits review), else ``compliant``.
A failing check for a safeguard that is attested but unconfirmed counts as at risk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from auditor.assess.attestations import is_expired
from auditor.assess.ratejudge import judge_rates
from auditor.models import (
    Assessment,
    Attestation,
    Evidence,
    Fetcher,
    Finding,
    Organization,
    Page,
    RateState,
    Rating,
    Safeguard,
    SafeguardAssessment,
    SafeguardClaim,
    SafeguardStatus,
    Severity,
    SiteSnapshot,
    Status,
    ViolationRate,
)
from auditor.settings import Settings

__all__ = ["PUBLIC_BY_POLICY", "RECOMMENDED", "SIGNAL_FOR", "assess", "assess_safeguard"]

SIGNAL_FOR: dict[Safeguard, str] = {
    Safeguard.AGE_VERIFICATION: "age_assurance",
    Safeguard.CONTENT_MODERATION: "content_moderation",
    Safeguard.MONITORING_REPORTING: "reporting_mechanism",
    Safeguard.EDUCATIONAL_RESOURCES: "minors_education",
    Safeguard.COPPA_STATEMENT: "coppa_notice",
    Safeguard.AI_DISCLOSURE: "ai_disclosure",
}
"""The page signal that shows a safeguard on the URL an org names for it."""

RECOMMENDED: frozenset[Safeguard] = frozenset({Safeguard.CHILD_SAFETY_SYSTEM_PROMPT})
"""Safeguards the policy says orgs *should* use (missing: at risk, not non-compliant)."""

_STATIC_TEXT: frozenset[Safeguard] = frozenset({Safeguard.COPPA_STATEMENT})
"""Safeguards stated in static text, so a plain fetch suffices to see them absent."""

PUBLIC_BY_POLICY: frozenset[Safeguard] = frozenset(
    {Safeguard.COPPA_STATEMENT, Safeguard.AI_DISCLOSURE}
)
"""Safeguards the policy requires to be shown to the public or the user: not seeing
them on the site contradicts an attestation. Others (an age check after sign-in, a
moderation pipeline) may be real yet invisible to a crawl, so not seeing them is
reported, not held against a signed statement."""

_MAX_EVIDENCE = 5


@dataclass
class _UrlCheck:
    """What the page at a claimed URL showed."""

    shown: bool = False
    contradicts: bool = False
    unobserved: str | None = None
    reason: str = ""
    evidence: list[Evidence] = field(default_factory=list)


def _find_page(snapshot: SiteSnapshot | None, url: str) -> Page | None:
    if snapshot is None:
        return None
    for candidate in (url, url.rstrip("/"), url.rstrip("/") + "/"):
        page = snapshot.page(candidate)
        if page is not None:
            return page
    return None


def _page_evidence(page: Page, snippet: str, locator: str, note: str) -> Evidence:
    return Evidence(
        url=page.final_url or page.url, snippet=snippet, locator=locator,
        warc_record_id=page.warc_record_id, sha256=page.sha256,
        screenshot_record_id=page.screenshot_record_id, fetched_at=page.fetched_at, note=note,
    )


def _check_url(sg: Safeguard, url: str, snapshot: SiteSnapshot | None) -> _UrlCheck:
    page = _find_page(snapshot, url)
    if page is None:
        return _UrlCheck(reason=f"the named page {url} was not crawled")
    if page.status in (404, 410):
        note = f"attested {sg.value} page answers HTTP {page.status}"
        return _UrlCheck(
            contradicts=True, reason=f"the named page {url} answers HTTP {page.status}",
            evidence=[_page_evidence(page, f"HTTP {page.status}", "http-status", note)],
        )
    if page.outcome.value not in ("ok", "not_modified"):
        why = page.reason or page.outcome.value
        return _UrlCheck(unobserved=f"could not observe the named page {url}: {why}")
    name = SIGNAL_FOR.get(sg)
    if name is None:
        return _UrlCheck(reason=f"{sg.value} has no page signal")
    signal = page.signal(name)
    if signal is not None and signal.value:
        return _UrlCheck(
            shown=True, reason=f"the named page {url} shows {name}", evidence=list(signal.evidence)
        )
    if sg not in _STATIC_TEXT and page.fetcher is not Fetcher.BROWSER:
        return _UrlCheck(
            unobserved=f"could not observe {name} on {url} without a browser (it may be "
            "built by a script)"
        )
    disclaimer = page.signal("children_disclaimer")
    evidence = list(disclaimer.evidence) if disclaimer is not None and disclaimer.value else []
    snippet = evidence[0].snippet if evidence else (page.title or page.text[:200])
    evidence.insert(0, _page_evidence(
        page, snippet, "page", f"attested {sg.value} page shows no {name} signal"
    ))
    also = " and says it is not directed to children" if len(evidence) > 1 else ""
    return _UrlCheck(
        contradicts=True, reason=f"the named page {url} shows no {name}{also}", evidence=evidence
    )


def _cannot_observe(findings: list[Finding]) -> list[str]:
    out = []
    for f in findings:
        if f.status in (Status.BLOCKED, Status.ERROR):
            out.append(f"could not observe ({f.check_id}, {f.status.value}): {f.reason}")
        elif f.status is Status.NEEDS_REVIEW:
            out.append(f"could not observe ({f.check_id} awaits review): {f.reason}")
    return out


def _evidence_of(findings: list[Finding]) -> list[Evidence]:
    return [e for f in findings for e in f.evidence][:_MAX_EVIDENCE]


def assess_safeguard(
    sg: Safeguard,
    findings: list[Finding],
    claim: SafeguardClaim | None,
    snapshot: SiteSnapshot | None,
    *,
    stale: str = "",
) -> SafeguardAssessment:
    """One safeguard's status from its findings, the org's claim and the claimed page."""
    ids = sorted({f.check_id for f in findings})
    applicable = not findings or any(f.status is not Status.NOT_APPLICABLE for f in findings)
    passed = [f for f in findings if f.status is Status.PASS]
    failed = [f for f in findings if f.status is Status.FAIL]
    unseen = _cannot_observe(findings)
    attested = claim is not None and claim.implemented
    page = _check_url(sg, claim.url, snapshot) if attested and claim and claim.url else None

    def made(status: SafeguardStatus, reason: str, evidence: list[Evidence],
             could_not: bool = False) -> SafeguardAssessment:
        return SafeguardAssessment(
            safeguard=sg, status=status, reason=reason + stale, evidence=evidence[:_MAX_EVIDENCE],
            check_ids=ids, could_not_observe=could_not, applicable=applicable,
        )

    if page is not None and page.contradicts:
        return made(SafeguardStatus.CONTRADICTED, f"attested, but {page.reason}", page.evidence)
    if attested and (passed or (page is not None and page.shown)):
        why = page.reason if page is not None and page.shown else f"{passed[0].check_id} passed"
        return made(SafeguardStatus.VERIFIED, f"attested and observed: {why}",
                    (page.evidence if page is not None and page.shown else [])
                    + _evidence_of(passed))
    if attested and failed and page is not None and page.unobserved:
        return made(SafeguardStatus.ATTESTED_UNVERIFIED,
                    f"attested; {page.unobserved}, so the failing {failed[0].check_id} "
                    "is not taken as a contradiction", _evidence_of(failed), could_not=True)
    if attested and failed and sg not in PUBLIC_BY_POLICY and not (claim and claim.url):
        return made(SafeguardStatus.ATTESTED_UNVERIFIED,
                    f"attested without a public page; the crawl did not see it: "
                    f"{failed[0].reason}", _evidence_of(failed))
    if attested and failed:
        return made(SafeguardStatus.CONTRADICTED,
                    f"attested, but the crawl shows otherwise: {failed[0].reason}",
                    _evidence_of(failed))
    if attested:
        unseen += [page.unobserved] if page is not None and page.unobserved else []
        if unseen:
            return made(SafeguardStatus.ATTESTED_UNVERIFIED,
                        "attested; " + "; ".join(unseen), [], could_not=True)
        why = "not publicly observable" if not findings else "not seen by the crawl"
        if page is not None and page.reason:
            why += f" ({page.reason})"
        return made(SafeguardStatus.ATTESTED_UNVERIFIED, f"attested, {why}", [])
    said = "attested as not implemented" if claim is not None else "not attested"
    if passed:
        return made(SafeguardStatus.OBSERVED_UNATTESTED,
                    f"{said}, but observed: {passed[0].reason}", _evidence_of(passed))
    if not applicable:
        return made(SafeguardStatus.MISSING, f"{said}; not applicable to this organization", [])
    if unseen:
        return made(SafeguardStatus.MISSING, f"{said}; " + "; ".join(unseen), [], could_not=True)
    if failed:
        return made(SafeguardStatus.MISSING, f"{said}, and not observed: {failed[0].reason}",
                    _evidence_of(failed))
    return made(SafeguardStatus.MISSING, f"{said}, and no check observed it", [])


def _expired_finding(org: Organization, att: Attestation) -> Finding:
    name = f"attestation://{org.id}/{att.signed_at.isoformat()}"
    return Finding(
        check_id="attestation.expired", org_id=org.id, status=Status.FAIL,
        severity=Severity.MEDIUM, title="Safeguard attestation expired",
        reason=f"the attestation signed by {att.signer.name} on {att.signed_at.isoformat()} "
        f"was valid until {att.valid_until.isoformat()}",
        remediation="Have a responsible person review the safeguards and sign a new "
        "attestation (`auditor attest template`), then send it to the auditor.",
        evidence=[Evidence(
            url=name, snippet=f"valid_until: {att.valid_until.isoformat()}",
            locator="valid_until",
            note=f"attestation of {org.id} signed {att.signed_at.isoformat()} by "
            f"{att.signer.name} ({att.signer.role})",
        )],
    )


_ORDER = {Rating.COMPLIANT: 0, Rating.INCOMPLETE: 1, Rating.AT_RISK: 2, Rating.NON_COMPLIANT: 3}


def _rate(
    safeguards: dict[Safeguard, SafeguardAssessment],
    findings: list[Finding],
    rate_state: RateState,
    rate_reason: str,
    expired: bool,
) -> tuple[Rating, list[str]]:
    verdicts: list[tuple[Rating, str]] = []
    absent = [
        s for s in safeguards.values()
        if s.applicable and not s.could_not_observe
        and s.status in (SafeguardStatus.MISSING, SafeguardStatus.CONTRADICTED)
    ]
    for s in absent:
        level = Rating.AT_RISK if s.safeguard in RECOMMENDED and \
            s.status is SafeguardStatus.MISSING else Rating.NON_COMPLIANT
        verdicts.append((level, f"{s.safeguard.value} {s.status.value}: {s.reason}"))
    for s in safeguards.values():
        if s.applicable and s.could_not_observe:
            verdicts.append((Rating.INCOMPLETE, f"{s.safeguard.value}: {s.reason}"))
    required_absent = [s for s in absent if s.safeguard not in RECOMMENDED]
    if rate_state is RateState.CONTINUED_HIGH:
        verdicts.append((Rating.NON_COMPLIANT, f"continued high violation rate: {rate_reason}"))
    elif rate_state is RateState.HIGH and absent:
        verdicts.append((Rating.NON_COMPLIANT, "high violation rate while safeguards are not "
                         f"implemented ({', '.join(s.safeguard.value for s in absent)}): "
                         f"{rate_reason}"))
    elif rate_state is RateState.HIGH:
        verdicts.append((Rating.AT_RISK, f"high violation rate: {rate_reason}"))
    if expired:
        verdicts.append((Rating.AT_RISK, "the safeguard attestation has expired"))
    covered = {s.safeguard for s in required_absent} | {
        s.safeguard for s in safeguards.values() if s.could_not_observe
    }
    # a signed statement we could not confirm on the site: a question, not a breach
    attested_only = {
        s.safeguard for s in safeguards.values()
        if s.status is SafeguardStatus.ATTESTED_UNVERIFIED
    }
    for f in findings:
        if f.advisory or f.check_id == "attestation.expired" or f.safeguard in covered:
            continue
        if f.status is Status.FAIL:
            serious = f.severity in (Severity.HIGH, Severity.CRITICAL)
            level = Rating.NON_COMPLIANT if serious and f.safeguard not in attested_only \
                else Rating.AT_RISK
            verdicts.append((level, f"{f.check_id} failed: {f.reason}"))
        elif f.status in (Status.BLOCKED, Status.ERROR, Status.NEEDS_REVIEW) and \
                f.safeguard is None:
            verdicts.append((Rating.INCOMPLETE, _cannot_observe([f])[0]))
    if not verdicts:
        return Rating.COMPLIANT, [
            "every safeguard verified, attested or observed; no failing checks; violation "
            f"rate {rate_state.value}"
        ]
    verdicts.sort(key=lambda v: -_ORDER[v[0]])
    return verdicts[0][0], [f"{level.value}: {why}" for level, why in verdicts]


def assess(
    org: Organization,
    findings: list[Finding],
    attestation: Attestation | None,
    rates: list[ViolationRate],
    settings: Settings,
    as_of: datetime,
    *,
    snapshot: SiteSnapshot | None = None,
    audit_id: str | None = None,
    remediation_deadline_passed: bool = False,
) -> Assessment:
    """The assessment of one org at `as_of` (see the module docstring for the rules)."""
    if attestation is not None and attestation.org_id != org.id:
        raise ValueError(f"attestation for {attestation.org_id!r} given for {org.id!r}")
    expired = attestation is not None and is_expired(attestation, as_of)
    stale = ""
    if expired and attestation is not None:
        stale = f" (attestation expired {attestation.valid_until.isoformat()})"
    claims = attestation.safeguards if attestation is not None else {}
    safeguards = {
        sg: assess_safeguard(
            sg, [f for f in findings if f.safeguard is sg], claims.get(sg), snapshot,
            stale=stale if sg in claims else "",
        )
        for sg in Safeguard
    }
    all_findings = list(findings)
    if expired and attestation is not None:
        all_findings.append(_expired_finding(org, attestation))
    rate = judge_rates(
        [r for r in rates if r.org_id == org.id], tier=org.tier, feeds=settings.feeds,
        as_of=as_of, remediation_deadline_passed=remediation_deadline_passed,
    )
    rating, reasons = _rate(safeguards, all_findings, rate.state, rate.reason, expired)
    if attestation is None:
        reasons.append("note: no safeguard attestation on file")
    return Assessment(
        org_id=org.id, audit_id=audit_id, as_of=as_of, findings=all_findings,
        safeguards=safeguards, violation_rate=rate, rating=rating, reasons=reasons,
    )
