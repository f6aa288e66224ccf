"""Visible text is measured where page scripts cannot reach, and checked against the DOM."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.crawl.measure import confirm_in_dom, readable_frame
from auditor.models import Fetcher, Status
from tests.auditor.crawl import browserkit as kit
from tests.auditor.loopback import Site

FAKE = "You are chatting with an AI assistant, not a human."

OVERRIDE_INNER_TEXT = kit.page_html("en", "Chat", f"""
<h1>Buddy</h1><p>Homework help for kids, any time.</p>
<script>
  const fake = () => "Buddy\\n{FAKE}\\nHomework help for kids, any time.";
  Object.defineProperty(HTMLElement.prototype, "innerText", {{ get: fake, configurable: true }});
  Object.defineProperty(Node.prototype, "textContent", {{ get: fake, configurable: true }});
  Element.prototype.checkVisibility = () => true;
  window.getComputedStyle = () => ({{ display: "block", visibility: "visible", opacity: "1",
                                       fontSize: "16px", clip: "auto", clipPath: "none" }});
  Range.prototype.getBoundingClientRect = () => ({{ width: 100, height: 20, left: 10,
                                                    right: 110, top: 10, bottom: 30 }});
</script>""")

HIDDEN_CLAIMED_VISIBLE = kit.page_html("en", "Chat", f"""
<h1>Buddy</h1><p>Homework help for kids, any time.</p>
<div style="display:none">{FAKE}</div>
<script>
  Element.prototype.checkVisibility = () => true;
  window.getComputedStyle = () => ({{ display: "block", visibility: "visible", opacity: "1",
                                       fontSize: "16px", clip: "auto", clipPath: "none" }});
  Range.prototype.getBoundingClientRect = () => ({{ width: 100, height: 20, left: 10,
                                                    right: 110, top: 10, bottom: 30 }});
  const real = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "innerText").get;
  Object.defineProperty(HTMLElement.prototype, "innerText", {{
    get() {{ return this === document.body ? real.call(this) + "\\n{FAKE}" : real.call(this); }},
    configurable: true }});
</script>""")


@pytest.mark.browser
def test_a_page_cannot_fake_its_disclosure_by_overriding_inner_text(
        tmp_path: Path, chromium: str, site: Site) -> None:
    _snap, page, finding = kit.crawl_chat(site, OVERRIDE_INNER_TEXT,
                                          kit.settings(tmp_path, chromium))
    assert page.fetcher is Fetcher.BROWSER and page.rendered
    assert "Homework help for kids" in page.text
    assert "not a human" not in page.text
    assert finding.status is not Status.PASS
    assert finding.status is Status.FAIL, finding.reason


@pytest.mark.browser
def test_hidden_disclosure_claimed_visible_stays_hidden(
        tmp_path: Path, chromium: str, site: Site) -> None:
    _snap, page, finding = kit.crawl_chat(site, HIDDEN_CLAIMED_VISIBLE,
                                          kit.settings(tmp_path, chromium))
    assert page.rendered and "not a human" not in page.text
    assert any("not a human" in t for t in page.hidden_text)
    assert finding.status is Status.FAIL and "hidden" in finding.reason


@pytest.mark.browser
def test_only_frames_a_user_can_see_are_read(tmp_path: Path, chromium: str, site: Site) -> None:
    """A cross-site widget frame is read; a disclosure in an off-screen or 1-pixel frame is not."""
    provider = Site("127.0.0.2")
    try:
        provider.page("/widget", kit.page_html("en", "w", "<p>WIDGET-TEXT from the provider</p>"))
        body = kit.page_html("en", "Chat", f"""
<p>Homework help for kids, any time.</p>
<iframe src="{provider.url}/widget" style="width:300px;height:100px"></iframe>
<iframe style="position:absolute;left:-9999px;width:300px;height:100px"
        srcdoc="<p>{FAKE}</p>"></iframe>
<iframe style="width:1px;height:1px;border:0" srcdoc="<p>{FAKE}</p>"></iframe>""")
        _snap, page, finding = kit.crawl_chat(site, body, kit.settings(tmp_path, chromium))
    finally:
        provider.close()
    assert page.rendered and "WIDGET-TEXT from the provider" in page.text
    assert "not a human" not in page.text
    assert finding.status is Status.FAIL, finding.reason


@pytest.mark.browser
def test_an_svg_link_does_not_break_the_measurement(
        tmp_path: Path, chromium: str, site: Site) -> None:
    body = kit.page_html("en", "Chat", "<p>Hi! I am Buddy, an AI assistant, not a human.</p>"
                         "<svg width='80' height='20'><a href='/map'><text y='15'>map</text>"
                         "</a></svg><a href='/help'>Help</a>")
    _snap, page, finding = kit.crawl_chat(site, body, kit.settings(tmp_path, chromium))
    assert page.rendered and any(link.href.endswith("/help") for link in page.links)
    assert finding.status is Status.PASS, finding.reason


@pytest.mark.browser
@pytest.mark.parametrize(("fill", "shown"), [("#fff", False), ("none", False), ("#234", True)])
def test_svg_text_is_read_by_its_fill(tmp_path: Path, chromium: str, site: Site,
                                      fill: str, shown: bool) -> None:
    """SVG letters take their colour from ``fill``: white or no fill on a white page is
    no disclosure, a dark fill is one."""
    body = kit.page_html("en", "Chat", "<p>Homework help for kids, any time.</p>"
                         f"<svg width='900' height='40'><text x='0' y='25' fill='{fill}'>"
                         f"{FAKE}</text></svg>")
    _snap, page, finding = kit.crawl_chat(site, body, kit.settings(tmp_path, chromium))
    assert page.rendered and ("not a human" in page.text) is shown
    assert (finding.status is Status.PASS) is shown, finding.reason


def test_lines_absent_from_the_dom_are_dropped() -> None:
    dom = ("<html><body><h1>Buddy</h1><p>Hello <b>there</b>,\n  friend</p>"
           "<p style='text-transform:uppercase'>loud words</p>"
           "<table><tr><td>left</td><td>right</td></tr></table>"
           f"<script>var s = '{FAKE}';</script></body></html>")
    measured = f"Buddy\nHello there, friend\nLOUD WORDS\nleft\tright\n{FAKE}\nplain lie"
    kept, unconfirmed = confirm_in_dom(measured, dom)
    assert kept.split("\n") == ["Buddy", "Hello there, friend", "LOUD WORDS", "left\tright"]
    assert unconfirmed == [FAKE, "plain lie"]  # text in a script is not on the page


def test_only_frames_the_guard_let_load_are_read() -> None:
    refused = {"http://127.0.0.1:9000/x": "refused 127.0.0.1: loopback"}.get
    assert readable_frame("http://127.0.0.2/ok", refused)
    assert readable_frame("about:srcdoc", refused)
    assert not readable_frame("http://127.0.0.1:9000/x", refused)
    assert not readable_frame("chrome-error://chromewebdata/", refused)
    assert not readable_frame("data:text/html,hi", refused)
