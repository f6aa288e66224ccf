"""The review queue: verdicts bound to evidence hashes, through the CLI and the API."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from auditor.assess import review
from auditor.errors import BadInput
from auditor.models import Evidence, Finding, Severity, Status
from auditor.settings import Settings
from auditor.store import Store
from auditor.store.tables import AuditRow, FindingRow

T0 = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)


def finding(snippet: str = "Ask a grown-up before chatting", status: Status = Status.NEEDS_REVIEW,
            check_id: str = "safeguards.education") -> Finding:
    return Finding(check_id=check_id, org_id="pixel", status=status, severity=Severity.MEDIUM,
                   title="Education for minors", reason="https://pixel.example/kids: unclear",
                   evidence=[Evidence(url="https://pixel.example/kids", snippet=snippet,
                                      locator="main p", sha256="cd" * 32)])


def record(store: Store, audit_id: str, when: datetime, *findings: Finding) -> list[str]:
    ids = []
    with store.session() as session:
        session.add(AuditRow(id=audit_id, org_id="pixel", started_at=when, finished_at=when,
                             status="done", trigger="cli"))
        session.flush()
        for i, f in enumerate(findings):
            fid = f"{audit_id}#{i}"
            ids.append(fid)
            f = f.model_copy(update={"id": fid})
            session.add(FindingRow(id=fid, audit_id=audit_id, org_id=f.org_id,
                                   check_id=f.check_id, status=f.status.value,
                                   severity=f.severity.value, evidence_hash=f.evidence_hash,
                                   data=f.model_dump(mode="json")))
    return ids


@pytest.fixture
def store(settings: Settings) -> Store:
    return Store(settings.database_url)


def test_a_verdict_stands_until_the_evidence_changes(store: Store) -> None:
    [fid] = record(store, "a1", T0, finding())
    assert [f.id for f in review.review_queue(store)] == [fid]
    decided = review.decide(store, fid, "pass", "Dana", "the page explains safe use", T0)
    assert decided.evidence_hash == finding().evidence_hash
    assert review.review_queue(store) == []

    same, changed, other = review.apply_reviews(store, [
        finding(), finding("Totally new wording"), finding(status=Status.FAIL)])
    assert same.status is Status.PASS and same.review is not None
    assert same.review.by == "Dana" and same.review.note == "the page explains safe use"
    assert changed.status is Status.NEEDS_REVIEW and changed.review is None
    assert other.status is Status.FAIL and other.review is None

    # a later audit with new evidence goes back to the queue; the latest verdict wins
    [fid2] = record(store, "a2", T0 + timedelta(days=1), finding("Totally new wording"))
    assert [f.id for f in review.review_queue(store)] == [fid2]
    review.decide(store, fid2, "fail", "Lee", "no guidance for children", T0)
    review.decide(store, fid, "fail", "Lee", "on second look, not enough", T0 + timedelta(1))
    [again] = review.apply_reviews(store, [finding()])
    assert again.status is Status.FAIL and again.review is not None and again.review.by == "Lee"


def test_decide_refuses_bad_input(store: Store) -> None:
    [fid, passed] = record(store, "a1", T0, finding(), finding(status=Status.PASS,
                                                             check_id="safeguards.moderation"))
    with pytest.raises(BadInput, match="verdict"):
        review.decide(store, fid, "maybe", "Dana", "x", T0)
    with pytest.raises(BadInput, match="--note"):
        review.decide(store, fid, "pass", "Dana", " ", T0)
    with pytest.raises(BadInput, match="no finding"):
        review.decide(store, "nope", "pass", "Dana", "x", T0)
    with pytest.raises(BadInput, match="not needs_review"):
        review.decide(store, passed, "pass", "Dana", "x", T0)


def test_review_cli(cli, store: Store) -> None:  # type: ignore[no-untyped-def]
    [fid] = record(store, "a1", T0, finding())
    code, out, _ = cli("review", "list", "--json")
    assert code == 0 and [f["id"] for f in json.loads(out)] == [fid]
    code, out, err = cli("review", "decide", fid, "--verdict", "fail", "--by", "Dana",
                         "--note", "no real guidance")
    assert code == 0, err
    assert "fail by Dana" in out
    assert json.loads(cli("review", "list", "--json")[1]) == []
    assert cli("review", "decide", fid, "--verdict", "perhaps", "--by", "D", "--note", "n")[0] == 2
