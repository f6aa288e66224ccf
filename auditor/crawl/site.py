"""crawl_site: one organization's site in, one SiteSnapshot (and its WARC) out.

A priority frontier (seeds first, then links ranked by relevance, shallow before
deep) feeds a few workers; each page is checked against robots.txt, fetched over
HTTP, archived, analysed, and escalated to the browser when it is a product page,
an application shell, or looks refused by bot protection. When the frontier is empty,
the fewest pages whose HTTP evidence would pass a check are opened in the browser to
confirm a person sees it (:meth:`_Crawl.confirm`).

Analysis (parse and detectors) is CPU work. Without a process pool it runs on the
event loop itself, as Scrapy parses in its reactor: a thread would only contend for
the GIL with the loop, and made each page cost about a quarter more CPU on the
site-farm benchmark (44 against 35 ms a page on one core). More cores are used
through a process pool (`executor`) or one crawling process per core.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor import __version__
from auditor.crawl import escalate
from auditor.crawl.archive import ArchivedPage, PreviousArchive, WarcArchive, sha256
from auditor.crawl.discover import Scope, normalize, relevance, sitemap_locations
from auditor.crawl.robots import RobotsRules
from auditor.errors import BrowserError
from auditor.models import FetchCause, Fetcher, FetchRecord, Organization, Page, SiteSnapshot
from auditor.net.http import Fetched, HttpFetcher, media_type, user_agent
from auditor.net.ssrf import check_url_async
from auditor.parse.page import Analyser, parse_only
from auditor.settings import Settings

if TYPE_CHECKING:
    from auditor.crawl.browser import BrowserPool, OrgBrowser

_SEED_PRIORITY = -10_000


class _Crawl:
    """State of one org's crawl; methods are the steps."""

    def __init__(self, org: Organization, settings: Settings, fetcher: HttpFetcher,
                 warc: WarcArchive, snapshot: SiteSnapshot, *,
                 validators: Mapping[str, tuple[str | None, str | None]],
                 browser: BrowserPool | None, executor: Executor | None,
                 previous_warc: str | Path | None, analyser: Analyser) -> None:
        self.org, self.settings, self.fetcher, self.warc = org, settings, fetcher, warc
        self.snapshot = snapshot
        self.budget = settings.crawl.budget_for(org.tier)
        self.deadline = time.monotonic() + self.budget.max_seconds
        self.scope = Scope.of(org.url)
        self.products = {normalize(u) for u in org.product_urls}
        self.validators = {normalize(k): v for k, v in validators.items()}
        self.browser = browser
        self.org_browser: OrgBrowser | None = None
        self._browser_lock = asyncio.Lock()
        self.executor = executor
        self.analyser = analyser
        self.previous = PreviousArchive(previous_warc) if previous_warc else None
        self.robots = RobotsRules(fetcher, settings, on_fetch=self._archive_only)
        self.heap: list[tuple[int, int, str, int]] = []
        self.seen: set[str] = set()
        self.linked: set[str] = set()  # hrefs already scoped and pushed (or refused)
        self.seq = itertools.count()
        self.taken = 0
        self.bytes = 0
        self.confirmations = 0  # pages rendered to confirm passing evidence
        self.candidates: list[int] = []  # indexes in snapshot.pages awaiting confirmation
        self.active = 0
        self.changed = asyncio.Event()

    def release(self) -> None:
        """Drop the robots callback (a bound method: a reference cycle through this
        object), so a finished crawl's pages are freed by reference counting as soon
        as its caller lets go of the snapshot, not at some later full collection."""
        self.robots = RobotsRules(self.fetcher, self.settings)

    # -- frontier ---------------------------------------------------------------
    def push(self, url: str, depth: int, priority: int | None = None) -> None:
        key = normalize(url)
        if key in self.seen:
            return
        self.seen.add(key)
        if priority is None:
            priority = depth * 5 - relevance(url)
        heapq.heappush(self.heap, (priority, next(self.seq), key, depth))
        self.changed.set()

    def _exhausted(self) -> str | None:
        if self.taken >= self.budget.max_pages:
            return f"page budget ({self.budget.max_pages}) reached"
        if self.bytes >= self.budget.max_bytes:
            return f"byte budget ({self.budget.max_bytes}) reached"
        if time.monotonic() >= self.deadline:
            return f"time budget ({self.budget.max_seconds:.0f}s) reached"
        return None

    async def worker(self) -> None:
        while True:
            if self.heap:
                stop = self._exhausted()
                if stop:
                    if stop not in self.snapshot.notes:
                        self.snapshot.notes.append(f"{stop}; {len(self.heap)} URLs left unvisited")
                    self.heap.clear()
                    self.changed.set()
                    continue
                _prio, _seq, url, depth = heapq.heappop(self.heap)
                self.taken += 1
                self.active += 1
                try:
                    await self.visit(url, depth)
                except Exception as exc:  # one broken page must not lose the whole crawl
                    reason = f"{type(exc).__name__}: {exc}"[:300]
                    self.snapshot.pages.append(Page(
                        url=url, final_url=url, fetched_at=datetime.now(UTC), depth=depth,
                        outcome=FetchCause.ERROR, reason=reason))
                    self.snapshot.log.append(FetchRecord(url=url, cause=FetchCause.ERROR,
                                                         reason=reason, at=datetime.now(UTC)))
                finally:
                    self.active -= 1
                    self.changed.set()
            elif self.active == 0:
                return
            else:
                self.changed.clear()
                await self.changed.wait()

    # -- one page ---------------------------------------------------------------
    def _archive_only(self, got: Fetched) -> None:
        for ex in got.exchanges:
            self.warc.exchange(ex)
        self.bytes += got.bytes
        self.log(got, Fetcher.HTTP)

    def log(self, got: Fetched, fetcher: Fetcher, cause: FetchCause | None = None) -> None:
        self.snapshot.log.append(FetchRecord(
            url=got.url, status=got.status, bytes=got.bytes, duration_ms=round(got.duration_ms, 1),
            retries=got.retries, cause=cause or got.cause, fetcher=fetcher, reason=got.reason,
            at=got.fetched_at))

    async def _hop_check(self, target: str) -> tuple[FetchCause, str] | None:
        why = await self.robots.refusal(target)
        return (FetchCause.ROBOTS, f"redirect target {why}") if why else None

    async def visit(self, url: str, depth: int) -> None:
        now = datetime.now(UTC)
        page = Page(url=url, final_url=url, fetched_at=now, depth=depth,
                    is_product=url in self.products)
        why = await self.robots.refusal(url)
        if why:
            page.outcome, page.reason = FetchCause.ROBOTS, why
            self.snapshot.log.append(FetchRecord(url=url, cause=FetchCause.ROBOTS, reason=why,
                                                 at=now))
            self.snapshot.pages.append(page)
            return
        got = await self.fetcher.fetch(url, validators=self.validators.get(url),
                                       hop_check=self._hop_check)
        old = self._confirmed(got)
        if got.cause is FetchCause.NOT_MODIFIED and old is None:  # nothing to reuse: refetch
            self._archive_only(got)
            got = await self.fetcher.fetch(url, hop_check=self._hop_check)
        record_id = digest = None
        for ex in got.exchanges:
            record_id, digest = self.warc.exchange(ex, requested=url)
        self.bytes += got.bytes
        self.log(got, Fetcher.HTTP)
        page.final_url, page.status, page.outcome = got.final_url, got.status, got.cause
        page.reason, page.content_type = got.reason, got.content_type
        page.fetched_at = got.fetched_at
        page.etag, page.last_modified = got.headers.get("etag"), got.headers.get("last-modified")
        if old is not None and record_id is not None:
            # 304: read the body it confirms, copied into this audit's own archive, and
            # treat it as fetched (links followed, rendered when the page needs it)
            page.warc_record_id, page.sha256 = self.warc.reused(
                old, source=self.previous.path.name if self.previous else "",
                concurrent_to=record_id)
            page.fetcher, page.content_type = Fetcher.ARCHIVE, old.content_type
            page.etag = page.etag or _header(old, "etag")
            page.last_modified = page.last_modified or _header(old, "last-modified")
            page.outcome = FetchCause.OK
            page = await self.analyse(page, old.body, old.content_type)
        elif got.cause is FetchCause.OK and record_id is not None:
            page.warc_record_id = record_id
            # the body archived last is the page's (retries and redirect hops come first)
            page.sha256 = digest if got.exchanges[-1].body == got.body else sha256(got.body)
            page = await self.analyse(page, got.body, got.content_type)
        page.render_reason = escalate.render_reason(page, got, self.settings)
        candidate = False
        if page.render_reason:
            page = await self.render(page)
        elif self.settings.crawl.confirm_evidence:
            candidate = escalate.confirmable(page, old.body if old is not None else got.body)
        if old is not None and page.fetcher is Fetcher.ARCHIVE and page.outcome is FetchCause.OK:
            page.outcome = FetchCause.NOT_MODIFIED
            page.reason = (f"not modified: body from {old.record_id} in the previous audit's "
                           f"archive ({self.previous.path.name if self.previous else '?'})")
        self.snapshot.pages.append(page)
        if candidate:
            self.candidates.append(len(self.snapshot.pages) - 1)
        self.follow(page)

    def follow(self, page: Page) -> None:
        """Queue `page`'s in-scope links one level deeper (within the depth budget)."""
        if page.outcome in (FetchCause.OK, FetchCause.NOT_MODIFIED) \
                and self.scope.contains(page.final_url) and page.depth < self.budget.max_depth:
            for link in page.links:  # a repeated href would be out of scope or seen
                href = link.href
                if href not in self.linked:
                    self.linked.add(href)
                    if self.scope.contains(href):
                        self.push(href, page.depth + 1)

    async def confirm(self) -> bool:
        """Once the crawl is done, open in the browser the fewest pages that back every
        check their HTTP reading would pass (greedy: the page adding most signals not yet
        seen by a person first; a page whose evidence turns out hidden loses it, and the
        next page carrying that signal is tried), at most ``crawl.confirm_evidence`` per
        org. Evidence a page that would not render or the spent budget left unconfirmed
        is marked so (`Page.unconfirmed`): checks send it to a person. True when a
        rendering queued new links."""
        budget = self.settings.crawl.confirm_evidence
        seen = frozenset().union(*(escalate.passing(p) for p in self.snapshot.pages
                                   if p.rendered))
        queued = len(self.heap)
        while self.candidates and self.confirmations < budget:
            index = escalate.to_confirm(self.snapshot.pages, self.candidates, seen)
            if index is None:
                break
            self.candidates.remove(index)
            page = self.snapshot.pages[index]
            page.render_reason = escalate.CONFIRM
            self.confirmations += 1
            page = await self.render(page, confirm=True)
            self.snapshot.pages[index] = page
            if page.rendered:
                seen |= escalate.passing(page)
                self.follow(page)
            elif not self.snapshot.browser_available:
                break  # the note says so; the HTTP reading stands
            else:
                self._unrendered(index)
        if self.snapshot.browser_available:
            self._leave_unconfirmed(budget, seen)
        self.candidates.clear()
        return len(self.heap) > queued and self._exhausted() is None

    def _unrendered(self, index: int) -> None:
        """A candidate that would not render (a timeout, a script that never lets it
        load): what it shows people is unknown, so its passing signals are marked
        unconfirmed (`Page.unconfirmed`) and noted with the browser's reason."""
        page = self.snapshot.pages[index].model_copy()
        page.unconfirmed = sorted(escalate.passing(page))
        self.snapshot.pages[index] = page
        why = next((r.reason for r in reversed(self.snapshot.log)
                    if r.url == page.url and r.fetcher is Fetcher.BROWSER), None)
        self.snapshot.notes.append(
            f"confirmation failed for {page.url} ({why or 'not rendered'}): passing evidence "
            f"of {', '.join(page.unconfirmed)} seen over HTTP only; checks resting on it go "
            "to a person")

    def _leave_unconfirmed(self, budget: int, seen: frozenset[str]) -> None:
        """Mark the passing signals the spent budget left unconfirmed on each page
        (`Page.unconfirmed`) and note them: a check sends them to a person rather than
        pass on them, or a site could hide its evidence on more pages than the budget."""
        left: set[str] = set()
        for index in self.candidates:
            page = self.snapshot.pages[index]
            unconfirmed = sorted(escalate.passing(page) - seen)
            if unconfirmed:
                self.snapshot.pages[index] = page.model_copy(update={"unconfirmed": unconfirmed})
                left.update(unconfirmed)
        if left:
            self.snapshot.notes.append(
                f"confirmation budget ({budget}) spent: passing evidence of "
                f"{', '.join(sorted(left))} seen over HTTP only, not confirmed visible; "
                "checks resting on it go to a person")

    async def analyse(self, page: Page, body: bytes, content_type: str | None,
                      measured: dict[str, Any] | None = None) -> Page:
        if self.executor is None:
            return self.analyser(page, body, content_type, measured)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, self.analyser, page, body,
                                          content_type, measured)

    def _confirmed(self, got: Fetched) -> ArchivedPage | None:
        """For a 304: the body it confirms, from the previous audit's archive (None when
        the answer is not a 304, or that archive has no body for the URL)."""
        if got.cause is not FetchCause.NOT_MODIFIED or self.previous is None:
            return None
        return self.previous.body(got.final_url)

    async def render(self, page: Page, confirm: bool = False) -> Page:
        """Open the page in the browser and replace what HTTP saw (`confirm`: only to see
        which text shows, in the run's shared confirmation tabs, see
        :meth:`BrowserPool.confirm`)."""
        if self.browser is None or not self.browser.available \
                or self.settings.crawl.browser == "never":
            note = ("no browser: passing evidence seen over HTTP only, not confirmed visible"
                    if page.render_reason == escalate.CONFIRM
                    else f"no browser: {page.render_reason} pages seen over HTTP only")
            if note not in self.snapshot.notes:
                self.snapshot.notes.append(note)
            if page.status in escalate.BOT_STATUSES:
                page.outcome = FetchCause.BLOCKED
            return page
        started = time.monotonic()
        try:
            if confirm:
                result = await self.browser.confirm(page.url)
            else:
                async with self._browser_lock:
                    if self.org_browser is None:
                        self.org_browser = await self.browser.open_context(self.org.id)
                result = await self.org_browser.render(page.url, open_chat=page.is_product)
        except BrowserError as exc:  # a broken Chromium: carry on over HTTP
            self.browser.executable = None
            self.snapshot.browser_available = False
            self.snapshot.notes.append(f"browser failed, HTTP only: {exc}")
            return await self.render(page, confirm)
        self.snapshot.log.append(FetchRecord(
            url=page.url, status=result.status, bytes=len(result.html),
            duration_ms=round((time.monotonic() - started) * 1000, 1), cause=result.cause,
            fetcher=Fetcher.BROWSER, reason=result.reason, at=datetime.now(UTC)))
        if result.cause is not FetchCause.OK:
            if page.outcome is not FetchCause.OK or result.cause is FetchCause.BLOCKED:
                page.outcome, page.reason = result.cause, result.reason
            return page
        rid, digest = self.warc.dom(result.final_url, result.html, result.measured)
        page.fetcher, page.rendered, page.outcome = Fetcher.BROWSER, True, FetchCause.OK
        page.status, page.final_url, page.reason = result.status, result.final_url, None
        page.warc_record_id, page.sha256 = rid, digest
        page.chat_opened, page.obstruction = result.chat_opened, result.obstruction
        if result.screenshot:
            page.screenshot_record_id = self.warc.screenshot(result.final_url, result.screenshot)
        return await self.analyse(page, result.html.encode("utf-8"), "text/html; charset=utf-8",
                                  result.measured)

    async def read_sitemaps(self) -> None:
        """Queue in-scope sitemap URLs (the base path's sitemap.xml and robots' Sitemap:)."""
        base = self.scope.netloc
        scheme = self.org.url.split(":", 1)[0].lower()
        todo = [f"{scheme}://{base}{self.scope.path_prefix}sitemap.xml"]
        await self.robots.refusal(self.org.url)  # loads robots.txt and its Sitemap: lines
        todo += [s for s in self.robots.sitemaps if self.scope.contains(s)]
        done: set[str] = set()
        while todo and len(done) < 4:
            where = todo.pop(0)
            if where in done:
                continue
            done.add(where)
            got = await self.fetcher.fetch(where, any_type=True, max_bytes=5 * 1024 * 1024)
            self._archive_only(got)
            if got.cause is not FetchCause.OK or "html" in media_type(got.content_type):
                continue
            pages, children = sitemap_locations(got.body)
            todo += [c for c in children if self.scope.contains(c)]
            for loc in pages[:5000]:
                if self.scope.contains(loc):
                    self.push(loc, 1)


def _header(record: ArchivedPage, name: str) -> str | None:
    return next((v for k, v in record.headers if k.lower() == name), None)


async def crawl_site(
    org: Organization,
    settings: Settings,
    *,
    audit_id: str,
    started_at: datetime,
    seeds: Sequence[str] = (),
    validators: Mapping[str, tuple[str | None, str | None]] | None = None,
    browser: BrowserPool | None = None,
    fetcher: HttpFetcher | None = None,
    executor: Executor | None = None,
    previous_warc: str | Path | None = None,
    analyser: Analyser = parse_only,
) -> SiteSnapshot:
    """Crawl one org's site within its tier's budget; write `<audit_id>.warc.gz`.

    Raises TargetRefused when the start URL is refused by the SSRF guard. Pass a
    shared `fetcher`/`browser` when crawling many orgs; `executor` runs parsing and
    signals (a process pool uses more cores; without one they run on the event
    loop, see the module docstring); `previous_warc` lets a 304 reuse the
    previous audit's archived body. `analyser` fills each page from its body; the
    pipeline passes one that runs the detectors (the crawl stage does not import them).
    """
    await check_url_async(org.url, settings)
    from auditor.crawl.browser import BrowserPool

    own_fetcher = fetcher is None
    fetcher = fetcher or HttpFetcher(settings)
    own_browser = browser is None and settings.crawl.browser != "never"
    if own_browser:
        browser = BrowserPool(settings)
    path = settings.evidence_dir / f"{audit_id}.warc.gz"
    warc = WarcArchive(path, info={
        "software": f"minors-audit/{__version__}", "audit-id": audit_id, "org-id": org.id,
        "http-header-user-agent": user_agent(settings), "locale": settings.crawl.locale})
    snapshot = SiteSnapshot(org_id=org.id, started_at=started_at, warc_path=str(path),
                            locale=settings.crawl.locale,
                            browser_available=bool(browser and browser.available))
    crawl = _Crawl(org, settings, fetcher, warc, snapshot, validators=validators or {},
                   browser=browser, executor=executor, previous_warc=previous_warc,
                   analyser=analyser)
    try:
        for seed in [org.url, *org.product_urls, *seeds]:
            crawl.push(seed, 0, _SEED_PRIORITY)
        await crawl.read_sitemaps()
        workers = max(1, min(settings.crawl.concurrency, crawl.budget.max_pages, 8))
        while True:
            await asyncio.gather(*(crawl.worker() for _ in range(workers)))
            if not await crawl.confirm():
                break
    finally:
        if crawl.org_browser is not None:
            await crawl.org_browser.close()
        if own_browser and browser is not None:
            await browser.aclose()
        if own_fetcher:
            await fetcher.aclose()
        snapshot.finished_at = datetime.now(UTC)
        if not snapshot.browser_available and settings.crawl.browser != "never":
            snapshot.notes.append("no browser available: crawled over HTTP only")
        try:
            warc.index(snapshot)
        finally:
            warc.close()
            crawl.release()
    return snapshot


__all__ = ["crawl_site"]
