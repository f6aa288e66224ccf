"""A page whose HTTP reading would pass a check is opened in real Chromium to confirm a
person sees the evidence: a children's notice hidden by a class of the site's own
stylesheet (which plain HTML parsing cannot apply) no longer passes."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from auditor.crawl import BrowserPool, crawl_site
from auditor.crawl.browser import OrgBrowser
from auditor.crawl.escalate import CONFIRM, passing
from auditor.models import PASSING_SIGNALS, Fetcher, Organization, SiteSnapshot, Status
from checks import coppa_notice_published
from checks.signals import analyse_page
from tests.auditor.crawl.browserkit import T0, crawl_rendered, page_html, serve_privacy, settings
from tests.auditor.loopback import Site

NOTICE = ("<div class='legal-extra'><h2>Children's Privacy Notice</h2><p>We collect a "
          "child's first name and a parent's e-mail address only after the parent gives "
          "verifiable consent, and a parent may review or delete the child's information "
          "at any time by writing to privacy@kidscorner.example.</p></div>")


def _serve(site: Site, css: str) -> Organization:
    return serve_privacy(site, css, NOTICE)


def _crawl(org: Organization, s: Any) -> SiteSnapshot:
    return crawl_rendered(org, s, "confirm")


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


REPORT = ("<h2>Reporting a problem</h2><p>To report abuse, bullying or inappropriate content, "
          "tap the Report button next to any message or write to safety@kidscorner.example; "
          "our moderators review every report within one day.</p>")


MODERATION = ("<h2>Keeping chats safe</h2><p>Our moderators review messages and remove "
              "content that breaks our community rules, and an automated filter blocks "
              "bad words before other players see them.</p>")
AGE = ("<h2>Age check</h2><p>When you sign up we ask for your date of birth, and our age "
       "verification tool confirms it before chat is turned on.</p>")
GUIDE = ("<h2>A guide for parents</h2><p>Our online safety guide for parents and kids "
         "explains how to talk with your child about staying safe online, with tips and "
         "lesson plans for families and teachers.</p>")


def _serve_pages(site: Site, css: str, pages: dict[str, str]) -> Organization:
    """A home page linking to each of `pages` (path -> body), all using /site.css."""
    site.page("/robots.txt", "User-agent: *\nAllow: /\n", ctype="text/plain")
    site.page("/site.css", css, ctype="text/css")
    links = "".join(f"<a href='{path}'>{path.strip('/')}</a> " for path in pages)
    site.page("/", page_html("en", "Kids Corner", f"<h1>Kids Corner</h1><p>{links}</p>"))
    for path, body in pages.items():
        site.page(path, page_html("en", path.strip("/"), "<link rel='stylesheet' "
                                  f"href='/site.css'><h1>{path.strip('/')}</h1>{body}"))
    return Organization(id="kids", name="Kids Corner", url=f"{site.url}/",
                        contact_email="t@example.com", audience="under13")


def _rendered(snap: SiteSnapshot) -> list[str]:
    return sorted(p.url.rsplit("/", 1)[1] for p in snap.pages
                  if p.render_reason == CONFIRM and p.fetcher is Fetcher.BROWSER)


def test_one_rendering_backs_a_notice_seen_on_several_pages(
        tmp_path: Path, site: Site, chromium: str) -> None:
    shown = NOTICE.replace("legal-extra", "shown")
    org = _serve_pages(site, ".shown { color: #222 }",
                       {"/privacy": shown, "/parents": shown, "/children": shown})
    snap = _crawl(org, settings(tmp_path, chromium, budget={"max_pages": 6}))
    assert len(_rendered(snap)) == 1
    assert coppa_notice_published.run(snap, org)[0].status is Status.PASS


def _hidden_then_shown(site: Site) -> Organization:
    """/safety hides a notice and a reporting statement (two signals: opened first);
    /privacy shows the notice alone."""
    hidden = "<div class='legal-extra'>" + REPORT + NOTICE + "</div>"
    return _serve_pages(site, ".legal-extra { display: none }",
                        {"/safety": hidden, "/privacy": NOTICE.replace("legal-extra", "shown")})


def test_evidence_found_hidden_sends_the_check_to_the_next_page(
        tmp_path: Path, site: Site, chromium: str) -> None:
    org = _hidden_then_shown(site)
    snap = _crawl(org, settings(tmp_path, chromium, budget={"max_pages": 6}))
    assert _rendered(snap) == ["privacy", "safety"]  # both, in one kept tab
    safety = snap.page(f"{site.url}/safety")
    assert safety is not None and not passing(safety)  # seen as hidden text only
    assert coppa_notice_published.run(snap, org)[0].status is Status.PASS
    assert not any("confirmation budget" in n for n in snap.notes)


def test_a_spent_budget_is_noted_with_what_it_left_unconfirmed(
        tmp_path: Path, site: Site, chromium: str) -> None:
    org = _hidden_then_shown(site)
    snap = _crawl(org, settings(tmp_path, chromium, confirm_evidence=1,
                                budget={"max_pages": 6}))
    assert _rendered(snap) == ["safety"]
    note = next(n for n in snap.notes if n.startswith("confirmation budget (1) spent"))
    assert "coppa_notice" in note and "seen over HTTP only, not confirmed visible" in note
    privacy = snap.page(f"{site.url}/privacy")
    assert privacy is not None and "coppa_notice" in privacy.unconfirmed
    finding = coppa_notice_published.run(snap, org)[0]
    assert finding.status is Status.NEEDS_REVIEW and "could not confirm" in finding.reason


def test_a_page_that_will_not_render_is_reviewed_not_passed(
        tmp_path: Path, site: Site, chromium: str) -> None:
    stuck = NOTICE.replace("legal-extra", "shown") + "<script>for (;;) {}</script>"
    org = _serve_pages(site, ".shown { color: #222 }", {"/privacy": stuck})
    snap = _crawl(org, settings(tmp_path, chromium, render_timeout_s=3.0,
                                budget={"max_pages": 4}))
    privacy = snap.page(f"{site.url}/privacy")
    assert privacy is not None and privacy.render_reason == CONFIRM and not privacy.rendered
    assert "coppa_notice" in privacy.unconfirmed
    assert any(n.startswith(f"confirmation failed for {site.url}/privacy") for n in snap.notes)
    finding = coppa_notice_published.run(snap, org)[0]
    assert finding.status is Status.NEEDS_REVIEW and "could not confirm" in finding.reason


def test_more_hidden_copies_than_the_budget_do_not_buy_a_pass(
        tmp_path: Path, site: Site, chromium: str) -> None:
    org = _serve_pages(site, ".legal-extra { display: none }",
                       {f"/notice-{n}": NOTICE for n in range(3)})
    snap = _crawl(org, settings(tmp_path, chromium, confirm_evidence=2,
                                budget={"max_pages": 6}))
    assert _rendered(snap) == ["notice-0", "notice-1"]  # both found hiding the notice
    assert coppa_notice_published.run(snap, org)[0].status is Status.NEEDS_REVIEW


def test_the_default_budget_confirms_a_signal_on_each_of_five_pages(
        tmp_path: Path, site: Site, chromium: str) -> None:
    shown = NOTICE.replace("legal-extra", "shown")
    pages = {"/privacy": shown, "/report": REPORT, "/moderation": MODERATION,
             "/age": AGE, "/parents": GUIDE}
    org = _serve_pages(site, ".shown { color: #222 }", pages)
    snap = _crawl(org, settings(tmp_path, chromium, budget={"max_pages": 8}))
    assert sorted(set().union(*(passing(p) for p in snap.pages))) == sorted(PASSING_SIGNALS)
    assert not any("confirmation budget" in n for n in snap.notes)
    assert not any(p.unconfirmed for p in snap.pages)
    assert coppa_notice_published.run(snap, org)[0].status is Status.PASS


def test_a_kept_tab_gives_its_slot_back_for_the_next_org(
        tmp_path: Path, site: Site, chromium: str) -> None:
    """One open page for the whole pool: the second org's confirmation would wait
    forever if the tab kept after the first org's kept its slot (bounded by a generous
    guard); the second confirmation reuses that tab."""
    org = _serve(site, ".legal-extra { color: #222 }")
    s = settings(tmp_path, chromium, max_open_pages=1)

    async def go() -> tuple[list[SiteSnapshot], int]:
        async with BrowserPool(s) as pool:
            snaps = []
            for n in range(2):
                snaps.append(await asyncio.wait_for(crawl_site(
                    org, s, audit_id=f"slot{n}", started_at=T0, browser=pool,
                    analyser=analyse_page), 120))
            return snaps, pool.open_tabs

    snaps, tabs = asyncio.run(go())
    assert [_rendered(snap) for snap in snaps] == [["privacy"], ["privacy"]]
    assert tabs == 1  # the confirmation tab, kept and used by both orgs


def test_a_kept_tab_is_closed_after_its_share_of_renders(
        tmp_path: Path, site: Site, chromium: str, monkeypatch: Any) -> None:
    """What a tab's requests leave on our side goes only when the tab closes, so a kept
    tab retires after ``TAB_RENDERS`` confirmations and the next one opens a new tab."""
    monkeypatch.setattr(OrgBrowser, "TAB_RENDERS", 2)
    _serve(site, ".legal-extra { color: #222 }")
    s = settings(tmp_path, chromium)

    async def go() -> list[tuple[bool, int]]:
        async with BrowserPool(s) as pool:
            seen = []
            for _ in range(3):
                got = await pool.confirm(f"{site.url}/privacy")
                seen.append(("verifiable consent" in got.measured.get("text", ""),
                             pool.open_tabs))
            return seen

    assert asyncio.run(go()) == [(True, 1), (True, 0), (True, 1)]


def test_inline_hiding_that_libxml2_nests_unlike_a_browser_is_confirmed(
        tmp_path: Path, site: Site, chromium: str) -> None:
    """No stylesheet, no script: `<b hidden><p>` shows the paragraph to libxml2 (it
    closes the `b` first) and hides it in a browser, so the page is confirmed too."""
    notice = NOTICE.replace("<div class='legal-extra'>", "<b hidden>").replace("</div>", "</b>")
    site.page("/robots.txt", "User-agent: *\nAllow: /\n", ctype="text/plain")
    site.page("/", page_html("en", "Kids Corner", "<h1>Kids Corner</h1>"
                                   "<a href='/privacy'>Privacy</a>"))
    site.page("/privacy", page_html("en", "Privacy", "<h1>Privacy</h1>" + notice))
    org = Organization(id="kids", name="Kids Corner", url=f"{site.url}/",
                       contact_email="t@example.com", audience="under13")
    snap = _crawl(org, settings(tmp_path, chromium))
    assert _rendered(snap) == ["privacy"]
    assert coppa_notice_published.run(snap, org)[0].status is not Status.PASS


def test_a_lost_confirmation_context_is_replaced_for_the_next_org(
        tmp_path: Path, site: Site, chromium: str) -> None:
    """The shared context going away (as when its renderer crashes) must not end
    confirmation for the rest of the run."""
    org = _serve(site, ".legal-extra { color: #222 }")
    s = settings(tmp_path, chromium)

    async def go() -> list[SiteSnapshot]:
        async with BrowserPool(s) as pool:
            first = await crawl_site(org, s, audit_id="lost0", started_at=T0, browser=pool,
                                     analyser=analyse_page)
            assert pool._confirming is not None  # the context the run's orgs share
            await pool._confirming.context.close()
            second = await crawl_site(org, s, audit_id="lost1", started_at=T0, browser=pool,
                                      analyser=analyse_page)
            return [first, second]

    assert [_rendered(snap) for snap in asyncio.run(go())] == [["privacy"], ["privacy"]]


def test_a_confirmation_asks_for_the_stylesheet_but_no_picture(
        tmp_path: Path, site: Site, chromium: str) -> None:
    """The confirmation context is not routed through Playwright; pictures stay unasked
    for all the same (Blink's own setting), while what decides visibility loads."""
    site.page("/pic.png", "not really a picture", ctype="image/png")
    site.page("/back.png", "not really a picture", ctype="image/png")
    org = _serve(site, ".legal-extra { color: #222; background: url(/back.png) }")
    site.page("/privacy", page_html(
        "en", "Privacy", "<link rel='stylesheet' href='/site.css'><h1>Privacy</h1>"
        "<img src='/pic.png' alt=''><p>This page explains how Kids Corner handles "
        "information.</p>" + NOTICE))
    snap = _crawl(org, settings(tmp_path, chromium))
    privacy = snap.page(f"{site.url}/privacy")
    assert privacy is not None and privacy.render_reason == CONFIRM
    assert privacy.fetcher is Fetcher.BROWSER
    assert site.hits.get("/site.css", 0) >= 1
    assert site.hits.get("/pic.png", 0) == 0 and site.hits.get("/back.png", 0) == 0
    assert coppa_notice_published.run(snap, org)[0].status is Status.PASS
