"""robots.txt, read once per origin with protego and respected by default.

A missing robots.txt (4xx) allows everything; one that cannot be read (5xx,
timeout, refused) is treated as "disallow all" as RFC 9309 asks, and the pages
it keeps us from are recorded as blocked by robots, never silently skipped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from protego import Protego

from auditor.crawl.discover import robots_url
from auditor.models import FetchCause
from auditor.net.http import Fetched, HttpFetcher, user_agent
from auditor.settings import Settings


class RobotsRules:
    """Per-origin robots rules for one crawl."""

    def __init__(self, fetcher: HttpFetcher, settings: Settings,
                 on_fetch: Callable[[Fetched], None] | None = None) -> None:
        self._fetcher = fetcher
        self._settings = settings
        self._agent = user_agent(settings).split("/", 1)[0]
        self._rules: dict[str, tuple[Protego | None, str | None]] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._on_fetch = on_fetch
        self.sitemaps: list[str] = []

    async def _load(self, url: str) -> tuple[Protego | None, str | None]:
        """(parser or None for allow-all, reason when everything is disallowed)."""
        where = robots_url(url)
        lock = self._locks.setdefault(where, asyncio.Lock())
        async with lock:
            if where in self._rules:
                return self._rules[where]
            got = await self._fetcher.fetch(where, any_type=True, max_bytes=512 * 1024)
            if self._on_fetch is not None:
                self._on_fetch(got)
            rules: tuple[Protego | None, str | None]
            if got.cause is FetchCause.OK and got.status == 200:
                parser = Protego.parse(got.body.decode("utf-8", errors="replace"))
                self.sitemaps.extend(parser.sitemaps)
                rules = (parser, None)
            elif got.cause is FetchCause.HTTP_4XX:
                rules = (None, None)
            else:
                rules = (None, f"robots.txt unreadable ({got.cause.value}: "
                               f"{got.reason or got.status}); treated as disallow-all")
            self._rules[where] = rules
            return rules

    async def refusal(self, url: str) -> str | None:
        """None when robots.txt lets us fetch `url`, else the reason it does not."""
        if not self._settings.crawl.respect_robots:
            return None
        parser, blanket = await self._load(url)
        if blanket:
            return blanket
        if parser is not None and not parser.can_fetch(url, self._agent):
            return f"disallowed by {robots_url(url)}"
        return None
