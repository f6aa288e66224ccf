"""coppa.notice_published: the contradiction, the teens' lower bar, and failing to look."""

from __future__ import annotations

from datetime import UTC, datetime

from auditor.models import Audience, FetchCause, FetchRecord, Severity, Status
from checks import coppa_notice_published as check
from checks.registry import run_one
from tests.checks import sitekit as kit

AS_OF = datetime(2026, 5, 4, tzinfo=UTC)


def _run(*pages, org=None, **site):  # type: ignore[no-untyped-def]
    org = org or kit.org()
    return check.run(kit.site(*pages, org_id=org.id, **site), org)[0]


def test_disclaimer_instead_of_notice_is_a_critical_contradiction() -> None:
    finding = _run(kit.page("kids_home.html", "/"),
                   kit.page("privacy_disclaimer.html", "/privacy"))
    assert finding.status is Status.FAIL
    assert finding.severity is Severity.CRITICAL
    assert "https://storypal.example/privacy" in finding.reason
    assert "not directed to children" in finding.reason
    assert any("not directed to children under 13" in ev.snippet for ev in finding.evidence)
    for ev in finding.evidence:
        assert ev.url == "https://storypal.example/privacy"
        assert ev.sha256 and ev.warc_record_id and ev.locator


def test_no_notice_names_every_page_looked_at() -> None:
    finding = _run(kit.page("kids_home.html", "/"), kit.page("about.html", "/about"))
    assert finding.status is Status.FAIL and finding.severity is Severity.HIGH
    assert "among 2 pages" in finding.reason
    assert {ev.url for ev in finding.evidence} == {"https://storypal.example/",
                                                  "https://storypal.example/about"}
    assert all(ev.note == "no children's privacy notice seen" for ev in finding.evidence)


def test_notice_with_a_disclaimer_on_another_page_goes_to_review() -> None:
    finding = _run(kit.page("children_privacy.html", "/privacy/children"),
                   kit.page("privacy_disclaimer.html", "/privacy"))
    assert finding.status is Status.NEEDS_REVIEW
    assert len(finding.evidence) >= 2


def test_borderline_notice_is_reviewed_not_failed() -> None:
    weak = kit.signal_page("/privacy", kit.sig("coppa_notice", confidence=0.5))
    assert _run(weak).status is Status.NEEDS_REVIEW
    both = kit.signal_page("/privacy", kit.sig("coppa_notice", confidence=0.5),
                           kit.sig("children_disclaimer"))
    assert _run(both).status is Status.NEEDS_REVIEW


def test_a_notice_only_in_hidden_markup_is_reviewed_not_passed() -> None:
    shown = kit.page("children_privacy.html", "/privacy/children")
    assert _run(shown).status is Status.PASS
    html = shown.html.replace("<body>", "<body><div style='display: none'>", 1)
    hidden = kit.page_from_html(html.replace("</body>", "</div></body>", 1),
                                "/privacy/children")
    notice = hidden.signal("coppa_notice")
    assert notice is not None and notice.value and not notice.visible
    assert notice.confidence >= 0.7  # confident: it would pass on confidence alone
    finding = _run(hidden)
    assert finding.status is Status.NEEDS_REVIEW and "hidden from view" in finding.reason


def test_a_notice_the_browser_left_unconfirmed_is_reviewed_not_passed() -> None:
    shown = kit.page("children_privacy.html", "/privacy/children")
    left = shown.model_copy(update={"unconfirmed": ["coppa_notice"]})
    finding = _run(left)
    assert finding.status is Status.NEEDS_REVIEW and "could not confirm" in finding.reason
    teens = kit.org().model_copy(update={"audience": Audience.TEENS})
    assert _run(shown, org=teens).status is Status.PASS
    assert _run(left, org=teens).status is not Status.PASS


def test_robots_blocked_privacy_page_is_blocked_never_fail() -> None:
    finding = _run(kit.page("kids_home.html", "/"), kit.refused("/privacy/children"))
    assert finding.status is Status.BLOCKED
    assert "robots.txt" in finding.reason
    # a disclaimer seen elsewhere does not turn an unread notice page into a fail
    finding = _run(kit.page("privacy_disclaimer.html", "/privacy"),
                   kit.refused("/privacy/children", FetchCause.BLOCKED))
    assert finding.status is Status.BLOCKED and "not directed to children" in finding.reason


def test_unrelated_blocked_page_does_not_block_the_verdict() -> None:
    finding = _run(kit.page("kids_home.html", "/"), kit.refused("/careers/jobs"))
    assert finding.status is Status.FAIL


def test_timeouts_and_empty_crawls_are_errors() -> None:
    finding = _run(kit.page("kids_home.html", "/"),
                   kit.refused("/privacy", FetchCause.TIMEOUT))
    assert finding.status is Status.ERROR
    log = [FetchRecord(url="https://storypal.example/", cause=FetchCause.HTTP_5XX, status=503)]
    assert _run(log=log).status is Status.ERROR
    assert _run().status is Status.ERROR


def test_teens_only_org_gets_the_lower_bar() -> None:
    teens = kit.org(audience="teens", url="https://studynest.example/")
    ok = _run(kit.page("privacy_teens.html", "/privacy", base="https://studynest.example"),
              org=teens)
    # it excludes only under-13s, which leaves the teens it serves in
    assert ok.status is Status.PASS, ok.reason
    assert "teen" in ok.evidence[0].snippet.lower()
    over = kit.signal_page("/privacy", kit.sig("children_disclaimer",
                                               snippet="Not intended for anyone under 18."))
    over.text = "Privacy Policy\nTeens: we limit what we collect from minors."
    assert _run(over, org=teens).status is Status.NEEDS_REVIEW
    generic = _run(kit.page("privacy_disclaimer.html", "/privacy"),
                   org=kit.org(audience="teens"))
    assert generic.status is Status.NEEDS_REVIEW
    coppa = _run(kit.page("children_privacy.html", "/privacy/children"),
                 org=kit.org(audience="teens"))
    assert coppa.status is Status.PASS
    nothing = _run(kit.page("about.html", "/about"), org=kit.org(audience="teens"))
    assert nothing.status is Status.FAIL and nothing.severity is Severity.MEDIUM


def test_teen_privacy_statement_without_disclaimer_passes() -> None:
    page = kit.signal_page("/privacy", kit.sig("coppa_notice", value=False))
    page.text = "Privacy Policy\nIf you are a teen between 13 and 17, ask a parent first."
    assert _run(page, org=kit.org(audience="teens")).status is Status.PASS


def test_general_audience_is_not_applicable() -> None:
    org = kit.org(audience="general")
    spec = next(s for s in __import__("checks").load_checks() if s.id == check.META.id)
    [finding] = run_one(spec, kit.site(kit.page("about.html", "/about")), org, AS_OF)
    assert finding.status is Status.NOT_APPLICABLE and "general" in finding.reason


def test_a_missing_notice_page_is_an_observation_not_an_error() -> None:
    gone = kit.refused("/privacy/children", FetchCause.HTTP_4XX)
    gone.status = 404
    assert _run(kit.page("kids_home.html", "/"), gone).status is Status.FAIL
    gone.status = 401
    assert _run(kit.page("kids_home.html", "/"), gone).status is Status.ERROR
