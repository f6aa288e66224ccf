"""When a page needs a browser: a pure decision over what plain HTTP saw."""

from __future__ import annotations

import re

from auditor.models import PASSING_CONFIDENCE, PASSING_SIGNALS, FetchCause, Page
from auditor.net.http import Fetched
from auditor.settings import Settings

BOT_STATUSES = frozenset({403, 406, 502})
"""Refusals that often come from bot protection rather than from the site itself."""

CONFIRM = "evidence to confirm"
"""The render reason of a page whose HTTP reading would pass a check (opened once the
crawl is done, see :func:`confirmable` and :func:`to_confirm`)."""
_CAN_HIDE = re.compile(rb"<style|<script|stylesheet|\shidden\b|\sstyle\s*=|\spopover\b"
                       rb"|\s(?:bg)?color\s*=|<body[^>]*\stext\s*=|shadowroot|<object|<embed"
                       rb"|<frameset|http-equiv\s*=\s*[\"']?refresh", re.IGNORECASE)
"""Markup through which a page can hide text that plain HTML parsing shows: its own CSS
or scripts; inline hiding too (read without a browser, but libxml2 nests some markup
unlike a browser: ``<b hidden><p>`` closes the ``b`` before the paragraph, which a
browser hides with it); presentational colours (``<font color>``, ``bgcolor``, the
body's ``text``: ink the colour of the page); a declarative shadow root (the host's
own children show only where it has a slot for them); embedded objects (a loaded one
hides its fallback text); a frameset (the body is not shown); and an immediate
refresh to another page."""


def render_reason(page: Page, got: Fetched, settings: Settings) -> str | None:
    """Why `page` should be rendered now (None: what HTTP saw is enough, or the page
    waits for the end of the crawl to be confirmed: see :func:`confirmable`).

    Given even when no browser will run (``browser = "never"`` or none installed), so
    checks that need a rendering can say ``needs_review`` and why.
    """
    mode = settings.crawl.browser
    if page.outcome in (FetchCause.ROBOTS, FetchCause.SSRF,
                                           FetchCause.NOT_HTML, FetchCause.TOO_LARGE,
                                           FetchCause.TOO_MANY_REDIRECTS):
        return None
    if got.status in BOT_STATUSES or got.reset:
        return "refused over HTTP (possible bot protection)"
    if page.outcome is not FetchCause.OK:
        return None
    if mode == "always":
        return "settings say always"
    if page.is_product:
        return "product page"
    if page.app_shell:
        return "application shell"
    return None


def confirmable(page: Page, body: bytes) -> bool:
    """Whether `page`'s HTTP reading carries evidence a check would pass on, and its
    `body` has markup that could hide that evidence from people (``_CAN_HIDE``): such a
    page is a candidate to open in the browser once the crawl is done, so a hostile page
    cannot pass on text it hides with a class."""
    return (page.outcome is FetchCause.OK and not page.rendered and bool(passing(page))
            and _CAN_HIDE.search(body) is not None)


def passing(page: Page) -> frozenset[str]:
    """The signals on `page` that a check would pass on (visible, confident, true)."""
    return frozenset(s.name for s in page.signals
                     if s.name in PASSING_SIGNALS and s.value and s.visible
                     and s.confidence >= PASSING_CONFIDENCE)


def to_confirm(pages: list[Page], candidates: list[int], seen: frozenset[str]) -> int | None:
    """Which candidate (an index into `pages`) to open next: the one whose passing
    signals add most to those already `seen` by a person (earliest visited on a tie;
    None when no candidate adds any). One rendering usually backs several checks, and a
    signal a person has seen on one page needs no second page to confirm it."""
    best, gain = None, 0
    for index in candidates:
        added = len(passing(pages[index]) - seen)
        if added > gain:
            best, gain = index, added
    return best
