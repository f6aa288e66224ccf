"""The periodic compliance summary for the trust-and-safety team.

Why read the store and not the pipeline: the summary is about the fleet over a
period (a week or a month), after the audits are done. It compares each org's
latest finished audit at the end of the period with its latest audit before the
period began, so "new" and "regressed" mean the same thing as in an org's report.

It also tells the team's queue as it stands when the summary is written: the cases
waiting for a person's approval, the findings waiting for review and the deadlines
that passed, each with the command that acts on it; and the pages that matter
(children's notice, privacy policy, terms, chat pages) that changed during the period,
compared in the audits' archives (:mod:`auditor.publish.changes`).

Periods: ``2026-W48`` (ISO week), ``2026-11`` (month) or ``2026-11-30`` (day),
optionally followed by a label (``2026-11-30-demo``) that names a separate summary
of the same days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from auditor.assess.review import review_queue
from auditor.enforce import cases
from auditor.enforce.ladder import OPEN_STATES, deadline_passed
from auditor.errors import BadInput, ConfigError
from auditor.models import Assessment, Case, Message, Rating
from auditor.publish import labels as L
from auditor.publish.changes import diff_audits
from auditor.publish.reasons import brief
from auditor.publish.regressions import compare
from auditor.publish.render import render
from auditor.publish.transports import message_id_for, new_message
from auditor.publish.views import case_commands
from auditor.registry import list_orgs
from auditor.settings import Settings
from auditor.store import Store, audits

CASE_ROWS = [s for s in L.CASE_LABEL if s in OPEN_STATES][::-1]
"""Open case states in ladder order, from monitoring up to a recommendation."""
DUE_SOON = timedelta(days=7)
TOP_RATES = 5
QUEUE_MAX = 20
"""Queue items listed per kind; the count says how many there are in all."""


@dataclass(frozen=True)
class BarRow:
    label: str
    value: str
    width: int
    tone: str
    text_bar: str


@dataclass(frozen=True)
class ChangeRow:
    org: str
    title: str
    severity: str
    detail: str


@dataclass(frozen=True)
class QueueRow:
    """One thing waiting for a person, and the command that acts on it."""

    org: str
    item: str
    what: str
    detail: str
    command: str


@dataclass(frozen=True)
class QueueView:
    approvals: list[QueueRow]
    reviews: list[QueueRow]
    overdue: list[QueueRow]
    approvals_total: int
    reviews_total: int
    overdue_total: int

    @property
    def empty(self) -> bool:
        return not (self.approvals_total or self.reviews_total or self.overdue_total)


@dataclass(frozen=True)
class DueRow:
    org: str
    state: str
    tone: str
    deadline: str
    note: str


@dataclass(frozen=True)
class SummaryView:
    period: str
    start: str
    end: str
    generated_at: str
    orgs: int
    audited: int
    ratings: list[BarRow]
    cases: list[BarRow]
    new: list[ChangeRow]
    regressed: list[ChangeRow]
    due: list[DueRow]
    rates: list[BarRow]
    threshold: str
    queue: QueueView
    policy: list[ChangeRow]
    awaiting_approval: int


def default_period(now: datetime) -> str:
    """The ISO week that contains `now`, e.g. ``2026-W49``."""
    year, week, _ = now.isocalendar()
    return f"{year}-W{week:02d}"


def period_bounds(period: str) -> tuple[datetime, datetime]:
    """[start, end) of a period string, in UTC; a malformed period is a ConfigError."""
    labelled = re.fullmatch(r"(\d{4}-W\d{2}|\d{4}-\d{2}-\d{2}|\d{4}-\d{2})(-[a-z][a-z0-9_]*)?",
                            period)
    base = labelled[1] if labelled else period
    try:
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", base):
            start_day = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            end_day = start_day + timedelta(days=7)
        elif m := re.fullmatch(r"(\d{4})-(\d{2})", base):
            start_day = date(int(m[1]), int(m[2]), 1)
            end_day = (start_day + timedelta(days=32)).replace(day=1)
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", base):
            start_day = date.fromisoformat(base)
            end_day = start_day + timedelta(days=1)
        else:
            raise ValueError("expected YYYY-Www, YYYY-MM or YYYY-MM-DD")
    except ValueError as exc:
        raise ConfigError(f"period {period!r}: {exc}") from None
    start = datetime.combine(start_day, datetime.min.time(), tzinfo=UTC)
    return start, datetime.combine(end_day, datetime.min.time(), tzinfo=UTC)


def _text_bar(width: int) -> str:
    return "#" * round(width / 5)


def _latest(rows: list[audits.FinishedAssessment], before: datetime
            ) -> audits.FinishedAssessment | None:
    for row in rows:  # newest first
        if row.started_at < before:
            return row
    return None


def _baseline(rows: list[audits.FinishedAssessment], start: datetime,
              latest: audits.FinishedAssessment) -> audits.FinishedAssessment | None:
    """What the period's pages are compared with: the last audit before the period, else
    the period's first audit (so a change between two audits in the period shows)."""
    before = _latest(rows, start)
    if before is not None:
        return before
    earliest = rows[-1] if rows else None
    return earliest if earliest is not None and earliest.audit_id != latest.audit_id else None


def _policy_changes(store: Store, name: str, before: audits.FinishedAssessment | None,
                    after: audits.FinishedAssessment) -> list[ChangeRow]:
    """"Policy changed" items: the org's pages that matter, changed between two audits."""
    if before is None:
        return []
    try:
        diff = diff_audits(store, before.audit_id, after.audit_id)
    except BadInput:  # an audit without an archive (imported, or evidence removed)
        return []
    return [ChangeRow(name, f"{c.role[:1].upper()}{c.role[1:]} changed", "",
                      f"{c.summary} {c.url}") for c in diff.pages]


def queue_view(store: Store, names: dict[str, str], open_cases: list[Case], now: datetime
               ) -> QueueView:
    """What waits for a person now: approvals, reviews, passed deadlines, with commands."""
    approvals, overdue = [], []
    for c in sorted(open_cases, key=lambda c: (c.pending.requested_at if c.pending else now,
                                               c.id)):
        org = names.get(c.org_id, c.org_id)
        if c.pending is not None:
            approvals.append(QueueRow(
                org, c.id, L.CASE_LABEL[c.pending.to_state][0],
                brief(c.pending.reason, limit=160).short, case_commands(c, now)[0]))
        elif deadline_passed(c.deadline, now):
            days = (now - c.deadline).days if c.deadline else 0
            overdue.append(QueueRow(org, c.id, L.CASE_LABEL[c.state][0],
                                    f"deadline {L.when(c.deadline)}, overdue by {days} days",
                                    case_commands(c, now)[0]))
    reviews = [QueueRow(names.get(f.org_id, f.org_id), f.id or "", f.title,
                        brief(f.reason, limit=160).short,
                        f'auditor review decide {f.id} --verdict pass|fail --by "Your Name" '
                        '--note "..."') for f in review_queue(store)]
    return QueueView(approvals[:QUEUE_MAX], reviews[:QUEUE_MAX], overdue[:QUEUE_MAX],
                     len(approvals), len(reviews), len(overdue))


def summary_view(store: Store, period: str, now: datetime) -> SummaryView:
    """Fleet counts, changes, due cases and top violation rates for one period."""
    start, end = period_bounds(period)
    names = {org.id: org.name for org in list_orgs(store)}
    by_org: dict[str, list[audits.FinishedAssessment]] = {}
    for row in audits.finished_assessments(store):
        by_org.setdefault(row.org_id, []).append(row)
    current: dict[str, Assessment] = {}
    new: list[ChangeRow] = []
    regressed: list[ChangeRow] = []
    policy: list[ChangeRow] = []
    for org_id, rows in sorted(by_org.items()):
        found = _latest(rows, end)
        if found is None:
            continue
        latest = found.assessment
        current[org_id] = latest
        name = names.get(org_id, org_id)
        before = _latest(rows, start)
        changes = compare(latest, before.assessment if before else None)
        if not changes.has_previous:
            changes = compare(latest, latest.model_copy(update={"findings": []}))
        policy += _policy_changes(store, name, _baseline(rows, start, found), found)
        sev = {f.check_id: L.SEVERITY_LABEL[f.severity][0] for f in latest.findings}
        new += [ChangeRow(name, c.title, sev.get(c.check_id, ""), c.detail) for c in changes.new]
        regressed += [ChangeRow(name, c.title, sev.get(c.check_id, ""), c.detail)
                      for c in changes.regressed]
    for org_id in current:
        names.setdefault(org_id, org_id)
    total = len(current)
    ratings = []
    for rating, (label, tone) in L.RATING_LABEL.items():
        n = sum(1 for a in current.values() if a.rating is rating)
        ratings.append(BarRow(label, str(n), L.bar_width(n, total), tone if n else "neutral",
                              _text_bar(L.bar_width(n, total))))
    latest_case = cases.latest_cases(store)
    open_cases = [c for c in latest_case.values() if c.state in OPEN_STATES]
    case_bars = []
    waiting = sum(1 for c in open_cases if c.pending is not None)
    for state in CASE_ROWS:
        n = sum(1 for c in open_cases if c.state is state)
        label, tone = L.CASE_LABEL[state]
        width = L.bar_width(n, max(1, len(open_cases)))
        case_bars.append(BarRow(label, str(n), width, tone if n else "neutral",
                                _text_bar(width)))
    width = L.bar_width(waiting, max(1, len(open_cases)))
    case_bars.append(BarRow("Step awaiting approval", str(waiting), width,
                            "warn" if waiting else "neutral", _text_bar(width)))
    due = []
    for c in sorted(open_cases, key=lambda c: c.deadline or now):
        if c.deadline is None or c.deadline > now + DUE_SOON:
            continue
        days = (c.deadline - now).days
        overdue = deadline_passed(c.deadline, now)
        label, _ = L.CASE_LABEL[c.state]
        due.append(DueRow(names.get(c.org_id, c.org_id), label, "bad" if overdue else "warn",
                          L.when(c.deadline),
                          f"overdue by {-days} days" if overdue else f"due in {days} days"))
    with_rate = [(org_id, a) for org_id, a in current.items()
                 if a.violation_rate.latest_rate is not None]
    with_rate.sort(key=lambda x: -(x[1].violation_rate.latest_rate or 0.0))
    thresholds = [a.violation_rate.threshold for _, a in with_rate if a.violation_rate.threshold]
    top = max([a.violation_rate.latest_rate or 0.0 for _, a in with_rate[:TOP_RATES]]
              + thresholds + [1e-9])
    rates = []
    for org_id, a in with_rate[:TOP_RATES]:
        vr = a.violation_rate
        width = L.bar_width(vr.latest_rate or 0.0, top)
        rates.append(BarRow(names[org_id], L.pct(vr.latest_rate), width,
                            L.RATE_LABEL[vr.state][1], _text_bar(width)))
    return SummaryView(
        period=period, start=L.day(start), end=L.day(end - timedelta(seconds=1)),
        generated_at=L.when(now), orgs=len(names), audited=total, ratings=ratings,
        cases=case_bars, new=new, regressed=regressed, due=due, rates=rates,
        threshold=L.pct(max(thresholds)) if thresholds else "n/a",
        queue=queue_view(store, names, open_cases, now), policy=policy,
        awaiting_approval=waiting,
    )


def build_summary(store: Store, settings: Settings, period: str, now: datetime) -> Message:
    """The summary e-mail for `period`, keyed ``summary:<period>`` (queued once)."""
    view = summary_view(store, period, now)
    non_compliant = next(r.value for r in view.ratings
                         if r.label == L.RATING_LABEL[Rating.NON_COMPLIANT][0])
    overdue = sum(1 for d in view.due if d.tone == "bad")
    subject = (f"Compliance summary {period}: {non_compliant} non-compliant, "
               f"{len(view.new) + len(view.regressed)} new or regressed findings, "
               f"{overdue} overdue cases, {view.awaiting_approval} awaiting approval")
    key = f"summary:{period}"
    return new_message(
        idempotency_key=key, message_id=message_id_for(key, settings.mail.from_),
        kind="summary", to=list(settings.mail.summary_to), sender=settings.mail.from_,
        subject=subject, text=render("summary.txt.j2", v=view),
        html=render("summary.html.j2", v=view), created_at=now,
    )
