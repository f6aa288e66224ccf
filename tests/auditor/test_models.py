"""The vocabulary refuses what would make a report wrong."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from auditor.models import (
    Evidence,
    Finding,
    Message,
    Organization,
    Severity,
    Signal,
    Status,
    ViolationRate,
)


def finding(status: Status, evidence: list[Evidence]) -> Finding:
    return Finding(check_id="x.y", org_id="o", status=status, severity=Severity.HIGH,
                   title="t", reason="r", evidence=evidence)


def test_judgements_need_evidence_but_failing_to_look_does_not() -> None:
    with pytest.raises(ValidationError, match="carries no evidence"):
        finding(Status.FAIL, [])
    with pytest.raises(ValidationError, match="carries no evidence"):
        finding(Status.PASS, [])
    assert finding(Status.BLOCKED, []).status is Status.BLOCKED
    ev = Evidence(url="https://a.example/", snippet="x" * 500)
    assert len(ev.snippet) == 300


def test_evidence_hash_changes_with_evidence_only() -> None:
    a = finding(Status.FAIL, [Evidence(url="https://a.example/", snippet="one", sha256="1")])
    b = finding(Status.PASS, [Evidence(url="https://a.example/", snippet="one", sha256="1")])
    c = finding(Status.FAIL, [Evidence(url="https://a.example/", snippet="one", sha256="2")])
    assert a.evidence_hash == b.evidence_hash != c.evidence_hash


def test_timestamps_must_be_aware_and_become_utc() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        Evidence(url="https://a.example/", fetched_at=datetime(2026, 1, 1))
    ev = Evidence(url="https://a.example/", fetched_at="2026-01-01T05:00:00+05:00")
    assert ev.fetched_at == datetime(2026, 1, 1, tzinfo=UTC)


def test_org_validation_messages() -> None:
    with pytest.raises(ValidationError) as info:
        Organization(id="Bad Id", name="", url="javascript:alert(1)", contact_email="nope",
                     audience="adults", jurisdictions=["usa"])
    fields = {e["loc"][0] for e in info.value.errors()}
    assert fields == {"id", "name", "url", "contact_email", "audience", "jurisdictions"}
    org = Organization(id="a", name="A", url="https://a.example", contact_email="x@a.example",
                       audience="teens", jurisdictions=["us", "EU"])
    assert org.serves("US-CA") and org.serves("EU") and not org.serves("UK")
    assert org.serves_minors and not org.serves_under13


def test_rates_and_signals_and_messages_are_checked() -> None:
    with pytest.raises(ValidationError, match="violations exceed requests"):
        ViolationRate(org_id="a", period_start="2026-01-01", period_end="2026-01-31",
                      requests=10, violations=11)
    assert ViolationRate(org_id="a", period_start="2026-01-01", period_end="2026-01-31",
                         requests=200, violations=3, extra="ignored").rate == 0.015
    with pytest.raises(ValidationError, match="unknown signal"):
        Signal(name="coppa", value=True)
    with pytest.raises(ValidationError, match="CR or LF"):
        Message(idempotency_key="k", message_id="<m@x>", kind="k", to=["a@b.example"],
                sender="c@d.example", subject="hi\r\nBcc: evil@x.example", text="", html="",
                created_at=datetime(2026, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize("org_id", ["acme\n", "acme\r\n", "\nacme", "ac\nme", "acme "])
def test_org_ids_are_matched_whole(org_id: str) -> None:
    """An id names report files: a trailing newline (which `$` lets through) is refused."""
    with pytest.raises(ValidationError, match="id must be"):
        Organization(id=org_id, name="A", url="https://a.example", contact_email="x@a.example",
                     audience="teens")

