"""A page whose HTTP reading would pass a check is opened in real Chromium to confirm a
person sees the evidence: a children's notice hidden by a class of the site's own
stylesheet (which plain HTML parsing cannot apply) no longer passes."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from auditor.crawl import BrowserPool, crawl_site
from auditor.crawl.escalate import CONFIRM
from auditor.models import Fetcher, Organization, SiteSnapshot, Status
from checks import coppa_notice_published
from checks.signals import analyse_page
from tests.auditor.crawl.browserkit import T0, page_html, settings
from tests.auditor.loopback import Site

NOTICE = ("<div class='legal-extra'><h2>Children's Privacy Notice</h2><p>We collect a "
          "child's first name and a parent's e-mail address only after the parent gives "
          "verifiable consent, and a parent may review or delete the child's information "
          "at any time by writing to privacy@kidscorner.example.</p></div>")


def _serve(site: Site, css: str) -> Organization:
    site.page("/robots.txt", "User-agent: *\nAllow: /\n", ctype="text/plain")
    site.page("/site.css", css, ctype="text/css")
    site.page("/", page_html("en", "Kids Corner", "<h1>Kids Corner</h1><p>Stories and "
                                   "games for children.</p><a href='/privacy'>Privacy</a>"))
    site.page("/privacy", page_html(
        "en", "Privacy", "<link rel='stylesheet' href='/site.css'><h1>Privacy</h1>"
        "<p>This page explains how Kids Corner handles information.</p>" + NOTICE))
    return Organization(id="kids", name="Kids Corner", url=f"{site.url}/",
                        contact_email="t@example.com", audience="under13")


def _crawl(org: Organization, s: Any) -> SiteSnapshot:
    async def go() -> SiteSnapshot:
        async with BrowserPool(s) as pool:
            return await crawl_site(org, s, audit_id="confirm", started_at=T0, browser=pool,
                                    analyser=analyse_page)
    return asyncio.run(go())


def test_a_notice_hidden_by_the_sites_stylesheet_does_not_pass(
        tmp_path: Path, site: Site, chromium: str) -> None:
    org = _serve(site, ".legal-extra { display: none }")
    snap = _crawl(org, settings(tmp_path, chromium))
    privacy = snap.page(f"{site.url}/privacy")
    assert privacy is not None and privacy.render_reason == CONFIRM
    assert privacy.fetcher is Fetcher.BROWSER
    assert "verifiable consent" in " ".join(privacy.hidden_text)
    assert coppa_notice_published.run(snap, org)[0].status is not Status.PASS


def test_a_visible_notice_still_passes_after_the_check(
        tmp_path: Path, site: Site, chromium: str) -> None:
    org = _serve(site, ".legal-extra { color: #222 }")
    snap = _crawl(org, settings(tmp_path, chromium))
    privacy = snap.page(f"{site.url}/privacy")
    assert privacy is not None and privacy.render_reason == CONFIRM
    assert coppa_notice_published.run(snap, org)[0].status is Status.PASS
    home = snap.page(f"{site.url}/")
    assert home is not None and home.render_reason is None  # nothing on it to confirm


def test_without_confirmation_the_hidden_notice_would_pass(
        tmp_path: Path, site: Site, chromium: str) -> None:
    org = _serve(site, ".legal-extra { display: none }")
    snap = _crawl(org, settings(tmp_path, chromium, confirm_evidence=0))
    privacy = snap.page(f"{site.url}/privacy")
    assert privacy is not None and privacy.render_reason is None
    assert coppa_notice_published.run(snap, org)[0].status is Status.PASS


def test_without_a_browser_the_snapshot_says_evidence_was_not_confirmed(
        tmp_path: Path, site: Site) -> None:
    org = _serve(site, ".legal-extra { display: none }")
    snap = _crawl(org, settings(tmp_path, "/nonexistent/chromium", browser="never"))
    privacy = snap.page(f"{site.url}/privacy")
    assert privacy is not None and privacy.render_reason == CONFIRM
    assert privacy.fetcher is not Fetcher.BROWSER
    assert "no browser: passing evidence seen over HTTP only, not confirmed visible" \
        in snap.notes
