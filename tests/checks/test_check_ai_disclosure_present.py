"""ai.disclosure_present: visible at the chat passes; hidden, terms-only or marketing fails."""

from __future__ import annotations

from auditor.models import Fetcher, Status
from checks import ai_disclosure_present as check
from tests.checks import sitekit as kit


def _run(*pages, browser: bool = True):  # type: ignore[no-untyped-def]
    return check.run(kit.site(*pages, browser=browser), kit.org())[0]


def _chat(fixture: str, **kw):  # type: ignore[no-untyped-def]
    return kit.page(fixture, "/chat", is_product=True, **kw)


def test_disclosure_hidden_by_css_fails() -> None:
    finding = _run(kit.page("kids_home.html", "/"), _chat("chat_hidden.html"))
    assert finding.status is Status.FAIL
    assert "hidden" in finding.reason and "https://storypal.example/chat" in finding.reason
    assert any("not a human" in ev.snippet for ev in finding.evidence)


def test_disclosure_only_in_the_terms_fails() -> None:
    finding = _run(_chat("chat_marketing.html"), kit.page("terms_ai.html", "/terms"))
    assert finding.status is Status.FAIL
    assert "legal text" in finding.reason and "https://storypal.example/terms" in finding.reason


def test_disclosure_elsewhere_on_the_site_is_partial() -> None:
    finding = _run(_chat("chat_marketing.html"), kit.page("faq_ai.html", "/help/faq"),
                   kit.page("terms_ai.html", "/terms"))
    assert finding.status is Status.NEEDS_REVIEW
    assert "https://storypal.example/help/faq" in finding.reason


def test_app_shell_without_a_browser_needs_review() -> None:
    finding = _run(kit.page("kids_home.html", "/"), _chat("app_shell.html"), browser=False)
    assert finding.status is Status.NEEDS_REVIEW
    assert "no browser was available" in finding.reason
    rendered = _run(_chat("app_shell.html", fetcher=Fetcher.BROWSER), browser=True)
    assert rendered.status is Status.FAIL


def test_every_chat_page_must_disclose() -> None:
    other = kit.page("chat_marketing.html", "/homework", is_product=True)
    finding = _run(_chat("chat_disclosed.html"), other)
    assert finding.status is Status.FAIL and "https://storypal.example/homework" in finding.reason


def test_borderline_disclosure_is_reviewed() -> None:
    page = kit.signal_page("/chat", kit.sig("ai_disclosure", confidence=0.5), is_product=True)
    assert _run(page).status is Status.NEEDS_REVIEW


def test_no_identified_chat_page_is_reviewed() -> None:
    org = kit.org(product_urls=[])
    finding = check.run(kit.site(kit.page("faq_ai.html", "/help/faq")), org)[0]
    assert finding.status is Status.NEEDS_REVIEW and "No chat page" in finding.reason


def test_chat_page_blocked_by_robots_is_blocked_never_fail() -> None:
    finding = _run(kit.page("kids_home.html", "/"), kit.refused("/chat", is_product=True))
    assert finding.status is Status.BLOCKED and "robots.txt" in finding.reason
    assert finding.evidence[0].url == "https://storypal.example/chat"
