"""When a page needs a browser: a pure decision over what plain HTTP saw."""

from __future__ import annotations

import re

from auditor.models import PASSING_CONFIDENCE, PASSING_SIGNALS, FetchCause, Page
from auditor.net.http import Fetched
from auditor.settings import Settings

BOT_STATUSES = frozenset({403, 406, 502})
"""Refusals that often come from bot protection rather than from the site itself."""

CONFIRM = "evidence to confirm"
"""The render reason of a page whose HTTP reading would pass a check."""
_CAN_HIDE = re.compile(rb"<style|<script|stylesheet", re.IGNORECASE)
"""Markup through which a page's own CSS or scripts can hide text that plain HTML shows
(inline ``style`` attributes and ``hidden`` are read without a browser)."""


def render_reason(page: Page, got: Fetched, settings: Settings,
                  confirm: bool = False, body: bytes | None = None) -> str | None:
    """Why `page` should be rendered (None: what HTTP saw is enough).

    Given even when no browser will run (``browser = "never"`` or none installed), so
    checks that need a rendering can say ``needs_review`` and why. `body`: what was
    analysed, when not `got`'s (a 304's archived copy). `confirm`: the org's
    budget of confirmations (``crawl.confirm_evidence``) is not spent, so a page whose
    HTTP reading carries evidence a check would pass on, and whose stylesheets or
    scripts could hide it from people, is rendered to see what a person sees: a hostile
    page cannot pass on text it hides with a class.
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
    if confirm and _passes_on(page) and _CAN_HIDE.search(got.body if body is None else body):
        return CONFIRM
    return None


def _passes_on(page: Page) -> bool:
    return any(s.name in PASSING_SIGNALS and s.value and s.visible
               and s.confidence >= PASSING_CONFIDENCE for s in page.signals)
