"""The browser fetcher: one Chromium reused, one context per org, render on demand
(and one context shared by all orgs for confirmations, which only read what shows).

Waiting: ``load`` fires before a script's ``fetch()`` returns once images are
blocked, and ``networkidle`` halves throughput (shared/bench), so a page is ready
when no fetch/XHR is pending and its text length held still over two polls.
Before anything is judged absent, consent banners and blocking dialogs are dismissed
(rejecting where offered) and, on product pages, the chat launcher is clicked open
(nothing is sent): see :mod:`auditor.crawl.overlays`. What could not be cleared is the
page's ``obstruction``. Visible text is measured in an isolated world and checked
against the DOM (:mod:`auditor.crawl.measure`).

Chromium reaches the network only through a :class:`~auditor.net.proxy.GuardingProxy`
(nothing bypasses it, loopback included; WebRTC may not send UDP around it), so every
request, redirect hop, frame and WebSocket passes the crawler's SSRF guard against
addresses resolved once. Pictures are never requested; in an org's own context media
files are aborted before they leave too; fonts load (a page's font decides whether its
letters draw anything).
"""

from __future__ import annotations

import asyncio
import glob
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.crawl import overlays
from auditor.crawl.escalate import BOT_STATUSES
from auditor.crawl.isolated import IsolatedWorld
from auditor.crawl.measure import measure_page
from auditor.errors import BrowserError
from auditor.models import FetchCause
from auditor.net.http import user_agent
from auditor.net.proxy import GuardingProxy
from auditor.settings import Settings

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--disable-dev-shm-usage", "--disable-domain-reliability",
        # WebRTC may not send UDP around the proxy: the first switch is the full browser's
        # policy, the headless shell honours only the second (tests/.../test_browser_guard)
        "--webrtc-ip-handling-policy=disable_non_proxied_udp",
        "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
        # names are resolved by the proxy, never by Chromium (no prefetch lookups either)
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        # pictures are never read: Blink does not ask for them (CSS backgrounds included)
        "--blink-settings=imagesEnabled=false"]
_BLOCKED = re.compile(r"\.(?:png|jpe?g|gif|webp|avif|ico|bmp|svg|mp4|webm|ogg|mp3|wav|m4a)"
                      r"(?:[?#]|$)", re.IGNORECASE)
_OWN_TRAFFIC = "Chromium's own traffic (updates, sign-in) is not let out"
_JS = Path(__file__).with_name("browser_js")
_PENDING_JS = (_JS / "pending.js").read_text()
_SETTLED_JS = (_JS / "settled.js").read_text()


def find_browser(settings: Settings) -> str | None:
    """The Chromium to launch: the setting; else, on PATH or in /usr/bin, the headless
    shell (Debian's ``chromium-headless-shell``), then the full browser (``chromium``);
    else Playwright's own download, shell first.

    The shell is Chromium's old headless mode, the build Playwright itself runs headless
    pages in: the same Blink without the browser's window machinery. A farm page
    confirmed in it cost about a quarter less CPU (benchmarks/README.md).
    """
    if settings.crawl.browser_path and Path(settings.crawl.browser_path).is_file():
        return settings.crawl.browser_path
    # /usr/bin after PATH: a daemon's service manager may give it a bare PATH
    search = os.pathsep.join(filter(None, (os.environ.get("PATH"), "/usr/bin")))
    for program in ("chromium-headless-shell", "chromium", "chromium-browser"):
        if found := shutil.which(program, path=search):
            return found
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / ".cache/ms-playwright")
    for pattern in ("chromium_headless_shell-*/chrome-linux*/headless_shell",
                    "chromium-*/chrome-linux*/chrome"):
        installed = sorted(glob.glob(f"{root}/{pattern}"))
        if installed:
            return installed[-1]
    return None


@dataclass
class Rendered:
    """What the browser saw of one page."""

    url: str
    final_url: str
    cause: FetchCause = FetchCause.OK
    status: int | None = None
    reason: str | None = None
    html: str = ""
    screenshot: bytes | None = None
    chat_opened: bool = False
    obstruction: str | None = None
    """What kept the browser from seeing the page whole (an overlay, a launcher)."""
    measured: dict[str, Any] = field(default_factory=dict)
    navigations: list[str] = field(default_factory=list)
    """Every URL the main frame was sent to (the guard's refusals are looked up by them)."""


async def _answer_dialog(dialog: Any) -> None:
    """In a kept tab: let the page go when it asks to stay (``beforeunload``: dismissing
    it would cancel the next navigation); refuse every other dialog."""
    if dialog.type == "beforeunload":
        await dialog.accept()
    else:
        await dialog.dismiss()


class BrowserPool:
    """One Chromium for the whole run, launched on first use, behind its own guarding proxy."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.executable = find_browser(settings) if settings.crawl.browser != "never" else None
        self._pw: Any = None
        self._browser: Any = None
        self.proxy: GuardingProxy | None = None
        self._sink: GuardingProxy | None = None
        self._lock = asyncio.Lock()
        # bounded across all orgs: each open page is a renderer process (~100-300 MB)
        self.open_pages = asyncio.Semaphore(settings.crawl.max_open_pages)
        self.renders = 0
        self._confirming: OrgBrowser | None = None
        self._confirming_lock = asyncio.Lock()

    @property
    def available(self) -> bool:
        return self.executable is not None

    async def __aenter__(self) -> BrowserPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def _launch(self) -> Any:
        async with self._lock:
            if self._browser is None:
                if self.executable is None:
                    raise BrowserError("no Chromium found (set crawl.browser_path)")
                from playwright.async_api import async_playwright

                self.proxy = GuardingProxy(self.settings)
                self._sink = GuardingProxy(self.settings, refuse_all=_OWN_TRAFFIC)
                await self.proxy.start()
                # pages go through the guard (each context is given it); what Chromium
                # starts by itself goes to the sink. "<-loopback>" takes away Chromium's
                # implicit bypass for localhost and 127.0.0.0/8.
                args = [*ARGS, f"--proxy-server={await self._sink.start()}",
                        "--proxy-bypass-list=<-loopback>"]
                self._pw = await async_playwright().start()
                try:
                    self._browser = await self._pw.chromium.launch(
                        executable_path=self.executable, args=args, headless=True)
                except Exception as exc:
                    await self._pw.stop()
                    self._pw = None
                    await self._close_proxies()
                    raise BrowserError(f"cannot launch {self.executable}: {exc}") from exc
            return self._browser

    async def open_context(self, org_id: str, *, routed: bool = True) -> OrgBrowser:
        """A fresh context (cookies, storage) for one org. `routed`: every request passes
        :meth:`OrgBrowser.route` (media and picture files aborted); the confirmation
        context is not, as routing sends each request through Playwright and this process
        and cost a farm confirmation about a sixth of its CPU (benchmarks/README.md); its
        tabs are navigated on as soon as the text is read, and the proxy bounds reads."""
        browser = await self._launch()
        c = self.settings.crawl
        version = browser.version.split(".")[0]
        context = await browser.new_context(
            locale=c.locale, viewport={"width": 1280, "height": 900},
            user_agent=f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                       f"Chrome/{version}.0.0.0 Safari/537.36 {user_agent(self.settings)}",
            extra_http_headers={"Accept-Language": f"{c.locale},{c.locale.split('-')[0]};q=0.8"},
            service_workers="block",
            proxy={"server": self.proxy.url if self.proxy else "", "bypass": "<-loopback>"})
        await context.add_init_script(_PENDING_JS)
        org = OrgBrowser(self, context, org_id)
        if routed:
            await context.route("**/*", org.route)
        return org

    async def confirm(self, url: str) -> Rendered:
        """Render `url` lean (which text shows; see :meth:`OrgBrowser.render`) in a tab of
        the run's confirmation context, kept between renders and shared by every org: a
        fresh context and tab per org cost Chromium about three times the CPU of the
        render itself. Only visibility is read there (no overlay is touched, nothing is
        clicked), and sites on other hosts cannot read each other's cookies or storage."""
        async with self._confirming_lock:
            if self._confirming is None or self._confirming.closed:
                self._confirming = await self.open_context("confirmations", routed=False)
            confirming = self._confirming
        try:
            return await confirming.render(url, confirming=True)
        except Exception as exc:  # the context is gone (a crashed renderer): start afresh
            async with self._confirming_lock:
                if self._confirming is confirming:
                    self._confirming = None
            try:
                await confirming.close()
            except Exception:
                pass
            return Rendered(url=url, final_url=url, cause=FetchCause.ERROR,
                            reason=f"confirmation tab lost: {type(exc).__name__}: {exc}"[:300])

    @property
    def open_tabs(self) -> int:
        """Tabs open in Chromium now (rendering or kept idle for the next render)."""
        return sum(len(c.pages) for c in self._browser.contexts) if self._browser else 0

    def refusal(self, url: str) -> str | None:
        """Why the guard refused `url`'s host during this run (None: it did not)."""
        return self.proxy.refusal(url) if self.proxy is not None else None

    async def aclose(self) -> None:
        if self._confirming is not None:
            try:
                await self._confirming.close()
            except Exception:  # the browser may already be gone
                pass
            self._confirming = None
        if self._browser is not None:
            await self._browser.close()
            self._browser = None
        if self._pw is not None:
            await self._pw.stop()
            self._pw = None
        await self._close_proxies()

    async def _close_proxies(self) -> None:
        for proxy in (self.proxy, self._sink):
            if proxy is not None:
                await proxy.aclose()
        self.proxy = self._sink = None


class OrgBrowser:
    """One browser context: bounded open pages; the pool's proxy guards every request.

    A render opens a tab of its own and closes it, except a confirmation: a tab left
    from an earlier one is navigated to the page (opening a tab costs Chromium about
    as much CPU as loading a farm page into one). Idle tabs hold no open-page slot and
    are at most ``crawl.max_open_pages``; a tab whose render failed is closed, and so is
    one after ``TAB_RENDERS`` renders: Playwright keeps what a tab's requests left on our
    side until the tab closes (about 0.12 MB a render, 130 MB over 1,000 orgs).
    """

    TAB_RENDERS = 40

    def __init__(self, pool: BrowserPool, context: Any, org_id: str) -> None:
        self.pool, self.context, self.org_id = pool, context, org_id
        self.settings = pool.settings
        self._idle: list[Any] = []
        self._uses: dict[Any, int] = {}  # renders per kept tab
        self.closed = False
        """Whether the context has gone (closed, or its browser crashed)."""
        context.on("close", lambda _context: setattr(self, "closed", True))

    async def route(self, route: Any) -> None:
        """Abort what is never read (pictures, media) before it leaves the browser. Fonts
        load: a page's own font decides whether its letters draw anything."""
        request = route.request
        if request.resource_type in ("image", "media") or _BLOCKED.search(request.url):
            await route.abort("blockedbyclient")
            return
        await route.continue_()

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        self._uses.clear()
        for page in idle:
            await page.close()
        await self.context.close()

    async def render(self, url: str, *, open_chat: bool = False,
                     confirming: bool = False) -> Rendered:
        """`confirming`: only to see which text shows, in a kept tab: overlays are left
        alone (measurement never counts text under a banner as hidden, so dismissing it
        cannot change what is confirmed) and no screenshot is taken."""
        out = Rendered(url=url, final_url=url)
        async with self.pool.open_pages:
            page = (self._idle.pop() if confirming and self._idle
                    else await self._new_tab(confirming))
            ok = False
            try:
                ok = await self._render_in(page, out, open_chat, confirming)
            finally:
                uses = self._uses.pop(page, 0) + 1
                if (confirming and ok and uses < self.TAB_RENDERS
                        and len(self._idle) < self.settings.crawl.max_open_pages):
                    self._idle.append(page)
                    self._uses[page] = uses
                else:
                    await page.close()
        refused = next((why for u in out.navigations if (why := self.pool.refusal(u))), None)
        # the tab's last navigation refused: the full browser shows an error page, the
        # headless shell keeps the page that tried to leave; both are a refusal
        left = bool(out.navigations) and self.pool.refusal(out.navigations[-1]) is not None
        if refused and (out.cause is not FetchCause.OK or not out.html or left):
            out.cause, out.reason, out.html, out.measured = FetchCause.SSRF, refused, "", {}
        self.pool.renders += 1
        return out

    async def _new_tab(self, kept: bool) -> Any:
        page = await self.context.new_page()
        if kept:
            page.on("dialog", _answer_dialog)
        return page

    async def _render_in(self, page: Any, out: Rendered, open_chat: bool, lean: bool) -> bool:
        """Render `out.url` in `page`; False when it failed (the tab is not to be reused)."""
        timeout = self.settings.crawl.render_timeout_s
        out.navigations.append(out.url)

        def note(request: Any) -> None:
            if request.is_navigation_request() and request.frame == page.main_frame:
                out.navigations.append(request.url)

        page.on("request", note)
        try:
            async with asyncio.timeout(timeout):
                await self._render(page, out, open_chat, timeout, lean)
            return True
        except TimeoutError:
            out.cause, out.reason = FetchCause.TIMEOUT, f"render exceeded {timeout:.0f}s"
        except Exception as exc:  # a navigation error is an outcome, not a crash
            out.cause, out.reason = FetchCause.ERROR, f"{type(exc).__name__}: {exc}"[:300]
        finally:
            page.remove_listener("request", note)
        return False

    async def _render(self, page: Any, out: Rendered, open_chat: bool, timeout: float,
                      lean: bool) -> None:
        response = await page.goto(out.url, wait_until="domcontentloaded",
                                   timeout=timeout * 1000)
        out.status = response.status if response is not None else None
        out.final_url = page.url
        if out.status in BOT_STATUSES:
            out.cause = FetchCause.BLOCKED
            out.reason = f"HTTP {out.status} in the browser too (bot protection?)"
            return
        if out.status is not None and out.status >= 400:
            out.cause = FetchCause.HTTP_4XX if out.status < 500 else FetchCause.HTTP_5XX
            return
        await self._settle(page, timeout / 2)

        async def settle() -> None:
            await self._settle(page, 3.0)

        async with IsolatedWorld(self.context, page) as world:
            consent = None
            if not lean:
                consent, out.obstruction = await overlays.clear_overlays(page, world, settle)
            if open_chat and out.obstruction is None:
                out.chat_opened, out.obstruction = await overlays.open_chat(
                    page, world, lambda: self._settle(page, 5.0))
            if not page.url.startswith(("http://", "https://")):
                out.cause, out.reason = FetchCause.ERROR, "the page navigated to an error page"
                return
            out.final_url = page.url
            if self.settings.crawl.screenshots and not lean:
                out.screenshot = await page.screenshot(type="png", full_page=False)
            out.html, measured = await measure_page(
                world, max_chars=self.settings.crawl.max_page_bytes,
                refused=self.pool.refusal)
        out.measured = {**measured, "consent_banner": consent, "chat_opened": out.chat_opened,
                        "obstruction": out.obstruction, "locale": self.settings.crawl.locale}

    async def _settle(self, page: Any, timeout: float) -> None:
        for attempt in range(2):
            try:
                await page.wait_for_function(_SETTLED_JS, polling=100, timeout=timeout * 1000)
                return
            except Exception as exc:  # never settles (tickers, streams): take what is there
                if type(exc).__name__ == "TimeoutError":
                    return
                if attempt:
                    raise
            # the document went away (a consent click often reloads): wait for the next one
            await page.wait_for_load_state("domcontentloaded", timeout=timeout * 1000)
