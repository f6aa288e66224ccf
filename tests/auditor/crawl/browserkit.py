"""Crawl one chat page in real Chromium and judge it: the kit of the browser tests."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from auditor.crawl import BrowserPool, crawl_site
from auditor.models import Finding, Organization, Page, SiteSnapshot
from auditor.settings import Settings, load_settings
from checks import ai_disclosure_present
from checks.signals import analyse_page
from tests.auditor.loopback import Site

T0 = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def page_html(lang: str, title: str, body: str) -> str:
    return (f"<!doctype html><html lang={lang}><head><meta charset=utf-8><title>{title}</title>"
            f"</head><body>{body}</body></html>")


def settings(tmp_path: Path, chromium: str, **crawl: Any) -> Settings:
    base = {"allow_private_networks": True, "retries": 0, "browser_path": chromium,
            "render_timeout_s": 20.0, "budget": {"max_pages": 3}}
    return load_settings(data_dir=tmp_path / "data", testing=True, crawl={**base, **crawl})


def crawl_chat(site: Site, body: str, s: Settings) -> tuple[SiteSnapshot, Page, Finding]:
    """Serve `body` at /chat (the org's product page), crawl it, run ai.disclosure_present."""
    site.page("/robots.txt", "User-agent: *\nAllow: /\n", ctype="text/plain")
    site.page("/chat", body)
    chat = f"{site.url}/chat"
    org = Organization(id="acme", name="Acme", url=chat, contact_email="t@example.com",
                       audience="under13", product_urls=[chat])

    async def go() -> SiteSnapshot:
        async with BrowserPool(s) as pool:
            return await crawl_site(org, s, audit_id="kit", started_at=T0, browser=pool,
                                    analyser=analyse_page)

    snap = asyncio.run(go())
    page = snap.page(chat)
    assert page is not None
    return snap, page, ai_disclosure_present.run(snap, org)[0]


def crawl_rendered(org: Organization, s: Settings, audit_id: str = "browser") -> SiteSnapshot:
    """Crawl `org` with a real Chromium pool and the detectors (the browser tests' crawl)."""
    async def go() -> SiteSnapshot:
        async with BrowserPool(s) as pool:
            return await crawl_site(org, s, audit_id=audit_id, started_at=T0, browser=pool,
                                    analyser=analyse_page)
    return asyncio.run(go())


def serve_privacy(site: Site, css: str, body: str) -> Organization:
    """A home page linking to /privacy, whose `body` follows a short introduction under
    the site's stylesheet `css` (the confirmation tests' site)."""
    site.page("/robots.txt", "User-agent: *\nAllow: /\n", ctype="text/plain")
    site.page("/site.css", css, ctype="text/css")
    site.page("/", page_html("en", "Kids Corner", "<h1>Kids Corner</h1><p>Stories and games "
                                   "for children.</p><a href='/privacy'>Privacy</a>"))
    site.page("/privacy", page_html(
        "en", "Privacy", "<link rel='stylesheet' href='/site.css'><h1>Privacy</h1>"
        "<p>This page explains how Kids Corner handles information.</p>" + body))
    return Organization(id="kids", name="Kids Corner", url=f"{site.url}/",
                        contact_email="t@example.com", audience="under13")
