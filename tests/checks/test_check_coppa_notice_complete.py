"""coppa.notice_complete: missing elements named, the 2025 element advisory before its date."""

from __future__ import annotations

from datetime import UTC, datetime

from auditor.models import Status
from checks import load_checks
from checks.registry import run_one
from tests.checks import sitekit as kit

SPEC = next(s for s in load_checks() if s.id == "coppa.notice_complete")
BEFORE = datetime(2026, 4, 21, 23, 0, tzinfo=UTC)
AFTER = datetime(2026, 4, 22, 0, 0, tzinfo=UTC)


def _run(as_of: datetime, *pages):  # type: ignore[no-untyped-def]
    org = kit.org()
    return run_one(SPEC, kit.site(*pages), org, as_of)


def test_each_missing_element_is_named() -> None:
    base, amended = _run(AFTER, kit.page("children_privacy_partial.html", "/privacy/children"))
    assert base.status is Status.FAIL and amended.status is Status.FAIL
    assert "no_conditioning" in base.reason
    assert "data_retention" in amended.reason and amended.applies_from is not None
    assert base.evidence[0].url == "https://storypal.example/privacy/children"


def test_retention_element_is_advisory_before_the_compliance_date() -> None:
    page = kit.page("children_privacy_no_retention.html", "/privacy/children")
    base, amended = _run(BEFORE, page)
    assert base.status is Status.PASS and not base.advisory
    assert amended.status is Status.FAIL and amended.advisory
    _, amended = _run(AFTER, page)
    assert amended.status is Status.FAIL and not amended.advisory


def test_elements_are_gathered_across_notice_and_privacy_pages() -> None:
    notice = kit.signal_page("/privacy/children", kit.sig("coppa_notice"), kit.sig(
        "coppa_elements", elements=["info_collected", "use_of_info", "disclosure_practices",
                                    "parental_rights", "no_conditioning", "consent_mechanism",
                                    "data_retention"]))
    policy = kit.signal_page("/privacy", kit.sig("coppa_elements",
                                                 elements=["operator_contact"]))
    assert [f.status for f in _run(AFTER, notice, policy)] == [Status.PASS, Status.PASS]


def test_no_notice_fails_and_blocked_notice_is_blocked() -> None:
    [finding] = _run(AFTER, kit.page("kids_home.html", "/"))
    assert finding.status is Status.FAIL
    [finding] = _run(AFTER, kit.page("kids_home.html", "/"), kit.refused("/privacy"))
    assert finding.status is Status.BLOCKED
