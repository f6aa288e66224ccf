"""View models: everything a report template shows, decided here in Python.

Why: templates only render (STYLE section 9). Sorting, labels, colours, counts,
"is this overdue?" and "what changed since the previous audit?" are plain functions
of the models and the clock passed in, so a test pins them without a template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from auditor.enforce.ladder import deadline_passed
from auditor.models import (
    Assessment,
    Attestation,
    Case,
    Evidence,
    Finding,
    Organization,
    Rating,
    SiteSnapshot,
    Status,
)
from auditor.publish import labels as L
from auditor.publish.changes import AuditDiff, PageChange
from auditor.publish.evidence import Context, EvidenceMedia, Shot
from auditor.publish.reasons import LEVEL_TONE, brief
from auditor.publish.regressions import ChangesView, compare, sort_findings
from auditor.publish.safeguard_table import SafeguardRow, attestation_note, safeguard_rows

EVIDENCE_SHOWN = 3
"""Pieces of evidence shown open under a finding; the rest are collapsed."""
SAFEGUARD_NAMES = {k.value: v for k, v in L.SAFEGUARD_LABEL.items()}
_LINE_CLASS = {"+": "add", "-": "del", "@": "gap"}


@dataclass(frozen=True)
class EvidenceView:
    url: str
    snippet: str
    locator: str
    archive_record: str
    sha256: str
    screenshot_record: str
    fetched_at: str
    note: str = ""
    shot: Shot | None = None
    context: Context | None = None


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
    details: str = ""
    """The full reason, when the one shown is its short form."""
    pages: list[str] = field(default_factory=list)
    """The pages the reason listed inline, shown collapsed."""
    more_evidence: list[EvidenceView] = field(default_factory=list)


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
    commands: list[str] = field(default_factory=list)
    """What a person runs to act on the case now."""


@dataclass(frozen=True)
class ReasonView:
    """One reason for the rating: its level as a badge, a sentence, the rest collapsed."""

    level: str
    tone: str
    short: str
    details: str


@dataclass(frozen=True)
class PageChangeView:
    """A page that matters, changed since the previous audit, with its paragraph diff."""

    role: str
    title: str
    url: str
    status: str
    summary: str
    lines: list[tuple[str, str]]
    truncated: bool


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
    reasons: list[ReasonView]
    tiles: list[Tile]
    findings: list[FindingView]
    safeguards: list[SafeguardView]
    safeguard_table: list[SafeguardRow]
    attestation_note: str
    rate: RateView
    case: CaseView | None
    changes: ChangesView
    page_changes: list[PageChangeView]
    crawl_note: str


def evidence_view(ev: Evidence, media: EvidenceMedia | None = None) -> EvidenceView:
    return EvidenceView(
        url=ev.url,
        snippet=ev.snippet,
        locator=ev.locator,
        archive_record=ev.warc_record_id or "—",
        sha256=ev.sha256 or "—",
        screenshot_record=ev.screenshot_record_id or "—",
        fetched_at=L.when(ev.fetched_at),
        note=ev.note or "",
        shot=media.shot(ev) if media is not None else None,
        context=media.context(ev) if media is not None else None,
    )


def _distinct(evidence: list[Evidence]) -> list[Evidence]:
    """Evidence once per (url, locator, snippet): checks often cite the same span twice."""
    seen: dict[tuple[str, str, str], Evidence] = {}
    for ev in evidence:
        seen.setdefault((ev.url, ev.locator, ev.snippet), ev)
    return list(seen.values())


def finding_view(f: Finding, change: str = "", media: EvidenceMedia | None = None
                 ) -> FindingView:
    status_label, tone = L.STATUS_LABEL[f.status]
    sev_label, sev_tone = L.SEVERITY_LABEL[f.severity]
    review = ""
    if f.review is not None:
        review = f"{f.review.verdict} by {f.review.by} on {L.when(f.review.at)}: {f.review.note}"
    said = brief(f.reason)
    evidence = [evidence_view(e, media) for e in _distinct(f.evidence)]
    return FindingView(
        anchor="f-" + f.check_id.replace(".", "-"),
        check_id=f.check_id,
        title=f.title,
        status=f.status.value,
        status_label=status_label,
        tone=tone,
        severity_label=sev_label,
        severity_tone=sev_tone,
        reason=said.short,
        requirement=f.policy_section or "—",
        legal_refs=list(f.legal_refs),
        remediation=f.remediation,
        evidence=evidence[:EVIDENCE_SHOWN],
        advisory=f.advisory,
        review=review,
        change=change,
        details=said.more,
        pages=said.urls if len(said.urls) > 1 else [],
        more_evidence=evidence[EVIDENCE_SHOWN:],
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
    overdue = deadline_passed(case.deadline, now)
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
        events=events, commands=case_commands(case, now),
    )


def case_commands(case: Case, now: datetime) -> list[str]:
    """The commands that act on a case as it stands: approve or reject a waiting step,
    or sweep when its deadline has passed."""
    if case.pending is not None:
        return [f'auditor cases approve {case.id} --by "Your Name" --note "..."',
                f'auditor cases reject {case.id} --by "Your Name" --note "why"']
    if deadline_passed(case.deadline, now):
        return ["auditor cases sweep", f"auditor cases show {case.id}"]
    return []


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


def reason_views(reasons: list[str]) -> list[ReasonView]:
    """The rating's reasons, each a short sentence with its level; the rest collapsed."""
    out = []
    levels = {r.value: r for r in Rating}
    for text in reasons:
        said = brief(text, nested=True, names=SAFEGUARD_NAMES)
        rating = levels.get(said.level)
        label = L.RATING_LABEL[rating][0] if rating is not None else said.level.title()
        out.append(ReasonView(label, LEVEL_TONE.get(said.level, "neutral"), said.short,
                              said.more))
    return out


def page_change_view(change: PageChange) -> PageChangeView:
    return PageChangeView(
        role=change.role, title=change.title, url=change.url, status=change.status,
        summary=change.summary,
        lines=[(_LINE_CLASS.get(ln.op, "ctx"), ln.text) for ln in change.lines],
        truncated=change.truncated,
    )


def report_view(
    org: Organization,
    assessment: Assessment,
    *,
    snapshot: SiteSnapshot | None,
    case: Case | None,
    previous: Assessment | None,
    now: datetime,
    media: EvidenceMedia | None = None,
    attestation: Attestation | None = None,
    page_diff: AuditDiff | None = None,
) -> ReportView:
    """The finished view model of one org's audit report.

    `media` carries screenshots and paragraphs from the archive, `attestation` the
    signed statement the audit weighed, `page_diff` how the pages that matter changed
    since the previous audit; without one, its part of the report says so or is left out.
    """
    changes = compare(assessment, previous)
    change_of = {c.check_id: c.kind for c in changes.new + changes.regressed}
    rating_label, rating_tone = L.RATING_LABEL[assessment.rating]
    safeguards = []
    for sg in sorted(assessment.safeguards.values(), key=lambda s: list(L.SAFEGUARD_LABEL).index(
            s.safeguard)):
        label, tone = L.SAFEGUARD_STATUS_LABEL[sg.status]
        safeguards.append(SafeguardView(L.SAFEGUARD_LABEL[sg.safeguard], label, tone, sg.reason,
                                        [evidence_view(e, media) for e in sg.evidence]))
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
        reasons=reason_views(assessment.reasons), tiles=_tiles(assessment, case, now),
        findings=[finding_view(f, change_of.get(f.check_id, ""), media)
                  for f in sort_findings(assessment.findings)],
        safeguards=safeguards,
        safeguard_table=safeguard_rows(assessment, attestation, now),
        attestation_note=attestation_note(attestation, assessment.as_of),
        rate=rate_view(assessment),
        case=case_view(case, now) if case is not None else None,
        changes=changes,
        page_changes=[page_change_view(c) for c in page_diff.pages] if page_diff else [],
        crawl_note=crawl_note,
    )
