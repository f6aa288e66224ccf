"""A page with no stylesheet and no script can still hide a notice from people: with
presentational colours, a declarative shadow root, an embedded object or an immediate
refresh. Such pages are confirmed in real Chromium (loopback site, through the crawl
and the check) and cannot pass on what plain HTML parsing reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.crawl.escalate import CONFIRM, confirmable
from auditor.models import Fetcher, Organization, Page, Signal, SiteSnapshot, Status
from checks import coppa_notice_published
from tests.auditor.crawl.browserkit import T0, crawl_rendered, settings
from tests.auditor.loopback import Site

NOTICE = ("<h2>Children's Privacy Notice</h2><p>We collect a child's first name and a "
          "parent's e-mail address only after the parent gives verifiable consent, and a "
          "parent may review or delete the child's information at any time by writing to "
          "privacy@kidscorner.example.</p>")
BADGE = ("<svg xmlns='http://www.w3.org/2000/svg' width='120' height='40'>"
         "<rect width='120' height='40' fill='#2a6'/></svg>")


def _privacy(head: str, body: str, body_attrs: str = "") -> str:
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Privacy</title>"
            f"{head}</head><body{body_attrs}><h1>Privacy</h1><p>This page explains how Kids "
            f"Corner handles information.</p>{body}<p>Write to us with any question.</p>"
            "</body></html>")


def _audit(tmp_path: Path, chromium: str, site: Site, privacy: str) -> tuple[SiteSnapshot,
                                                                             Status]:
    site.page("/robots.txt", "User-agent: *\nAllow: /\n", ctype="text/plain")
    site.page("/badge.svg", BADGE, ctype="image/svg+xml")
    site.page("/", "<!doctype html><html lang=en><head><title>Kids Corner</title></head>"
                   "<body><h1>Kids Corner</h1><p>Stories and games for children.</p>"
                   "<a href='/privacy'>Privacy</a></body></html>")
    site.page("/privacy", privacy)
    org = Organization(id="kids", name="Kids Corner", url=f"{site.url}/",
                       contact_email="t@example.com", audience="under13")
    snap = crawl_rendered(org, settings(tmp_path, chromium), "plain")
    return snap, coppa_notice_published.run(snap, org)[0].status


HIDING: list[tuple[str, str, str, str]] = [
    # (id, head, body, body attributes)
    ("white font on the white page", "", f"<font color='#ffffff'>{NOTICE}</font>", ""),
    ("body text in the page colour", "", NOTICE, " bgcolor='#fdfdf0' text='#fdfdf0'"),
    ("a shadow root without a slot", "",
     f"<div><template shadowrootmode='open'><p>Our games</p></template>{NOTICE}</div>", ""),
    ("an object's fallback", "",
     f"<object data='/badge.svg' type='image/svg+xml'>{NOTICE}</object>", ""),
    ("an immediate refresh to another page", "<meta http-equiv='refresh' content='0; url=/'>",
     NOTICE, ""),
]


@pytest.mark.browser
@pytest.mark.parametrize(("head", "body", "attrs"), [h[1:] for h in HIDING],
                         ids=[h[0] for h in HIDING])
def test_plain_markup_that_keeps_the_notice_from_people_does_not_pass(
        tmp_path: Path, chromium: str, site: Site, head: str, body: str, attrs: str) -> None:
    snap, status = _audit(tmp_path, chromium, site, _privacy(head, body, attrs))
    assert status is not Status.PASS
    privacy = snap.page(f"{site.url}/privacy")
    assert privacy is not None
    assert "verifiable consent" not in privacy.text or privacy.final_url != privacy.url


SHOWN: list[tuple[str, str, str]] = [
    ("dark font", f"<font color='#333333'>{NOTICE}</font>", ""),
    ("a shadow root with a slot",
     f"<div><template shadowrootmode='open'><slot></slot></template>{NOTICE}</div>", ""),
    ("body text darker than the page", NOTICE, " bgcolor='#fdfdf0' text='#222222'"),
]


@pytest.mark.browser
@pytest.mark.parametrize(("body", "attrs"), [s[1:] for s in SHOWN], ids=[s[0] for s in SHOWN])
def test_plain_markup_people_can_read_still_passes(
        tmp_path: Path, chromium: str, site: Site, body: str, attrs: str) -> None:
    snap, status = _audit(tmp_path, chromium, site, _privacy("", body, attrs))
    privacy = snap.page(f"{site.url}/privacy")
    assert privacy is not None and privacy.render_reason == CONFIRM and privacy.rendered
    assert "verifiable consent" in privacy.text
    assert status is Status.PASS


def test_a_page_without_any_such_markup_is_not_a_candidate() -> None:
    """Plain markup that cannot hide text is trusted without a browser (the farm's and
    most policy pages' case is unchanged)."""
    page = Page(url="https://k.example/privacy", final_url="https://k.example/privacy",
                fetched_at=T0, fetcher=Fetcher.HTTP,
                signals=[Signal(name="coppa_notice", value=True, confidence=0.9)])
    plain = _privacy("", f"<div class=notice>{NOTICE}</div>").encode()
    assert not confirmable(page, plain)
    for marked in ("<font color=red>x</font>", "<table bgcolor=#fff></table>",
                   "<template shadowrootmode=open></template>", "<object data=a.svg></object>",
                   "<meta http-equiv=refresh content=0>", "<div popover>x</div>"):
        assert confirmable(page, plain.replace(b"</body>", marked.encode() + b"</body>"))
