"""Browser escalation against real Chromium on loopback."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest

from auditor.crawl import BrowserPool, crawl_site
from auditor.crawl.archive import iter_pages, rebuild_snapshot
from auditor.models import FetchCause, Fetcher, Organization, SiteSnapshot
from auditor.settings import load_settings
from checks.signals import analyse_page
from tests.auditor.loopback import Site, html

pytestmark = pytest.mark.browser
T0 = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)

SHELL = html("App", "<header><a href='/'>Home</a></header><div id='app'><noscript>Please enable "
                    "JavaScript</noscript></div><script src='/app.js'></script>")
APP_JS = ("setTimeout(function(){fetch('/api.json').then(function(r){return r.json()})"
          ".then(function(d){document.getElementById('app').innerHTML=d.html;});}, 200);")
API = ('{"html": "<h1>JS-ONLY-MARKER children\'s privacy</h1><a href=\'/from-js/\'>More</a>'
       '<span style=\'opacity:0\'>ghost words</span>'
       '<span style=\'position:absolute;left:-9999px\'>offscreen words</span>"}')
BANNER = ("<div id='onetrust-banner-sdk'>We use cookies <button id='onetrust-accept-btn-handler' "
          "onclick=\"this.parentNode.remove()\">Accept</button></div>")
PRODUCT = html("Chat", BANNER + "<p>Talk to Buddy.</p><button class='chat-launcher' onclick=\""
                       "document.getElementById('w').style.display='block'\">Chat</button>"
                       "<div id='w' style='display:none'>Hi! I am an AI assistant, not a "
                       "human.</div>")


def org(url: str, **kw: Any) -> Organization:
    return Organization(id="acme", name="Acme", url=url, contact_email="t@example.com",
                        audience="under13", **kw)


def build(site: Site) -> None:
    site.page("/robots.txt", "User-agent: *\nAllow: /\n", ctype="text/plain")
    site.page("/", SHELL)
    site.page("/app.js", APP_JS, ctype="application/javascript")
    site.page("/api.json", API, ctype="application/json")
    site.page("/from-js/", html("From JS", "<p>linked only from script</p>"))
    site.page("/chat", PRODUCT)
    site.page("/wall", "denied", status=403)

    def guarded(h: Any) -> None:
        ok = "Chrome/" in (h.headers.get("User-Agent") or "")
        body = html("Guarded", "<p>behind the guard</p>") if ok else "no"
        Site.reply(h, 200 if ok else 403, body)

    site.routes["/guarded"] = guarded


def run(settings: Any, o: Organization, **kw: Any) -> SiteSnapshot:
    async def go() -> SiteSnapshot:
        async with BrowserPool(settings) as pool:
            return await crawl_site(o, settings, audit_id="b1", started_at=T0, browser=pool,
                                  analyser=analyse_page, **kw)

    return asyncio.run(go())


def settings_for(tmp_path: Any, chromium: str | None, **crawl: Any) -> Any:
    base = {"allow_private_networks": True, "retries": 0, "browser_path": chromium,
            "render_timeout_s": 15.0}
    return load_settings(data_dir=tmp_path / "data", testing=True, crawl={**base, **crawl})


def test_js_content_is_found_only_with_rendering(tmp_path: Any, site: Site, chromium: str) -> None:
    build(site)
    o = org(f"{site.url}/", product_urls=[f"{site.url}/chat"])
    plain = run(settings_for(tmp_path, chromium, browser="never"), o, seeds=[f"{site.url}/guarded",
                                                                           f"{site.url}/wall"])
    home = plain.page(f"{site.url}/")
    assert home is not None and home.app_shell and "JS-ONLY-MARKER" not in home.text
    assert home.render_reason == "application shell" and home.fetcher is Fetcher.HTTP
    assert plain.page(f"{site.url}/from-js/") is None

    snap = run(settings_for(tmp_path, chromium), o,
               seeds=[f"{site.url}/guarded", f"{site.url}/wall"])
    home = snap.page(f"{site.url}/")
    assert home is not None and home.fetcher is Fetcher.BROWSER and home.rendered
    assert "JS-ONLY-MARKER" in home.text
    assert "ghost words" not in home.text and "ghost words" in home.hidden_text
    assert "offscreen words" not in home.text and "offscreen words" in home.hidden_text
    assert snap.page(f"{site.url}/from-js/") is not None  # a link only the script made

    chat = snap.page(f"{site.url}/chat")
    assert chat is not None and chat.is_product and chat.consent_banner == "OneTrust"
    assert chat.chat_opened and "I am an AI assistant" in chat.text
    assert chat.screenshot_record_id

    guarded, wall = snap.page(f"{site.url}/guarded"), snap.page(f"{site.url}/wall")
    assert guarded is not None and guarded.outcome is FetchCause.OK and guarded.rendered
    assert wall is not None and wall.outcome is FetchCause.BLOCKED

    kinds = {r.record_id: r.kind for r in iter_pages(snap.warc_path or "")}
    assert kinds[home.warc_record_id or ""] == "dom"
    assert kinds[chat.screenshot_record_id or ""] == "screenshot"
    again = rebuild_snapshot(snap.warc_path or "", o, analyse_page)
    redo = again.page(f"{site.url}/")
    assert redo is not None and redo.rendered and redo.text == home.text
    assert redo.signals == home.signals


def test_no_browser_means_http_only_with_a_note(tmp_path: Any, site: Site) -> None:
    build(site)
    settings = settings_for(tmp_path, "/nonexistent/chromium")
    pool = BrowserPool(settings)
    pool.executable = None  # as on a machine without any Chromium
    snap = asyncio.run(crawl_site(org(f"{site.url}/"), settings, audit_id="b2", started_at=T0,
                                  browser=pool))
    assert not snap.browser_available
    assert any("no browser" in n for n in snap.notes)
    home = snap.page(f"{site.url}/")
    assert home is not None and home.render_reason == "application shell" and not home.rendered
