"""What moved among an org's findings since its previous audit.

Why its own module: the report's "what changed" section and the compliance summary's
new and regressed findings must mean the same thing, so both call :func:`compare`.
Statements that backed a pass and are no longer on the page are listed too; how the
pages themselves changed is :mod:`auditor.publish.changes`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.models import Assessment, Finding, Status
from auditor.publish import labels as L


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
