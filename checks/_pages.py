"""Which pages a check reads, and which pages it wanted but could not read.

The checks share one idea of the home page, the product (chat) pages, privacy
documents and sign-up pages, and one rule for failing to look: when the pages where
the evidence would have been were kept from us (robots, bot protection) the verdict
is ``blocked``; when they broke (timeouts, 5xx, nothing fetched) it is ``error``.
Neither is ever ``fail``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from auditor.models import (
    PASSING_CONFIDENCE,
    FetchCause,
    Fetcher,
    Organization,
    Page,
    Signal,
    SiteSnapshot,
)
from checks.signals.language import UNDETERMINED, reads

STRONG = PASSING_CONFIDENCE
"""A positive signal at or above this confidence is taken as seen."""

WEAK = 0.4
"""A positive signal between WEAK and STRONG is borderline: a person reviews it."""

OK_CAUSES = frozenset({FetchCause.OK, FetchCause.NOT_MODIFIED})
BLOCKED_CAUSES = frozenset({FetchCause.ROBOTS, FetchCause.BLOCKED})

_HINTS = Path(__file__).with_name("hints.toml")


@cache
def hints() -> dict[str, re.Pattern[str]]:
    """The URL and link-text patterns of ``hints.toml``, compiled once."""
    with _HINTS.open("rb") as fh:
        data = tomllib.load(fh)
    return {k: re.compile(v.strip(), re.IGNORECASE) for k, v in data["patterns"].items()}


def hint(name: str, *texts: str | None) -> bool:
    """True when any of `texts` matches the hint pattern `name`."""
    pattern = hints()[name]
    return any(t and pattern.search(t) for t in texts)


def norm_url(url: str) -> str:
    """Compare URLs without scheme case, ``www.``, fragment, query or trailing slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/") or ""
    return f"{host}{path}"


def url_path(url: str) -> str:
    return urlsplit(url).path or "/"


def page_url(page: Page) -> str:
    return page.final_url or page.url


def ok_pages(snapshot: SiteSnapshot) -> list[Page]:
    """Fetched pages, one per URL, the browser-rendered copy preferred."""
    best: dict[str, Page] = {}
    for page in snapshot.pages:
        if page.outcome not in OK_CAUSES:
            continue
        key = norm_url(page_url(page))
        current = best.get(key)
        if current is None or (
            page.fetcher is Fetcher.BROWSER and current.fetcher is not Fetcher.BROWSER
        ):
            best[key] = page
    return list(best.values())


def is_home(page: Page, org: Organization) -> bool:
    home = norm_url(org.url)
    return norm_url(page.url) == home or norm_url(page_url(page)) == home


def is_product(page: Page, org: Organization) -> bool:
    products = {norm_url(u) for u in org.product_urls}
    return page.is_product or bool(
        {norm_url(page.url), norm_url(page_url(page))} & products
    )


def is_privacy(page: Page) -> bool:
    return hint("privacy", url_path(page_url(page)), url_path(page.url), page.title)


def is_signup(page: Page) -> bool:
    return hint("signup", url_path(page_url(page)), page.title)


def is_terms(page: Page) -> bool:
    return hint("terms", url_path(page_url(page)), page.title)


def positive(page: Page, name: str, floor: float = WEAK) -> Signal | None:
    """The page's signal `name` when it is positive with at least `floor` confidence."""
    for signal in page.signals:
        if signal.name == name and signal.value and signal.confidence >= floor:
            return signal
    return None


def seen(page: Page, name: str) -> Signal | None:
    """The page's signal `name` when a check may pass on it: positive with confidence,
    visible, and not left unconfirmed by the browser (`Page.unconfirmed`: a site can
    hide text from people that plain HTML shows, so evidence the browser had no budget
    left to look at, or could not render, is not taken as seen)."""
    signal = positive(page, name, STRONG)
    if signal is None or not signal.visible or name in page.unconfirmed:
        return None
    return signal


def doubt(page: Page, signal: Signal) -> str:
    """Why a positive signal was not taken as seen, in words for a finding's reason."""
    if signal.name in page.unconfirmed:
        return ("it was read over HTTP only and the browser could not confirm that "
                "visitors see it (its confirmation budget ran out, or the page would not "
                "render; the audit's notes say which)")
    if not signal.visible:
        return "it is only in markup hidden from view (collapsed, or hidden by the page)"
    return f"the detector found it with low confidence ({signal.confidence:.2f})"


def link_texts(snapshot: SiteSnapshot, url: str) -> list[str]:
    """Texts of links on fetched pages that point at `url`."""
    key = norm_url(url)
    return [link.text for p in ok_pages(snapshot) for link in p.links
            if norm_url(link.href) == key and link.text]


@dataclass(frozen=True)
class Unseen:
    """A URL we tried and could not read."""

    url: str
    cause: FetchCause
    reason: str | None
    is_product: bool = False
    warc_record_id: str | None = None

    @property
    def blocked(self) -> bool:
        return self.cause in BLOCKED_CAUSES

    def describe(self) -> str:
        what = {
            FetchCause.ROBOTS: "disallowed by robots.txt",
            FetchCause.BLOCKED: "refused by bot protection",
        }.get(self.cause, f"not fetched ({self.cause.value})")
        return f"{self.url} {what}" + (f": {self.reason}" if self.reason else "")


GONE = frozenset({404, 410})
"""A page that answered "not found" was looked at: its absence is an observation."""


def _looked(cause: FetchCause, status: int | None) -> bool:
    return cause in OK_CAUSES or (cause is FetchCause.HTTP_4XX and status in GONE)


def unseen(snapshot: SiteSnapshot) -> list[Unseen]:
    """Pages and log entries that failed, minus URLs some other fetch did read."""
    read = {norm_url(page_url(p)) for p in ok_pages(snapshot)} | {
        norm_url(p.url) for p in ok_pages(snapshot)
    }
    out: dict[str, Unseen] = {}
    for page in snapshot.pages:
        key = norm_url(page.url)
        if not _looked(page.outcome, page.status) and key not in read and key not in out:
            out[key] = Unseen(page.url, page.outcome, page.reason, page.is_product,
                              page.warc_record_id)
    for record in snapshot.log:
        key = norm_url(record.url)
        if not _looked(record.cause, record.status) and key not in read and key not in out:
            out[key] = Unseen(record.url, record.cause, record.reason)
    return list(out.values())


Wanted = Callable[[Unseen, list[str]], bool]
"""Would this unreadable URL (with the texts of links to it) have held the evidence?"""


def wanted_privacy(org: Organization) -> Wanted:
    def wanted(u: Unseen, texts: list[str]) -> bool:
        return norm_url(u.url) == norm_url(org.url) or hint(
            "privacy", url_path(u.url), *texts) or hint("children_notice_link", *texts)
    return wanted


def wanted_product(org: Organization) -> Wanted:
    products = {norm_url(x) for x in org.product_urls}

    def wanted(u: Unseen, texts: list[str]) -> bool:
        return u.is_product or norm_url(u.url) in products
    return wanted


def wanted_entry(org: Organization) -> Wanted:
    """Home, product and sign-up pages: where a notice link must appear."""
    product = wanted_product(org)

    def wanted(u: Unseen, texts: list[str]) -> bool:
        return (norm_url(u.url) == norm_url(org.url) or product(u, texts)
                or hint("signup", url_path(u.url), *texts))
    return wanted


def wanted_safety(org: Organization) -> Wanted:
    product = wanted_product(org)

    def wanted(u: Unseen, texts: list[str]) -> bool:
        return (norm_url(u.url) == norm_url(org.url) or product(u, texts)
                or hint("safety", url_path(u.url), *texts))
    return wanted


def out_of_reach(snapshot: SiteSnapshot, wanted: Wanted) -> list[Unseen]:
    """The unreadable URLs that mattered; all of them when nothing at all was read."""
    missing = unseen(snapshot)
    if not ok_pages(snapshot):
        return missing
    return [u for u in missing if wanted(u, link_texts(snapshot, u.url))]


def unread_pages(snapshot: SiteSnapshot, wanted: Wanted) -> list[Page]:
    """The pages where the evidence would be that are written in a language the
    detectors do not read, when they are at least half of those pages whose language
    shows (else none): nothing found there means nothing read, not nothing said. An
    English site with one translated page stays judged; an English home page beside
    an Italian privacy policy does not. Where no fetched page is a wanted one, the
    whole site is judged so."""
    pages = ok_pages(snapshot)
    chosen = [p for p in pages
              if wanted(Unseen(page_url(p), p.outcome, None, p.is_product),
                        link_texts(snapshot, page_url(p)))] or pages
    known = [p for p in chosen if p.text_language not in (None, UNDETERMINED)]
    unread = [p for p in known if not reads(p.text_language)]
    return unread if unread and len(unread) * 2 >= len(known) else []


def names(pages: Iterable[Page], limit: int = 5) -> str:
    """A short list of URLs for a one-sentence reason."""
    urls = [page_url(p) for p in pages]
    shown = ", ".join(urls[:limit])
    return shown + (f" and {len(urls) - limit} more" if len(urls) > limit else "")
