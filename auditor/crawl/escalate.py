"""When a page needs a browser: a pure decision over what plain HTTP saw."""

from __future__ import annotations

from auditor.models import FetchCause, Page
from auditor.net.http import Fetched
from auditor.settings import Settings

BOT_STATUSES = frozenset({403, 406, 502})
"""Refusals that often come from bot protection rather than from the site itself."""


def render_reason(page: Page, got: Fetched, settings: Settings) -> str | None:
    """Why `page` should be rendered (None: what HTTP saw is enough).

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
