"""Build snapshots for check tests from the fixture pages, through the real pipeline.

Each fixture file is parsed with `auditor.parse.htmldoc.parse` and scored with
`checks.signals.analyze` (its text language with `page_language`), as the crawler
does, and gets a fake archive record id and the SHA-256 of its bytes so evidence can
be traced.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from auditor.models import (
    Audience,
    Evidence,
    FetchCause,
    Fetcher,
    FetchRecord,
    Link,
    Organization,
    Page,
    Signal,
    SiteSnapshot,
)
from auditor.parse.htmldoc import parse
from checks.signals import analyze, page_language

PAGES = Path(__file__).parent / "fixtures" / "pages"
T0 = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
BASE = "https://storypal.example"


def org(**changes: Any) -> Organization:
    data: dict[str, Any] = {
        "id": "storypal", "name": "StoryPal Learning", "url": f"{BASE}/",
        "product_urls": [f"{BASE}/chat"], "contact_email": "compliance@storypal.example",
        "audience": Audience.UNDER13, "jurisdictions": ["US"], "product_kind": "tutor",
    }
    data.update(changes)
    return Organization(**data)


def page(fixture: str, path: str, *, is_product: bool = False, base: str = BASE,
         fetcher: Fetcher = Fetcher.HTTP) -> Page:
    """A fetched page from `fixtures/pages/<fixture>` served at `base + path`."""
    html = (PAGES / fixture).read_text(encoding="utf-8")
    return page_from_html(html, path, is_product=is_product, base=base, fetcher=fetcher)


def page_from_html(html: str, path: str, *, is_product: bool = False, base: str = BASE,
                   fetcher: Fetcher = Fetcher.HTTP) -> Page:
    """A fetched page serving `html` at `base + path`, parsed and analysed."""
    url = base + path
    doc = parse(html, url)
    digest = hashlib.sha256(html.encode()).hexdigest()
    result = Page(url=url, final_url=url, fetched_at=T0, fetcher=fetcher, status=200,
                  html=html, text=doc.text, hidden_text=doc.hidden_text, title=doc.title,
                  links=[Link(href=h, text=t) for h, t in doc.links], is_product=is_product,
                  depth=0 if path == "/" else 1, sha256=digest,
                  app_shell=doc.app_shell and fetcher is not Fetcher.BROWSER,
                  warc_record_id=f"<urn:uuid:{digest[:8]}-0000-4000-8000-{digest[8:20]}>")
    result.signals = analyze(doc, result)
    result.text_language = page_language(doc)
    return result


def refused(path: str, cause: FetchCause = FetchCause.ROBOTS, *, is_product: bool = False,
            base: str = BASE) -> Page:
    """A page we were kept from (robots, bot protection) or that broke (timeout, 5xx)."""
    reason = {FetchCause.ROBOTS: "robots.txt: Disallow: " + path,
              FetchCause.BLOCKED: "HTTP 403 with a bot challenge"}.get(cause, "timed out")
    return Page(url=base + path, final_url=base + path, fetched_at=T0, outcome=cause,
                reason=reason, is_product=is_product)


def site(*pages: Page, browser: bool = True, log: list[FetchRecord] | None = None,
         org_id: str = "storypal") -> SiteSnapshot:
    return SiteSnapshot(org_id=org_id, started_at=T0, finished_at=T0, pages=list(pages),
                        browser_available=browser, log=log or [])


def signal_page(path: str, *signals: Signal, is_product: bool = False) -> Page:
    """A page whose signals are given directly (pure-logic tests of borderline cases)."""
    url = BASE + path
    return Page(url=url, final_url=url, fetched_at=T0, title=path, text="(text)",
                is_product=is_product, signals=list(signals), sha256="ab" * 32,
                warc_record_id="<urn:uuid:00000000-0000-4000-8000-000000000000>")


def sig(name: str, value: bool = True, confidence: float = 0.9, *, visible: bool = True,
        elements: list[str] | None = None, snippet: str = "a sentence") -> Signal:
    return Signal(name=name, value=value, confidence=confidence, visible=visible,
                  elements=elements or [],
                  evidence=[Evidence(url="", snippet=snippet, locator="text[0:10]")])


def kids_site() -> list[Page]:
    """StoryPal done right: notice linked everywhere, disclosure at the chat, safety pages."""
    return [page("kids_home.html", "/"), page("children_privacy.html", "/privacy/children"),
            page("chat_disclosed.html", "/chat", is_product=True),
            page("safety_center.html", "/safety")]
