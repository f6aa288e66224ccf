"""coppa.notice_prominent: clear labels on entry pages; generic labels reviewed; blocked home."""

from __future__ import annotations

from auditor.models import FetchCause, Status
from checks import coppa_notice_prominent as check
from tests.checks import sitekit as kit


def _run(*pages):  # type: ignore[no-untyped-def]
    org = kit.org()
    return check.run(kit.site(*pages), org)[0]


def test_generic_privacy_link_to_the_notice_goes_to_review() -> None:
    finding = _run(kit.page("home_generic_privacy.html", "/"),
                   kit.page("children_privacy.html", "/privacy"))
    assert finding.status is Status.NEEDS_REVIEW
    assert finding.evidence[0].snippet == "Privacy Policy"


def test_chat_page_without_the_link_fails() -> None:
    finding = _run(kit.page("kids_home.html", "/"),
                   kit.page("children_privacy.html", "/privacy/children"),
                   kit.page("chat_marketing.html", "/chat", is_product=True))
    assert finding.status is Status.NEEDS_REVIEW  # its footer has a generic "Privacy" link
    finding = _run(kit.page("kids_home.html", "/"),
                   kit.page("chat_hidden.html", "/chat", is_product=True))
    assert finding.status is Status.FAIL and "https://storypal.example/chat" in finding.reason


def test_sign_up_page_must_link_too() -> None:
    finding = _run(kit.page("kids_home.html", "/"), kit.page("signup_age_gate.html", "/signup"))
    assert finding.status is Status.PASS


def test_home_page_blocked_is_blocked() -> None:
    finding = _run(kit.refused("/", FetchCause.BLOCKED),
                   kit.page("children_privacy.html", "/privacy/children"))
    assert finding.status is Status.BLOCKED
    finding = _run(kit.page("kids_home.html", "/"), kit.refused("/chat", is_product=True))
    assert finding.status is Status.BLOCKED

