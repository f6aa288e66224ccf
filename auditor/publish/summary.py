"""The periodic compliance summary for the trust-and-safety team.

Why read the store and not the pipeline: the summary is about the fleet over a
period (a week or a month), after the audits are done. It compares each org's
latest finished audit at the end of the period with its latest audit before the
period began, so "new" and "regressed" mean the same thing as in an org's report.

Periods: ``2026-W48`` (ISO week), ``2026-11`` (month) or ``2026-11-30`` (day),
optionally followed by a label (``2026-11-30-demo``) that names a separate summary
of the same days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from auditor.enforce import cases
from auditor.errors import ConfigError
from auditor.models import Assessment, CaseState, Message, Rating
from auditor.publish import labels as L
from auditor.publish.render import render
from auditor.publish.transports import message_id_for, new_message
from auditor.publish.views import compare
from auditor.registry import list_orgs
from auditor.settings import Settings
from auditor.store import Store, audits

OPEN_STATES = (CaseState.REMEDIATION_REQUESTED, CaseState.FINAL_NOTICE,
               CaseState.SUSPENSION_RECOMMENDED, CaseState.TERMINATION_RECOMMENDED)
DUE_SOON = timedelta(days=7)
TOP_RATES = 5


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


def _latest(rows: list[audits.FinishedAssessment], before: datetime) -> Assessment | None:
    for row in rows:  # newest first
        if row.started_at < before:
            return row.assessment
    return None


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
    for org_id, rows in sorted(by_org.items()):
        latest = _latest(rows, end)
        if latest is None:
            continue
        current[org_id] = latest
        name = names.get(org_id, org_id)
        changes = compare(latest, _latest(rows, start))
        if not changes.has_previous:
            changes = compare(latest, latest.model_copy(update={"findings": []}))
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
    case_bars = []
    for state in OPEN_STATES:
        n = sum(1 for c in latest_case.values() if c.state is state)
        label, tone = L.CASE_LABEL[state]
        width = L.bar_width(n, max(1, len(latest_case)))
        case_bars.append(BarRow(label, str(n), width, tone if n else "neutral",
                                _text_bar(width)))
    due = []
    for c in sorted(latest_case.values(), key=lambda c: c.deadline or now):
        if c.state not in OPEN_STATES or c.deadline is None or c.deadline > now + DUE_SOON:
            continue
        days = (c.deadline - now).days
        overdue = c.deadline < now
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
    )


def build_summary(store: Store, settings: Settings, period: str, now: datetime) -> Message:
    """The summary e-mail for `period`, keyed ``summary:<period>`` (queued once)."""
    view = summary_view(store, period, now)
    non_compliant = next(r.value for r in view.ratings
                         if r.label == L.RATING_LABEL[Rating.NON_COMPLIANT][0])
    overdue = sum(1 for d in view.due if d.tone == "bad")
    subject = (f"Compliance summary {period}: {non_compliant} non-compliant, "
               f"{len(view.new) + len(view.regressed)} new or regressed findings, "
               f"{overdue} overdue cases")
    key = f"summary:{period}"
    return new_message(
        idempotency_key=key, message_id=message_id_for(key, settings.mail.from_),
        kind="summary", to=list(settings.mail.summary_to), sender=settings.mail.from_,
        subject=subject, text=render("summary.txt.j2", v=view),
        html=render("summary.html.j2", v=view), created_at=now,
    )
