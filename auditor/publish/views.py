"""View models: everything a report template shows, decided here in Python.

Why: templates only render (STYLE section 9). Sorting, labels, colours, counts,
"is this overdue?" and "what changed since the previous audit?" are plain functions
of the models and the clock passed in, so a test pins them without a template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from auditor.models import (
    Assessment,
    Case,
    Evidence,
    Finding,
    Organization,
    SiteSnapshot,
    Status,
)
from auditor.publish import labels as L


@dataclass(frozen=True)
class EvidenceView:
    url: str
    snippet: str
    locator: str
    archive_record: str
    sha256: str
    screenshot_record: str
    fetched_at: str


@dataclass(frozen=True)
class FindingView:
    anchor: str
    check_id: str
    title: str
    status: str
    status_label: str
    tone: str
    severity_label: str
    severity_tone: str
    reason: str
    requirement: str
    legal_refs: list[str]
    remediation: str
    evidence: list[EvidenceView]
    advisory: bool
    review: str
    change: str


@dataclass(frozen=True)
class SafeguardView:
    label: str
    status_label: str
    tone: str
    reason: str
    evidence: list[EvidenceView]


@dataclass(frozen=True)
class PeriodView:
    label: str
    rate: str
    width: int
    tone: str
    requests: int
    violations: int


@dataclass(frozen=True)
class RateView:
    state_label: str
    tone: str
    reason: str
    latest: str
    upper_bound: str
    threshold: str
    threshold_width: int
    periods: list[PeriodView]


@dataclass(frozen=True)
class CaseView:
    id: str
    state_label: str
    tone: str
    opened: str
    deadline: str
    deadline_note: str
    overdue: bool
    pending: str
    missing: list[str]
    events: list[tuple[str, str, str]]


@dataclass(frozen=True)
class ChangeItem:
    kind: str
    title: str
    detail: str
    url: str = ""
    check_id: str = ""


@dataclass(frozen=True)
class ChangesView:
    has_previous: bool
    previous_as_of: str
    new: list[ChangeItem] = field(default_factory=list)
    regressed: list[ChangeItem] = field(default_factory=list)
    resolved: list[ChangeItem] = field(default_factory=list)
    disappeared: list[ChangeItem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.new or self.regressed or self.resolved or self.disappeared)


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    tone: str


@dataclass(frozen=True)
class ReportView:
    org_name: str
    org_id: str
    org_url: str
    audience: str
    jurisdictions: str
    tier: str
    audit_id: str
    as_of: str
    generated_at: str
    rating_label: str
    rating_tone: str
    reasons: list[str]
    tiles: list[Tile]
    findings: list[FindingView]
    safeguards: list[SafeguardView]
    rate: RateView
    case: CaseView | None
    changes: ChangesView
    crawl_note: str


def evidence_view(ev: Evidence) -> EvidenceView:
    return EvidenceView(
        url=ev.url,
        snippet=ev.snippet,
        locator=ev.locator,
        archive_record=ev.warc_record_id or "—",
        sha256=ev.sha256 or "—",
        screenshot_record=ev.screenshot_record_id or "—",
        fetched_at=L.when(ev.fetched_at),
    )


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Worst first: status, then severity, then check id for a stable order."""
    return sorted(
        findings,
        key=lambda f: (f.advisory, L.STATUS_ORDER[f.status], L.SEVERITY_ORDER[f.severity],
                       f.check_id),
    )


def _failing(f: Finding) -> bool:
    return f.status in (Status.FAIL, Status.NEEDS_REVIEW) and not f.advisory


def compare(current: Assessment, previous: Assessment | None) -> ChangesView:
    """What moved since `previous`: new, regressed and resolved findings by check id,
    and statements (evidence snippets behind a pass) that are no longer on the page."""
    if previous is None:
        return ChangesView(has_previous=False, previous_as_of="")
    before = {f.check_id: f for f in previous.findings}
    now = {f.check_id: f for f in current.findings}
    new, regressed, resolved, gone = [], [], [], []
    for f in sort_findings(current.findings):
        old = before.get(f.check_id)
        if not _failing(f):
            continue
        if old is None:
            new.append(ChangeItem("new", f.title, f.reason, check_id=f.check_id))
        elif old.status is Status.PASS:
            regressed.append(ChangeItem("regressed", f.title, f.reason, check_id=f.check_id))
    for f in sort_findings(previous.findings):
        cur = now.get(f.check_id)
        if _failing(f) and cur is not None and cur.status is Status.PASS:
            resolved.append(ChangeItem("resolved", f.title, cur.reason, check_id=f.check_id))
        if f.status is not Status.PASS:
            continue
        seen = {(e.url, e.snippet) for e in (cur.evidence if cur else [])}
        seen_text = {e.snippet for e in (cur.evidence if cur else [])}
        for ev in f.evidence:
            if ev.snippet and (ev.url, ev.snippet) not in seen and ev.snippet not in seen_text:
                gone.append(ChangeItem("disappeared", f.title, ev.snippet, ev.url, f.check_id))
    return ChangesView(True, L.when(previous.as_of), new, regressed, resolved, gone)


def finding_view(f: Finding, change: str = "") -> FindingView:
    status_label, tone = L.STATUS_LABEL[f.status]
    sev_label, sev_tone = L.SEVERITY_LABEL[f.severity]
    review = ""
    if f.review is not None:
        review = f"{f.review.verdict} by {f.review.by} on {L.when(f.review.at)}: {f.review.note}"
    return FindingView(
        anchor="f-" + f.check_id.replace(".", "-"),
        check_id=f.check_id,
        title=f.title,
        status=f.status.value,
        status_label=status_label,
        tone=tone,
        severity_label=sev_label,
        severity_tone=sev_tone,
        reason=f.reason,
        requirement=f.policy_section or "—",
        legal_refs=list(f.legal_refs),
        remediation=f.remediation,
        evidence=[evidence_view(e) for e in f.evidence],
        advisory=f.advisory,
        review=review,
        change=change,
    )


def rate_view(assessment: Assessment) -> RateView:
    vr = assessment.violation_rate
    label, tone = L.RATE_LABEL[vr.state]
    periods = sorted(vr.periods, key=lambda p: p.period_start)[-12:]
    top = max([p.rate for p in periods] + [vr.threshold or 0.0, 1e-9])
    views = []
    for p in periods:
        high = vr.threshold is not None and p.rate > vr.threshold
        views.append(PeriodView(
            label=f"{p.period_start:%Y-%m-%d} – {p.period_end:%Y-%m-%d}",
            rate=L.pct(p.rate), width=L.bar_width(p.rate, top),
            tone="bad" if high else "good", requests=p.requests, violations=p.violations,
        ))
    return RateView(
        state_label=label, tone=tone, reason=vr.reason, latest=L.pct(vr.latest_rate),
        upper_bound=L.pct(vr.upper_bound), threshold=L.pct(vr.threshold),
        threshold_width=L.bar_width(vr.threshold or 0.0, top), periods=views,
    )


def case_view(case: Case, now: datetime) -> CaseView:
    label, tone = L.CASE_LABEL[case.state]
    overdue = case.deadline is not None and case.deadline < now
    note = ""
    if case.deadline is not None:
        days = (case.deadline - now).days
        note = f"overdue by {-days} days" if overdue else f"{days} days left"
    pending = ""
    if case.pending is not None:
        pending = (f"Awaiting approval: {L.CASE_LABEL[case.pending.to_state][0]} "
                   f"({case.pending.reason})")
    events = [(L.when(e.at), e.actor, e.reason or e.kind) for e in case.events[-8:]]
    return CaseView(
        id=case.id, state_label=label, tone=tone, opened=L.when(case.opened_at),
        deadline=L.when(case.deadline), deadline_note=note, overdue=overdue,
        pending=pending, missing=[L.SAFEGUARD_LABEL[s] for s in case.missing_safeguards],
        events=events,
    )


def _tiles(assessment: Assessment, case: Case | None, now: datetime) -> list[Tile]:
    counts = {s: 0 for s in Status}
    for f in assessment.findings:
        if not f.advisory:
            counts[f.status] += 1
    could_not = counts[Status.BLOCKED] + counts[Status.ERROR]
    rate_label, rate_tone = L.RATE_LABEL[assessment.violation_rate.state]
    tiles = [
        Tile("Failing", str(counts[Status.FAIL]), "bad" if counts[Status.FAIL] else "good"),
        Tile("Needs review", str(counts[Status.NEEDS_REVIEW]),
             "warn" if counts[Status.NEEDS_REVIEW] else "neutral"),
        Tile("Passing", str(counts[Status.PASS]), "good"),
        Tile("Could not check", str(could_not), "warn" if could_not else "neutral"),
        Tile("Violation rate", rate_label, rate_tone),
    ]
    if case is not None:
        label, tone = L.CASE_LABEL[case.state]
        tiles.append(Tile("Case", label, "bad" if case_view(case, now).overdue else tone))
    return tiles


def report_view(
    org: Organization,
    assessment: Assessment,
    *,
    snapshot: SiteSnapshot | None,
    case: Case | None,
    previous: Assessment | None,
    now: datetime,
) -> ReportView:
    """The finished view model of one org's audit report."""
    changes = compare(assessment, previous)
    change_of = {c.check_id: c.kind for c in changes.new + changes.regressed}
    rating_label, rating_tone = L.RATING_LABEL[assessment.rating]
    safeguards = []
    for sg in sorted(assessment.safeguards.values(), key=lambda s: list(L.SAFEGUARD_LABEL).index(
            s.safeguard)):
        label, tone = L.SAFEGUARD_STATUS_LABEL[sg.status]
        safeguards.append(SafeguardView(L.SAFEGUARD_LABEL[sg.safeguard], label, tone, sg.reason,
                                        [evidence_view(e) for e in sg.evidence]))
    crawl_note = ""
    if snapshot is not None:
        ok = len(snapshot.ok_pages)
        crawl_note = (f"{ok} of {len(snapshot.pages)} pages read"
                      f" between {L.when(snapshot.started_at)} and {L.when(snapshot.finished_at)}")
    return ReportView(
        org_name=org.name, org_id=org.id, org_url=org.url,
        audience={"under13": "Children under 13", "teens": "Teenagers",
                  "general": "General audience"}[org.audience.value],
        jurisdictions=", ".join(org.jurisdictions) or "—", tier=org.tier,
        audit_id=assessment.audit_id or "—", as_of=L.when(assessment.as_of),
        generated_at=L.when(now), rating_label=rating_label, rating_tone=rating_tone,
        reasons=list(assessment.reasons), tiles=_tiles(assessment, case, now),
        findings=[finding_view(f, change_of.get(f.check_id, ""))
                  for f in sort_findings(assessment.findings)],
        safeguards=safeguards, rate=rate_view(assessment),
        case=case_view(case, now) if case is not None else None,
        changes=changes, crawl_note=crawl_note,
    )
