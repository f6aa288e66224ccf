"""The compliance summary tells the queue: what waits for a person, with the command.

The case that waits for approval of its first remediation request is still in
`monitoring`; it used to be counted nowhere ("Open enforcement cases: 0").
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from auditor.enforce.cases import add_case
from auditor.models import (
    Assessment,
    Case,
    CaseState,
    Evidence,
    Finding,
    Organization,
    PendingStep,
    RateState,
    Rating,
    Safeguard,
    Severity,
    SiteSnapshot,
    Status,
    ViolationRateAssessment,
)
from auditor.publish import examples as X
from auditor.publish.summary import build_summary, summary_view
from auditor.registry import save_orgs
from auditor.settings import Settings
from auditor.store import Store, audits

NOW = X.NOW


def _org(oid: str) -> Organization:
    return Organization(id=oid, name=oid.title(), url=f"https://{oid}.example/",
                        contact_email=f"t@{oid}.example", audience="under13")  # type: ignore[arg-type]


def _needs_review(store: Store, org_id: str) -> str:
    """A finished audit of `org_id` with one finding awaiting review; its id."""
    audit_id = audits.start_audit(store, org_id, "cli", NOW - timedelta(hours=2))
    finding = Finding(check_id="safeguards.age_assurance", org_id=org_id,
                      status=Status.NEEDS_REVIEW, severity=Severity.MEDIUM,
                      title="Age assurance in place",
                      reason="A birth-year field was seen; whether it gates the chat needs a "
                             "person.",
                      evidence=[Evidence(url=f"https://{org_id}.example/signup",
                                         snippet="Year of birth", locator="form")])
    assessment = Assessment(org_id=org_id, as_of=NOW - timedelta(hours=2), findings=[finding],
                            violation_rate=ViolationRateAssessment(state=RateState.NORMAL,
                                                                   reason="normal"),
                            rating=Rating.INCOMPLETE)
    stored = audits.finish_audit(store, audit_id,
                                 SiteSnapshot(org_id=org_id, started_at=NOW), assessment, NOW)
    assert stored[0].id
    return stored[0].id


@pytest.fixture
def queued(settings: Settings) -> tuple[Store, str]:
    store = Store(settings.database_url)
    save_orgs(store, [_org("waiting"), _org("late"), _org("unsure")], NOW)
    add_case(store, Case(
        id="C-0001", org_id="waiting", opened_at=NOW - timedelta(hours=1),
        missing_safeguards=[Safeguard.AGE_VERIFICATION],
        pending=PendingStep(to_state=CaseState.REMEDIATION_REQUESTED,
                            cause="remediation:C-0001:2026-10-31",
                            reason="violation rate continued high (5.80% in the period ending "
                                   "2026-10-31); missing: age_verification",
                            requested_at=NOW - timedelta(hours=1))), NOW)
    add_case(store, Case(id="C-0002", org_id="late", state=CaseState.REMEDIATION_REQUESTED,
                         opened_at=NOW - timedelta(days=40),
                         deadline=NOW - timedelta(days=2)), NOW)
    return store, _needs_review(store, "unsure")


def test_a_step_awaiting_approval_counts_as_an_open_case(queued: tuple[Store, str]) -> None:
    store, _ = queued
    view = summary_view(store, "2026-11", NOW)
    counts = {row.label: row.value for row in view.cases}
    assert counts["Monitoring"] == "1"
    assert counts["Remediation requested"] == "1"
    assert counts["Step awaiting approval"] == "1"
    assert view.awaiting_approval == 1


def test_the_queue_names_each_item_and_its_command(queued: tuple[Store, str]) -> None:
    store, finding_id = queued
    queue = summary_view(store, "2026-11", NOW).queue
    assert [(q.org, q.item, q.what) for q in queue.approvals] == [
        ("Waiting", "C-0001", "Remediation requested")]
    assert queue.approvals[0].command.startswith('auditor cases approve C-0001 --by "')
    assert "missing: age_verification" in queue.approvals[0].detail
    assert [(q.org, q.item) for q in queue.reviews] == [("Unsure", finding_id)]
    assert queue.reviews[0].command.startswith(f"auditor review decide {finding_id} --verdict")
    assert [(q.org, q.item) for q in queue.overdue] == [("Late", "C-0002")]
    assert queue.overdue[0].command == "auditor cases sweep"
    assert "overdue by 2 days" in queue.overdue[0].detail


def test_the_summary_email_shows_the_queue_in_both_parts(
        queued: tuple[Store, str], settings: Settings) -> None:
    store, finding_id = queued
    message = build_summary(store, settings, "2026-11", NOW)
    assert "1 awaiting approval" in message.subject
    for part in (message.text, message.html):
        assert "Cases waiting for approval" in part
        assert "auditor cases approve C-0001" in part
        assert f"auditor review decide {finding_id}" in part
        assert "auditor cases sweep" in part


def test_an_empty_queue_says_so(settings: Settings) -> None:
    store = Store(settings.database_url)
    view = summary_view(store, "2026-11", NOW)
    assert view.queue.empty
    assert "Nothing is waiting" in build_summary(store, settings, "2026-11", NOW).text


def test_summary_command_prints_the_queue(cli: Any, queued: tuple[Store, str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_NOW", NOW.isoformat())
    code, out, err = cli("summary", "--period", "2026-11")
    assert code == 0, err
    assert "WAITING FOR A PERSON" in out and "auditor cases approve C-0001" in out
