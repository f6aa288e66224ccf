"""The browser fetcher: one Chromium reused, one context per org, render on demand.

Waiting: ``load`` fires before a script's ``fetch()`` returns once images are
blocked, and ``networkidle`` halves throughput (shared/bench), so a page is ready
when no fetch/XHR is pending and its text length held still over two polls.
Before anything is judged absent, cookie banners of the common consent platforms
are dismissed (rejecting where offered) and, on product pages, the chat launcher
is clicked open (nothing is sent). Every request the page makes passes the SSRF
guard; images, media and fonts are aborted.
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

from auditor.crawl.escalate import BOT_STATUSES
from auditor.errors import BrowserError, TargetRefused
from auditor.models import FetchCause
from auditor.net.http import user_agent
from auditor.net.ssrf import check_url_async
from auditor.settings import Settings

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--disable-dev-shm-usage"]
_BLOCKED = re.compile(r"\.(?:png|jpe?g|gif|webp|avif|ico|bmp|svg|mp4|webm|ogg|mp3|wav|m4a"
                      r"|woff2?|ttf|otf|eot)(?:[?#]|$)", re.IGNORECASE)
_JS = Path(__file__).with_name("browser_js")
_PENDING_JS = (_JS / "pending.js").read_text()
_SETTLED_JS = (_JS / "settled.js").read_text()
_MEASURE_JS = (_JS / "measure.js").read_text()

CONSENT_PLATFORMS: tuple[tuple[str, str], ...] = (
    ("OneTrust", "#onetrust-reject-all-handler, #onetrust-accept-btn-handler"),
    ("Cookiebot", "#CybotCookiebotDialogBodyButtonDecline, "
                  "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll"),
    ("Didomi", "#didomi-notice-disagree-button, #didomi-notice-agree-button"),
    ("Quantcast", ".qc-cmp2-summary-buttons button"),
    ("TrustArc", "#truste-consent-required, #truste-consent-button"),
    ("Usercentrics", "[data-testid=uc-deny-all-button], [data-testid=uc-accept-all-button]"),
    ("Osano", ".osano-cm-denyAll, .osano-cm-accept-all"),
    ("CookieYes", ".cky-btn-reject, .cky-btn-accept"),
    ("Complianz", ".cmplz-deny, .cmplz-accept"),
    ("Klaro", ".cm-btn-decline, .cm-btn-success"),
    ("iubenda", ".iubenda-cs-reject-btn, .iubenda-cs-accept-btn"),
    ("Termly", "[data-tid=banner-decline], [data-tid=banner-accept]"),
    ("Osano/CookieConsent", ".cc-deny, .cc-dismiss, .cc-allow"),
)
CHAT_LAUNCHERS = (
    ".intercom-launcher, #intercom-launcher, .drift-widget-controller, #launcher, "
    "[data-testid*=chat-launcher i], [id*=chat-launcher i], [class*=chat-launcher i], "
    "button[aria-label*=chat i], [role=button][aria-label*=chat i], button[class*=chat i]"
)


def find_browser(settings: Settings) -> str | None:
    """The Chromium to launch: the setting, Debian's, one on PATH, else Playwright's own."""
    for candidate in (settings.crawl.browser_path, "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / ".cache/ms-playwright")
    found = sorted(glob.glob(f"{root}/chromium-*/chrome-linux*/chrome"))
    return found[-1] if found else None


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
    measured: dict[str, Any] = field(default_factory=dict)


class BrowserPool:
    """One Chromium for the whole run, launched on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.executable = find_browser(settings) if settings.crawl.browser != "never" else None
        self._pw: Any = None
        self._browser: Any = None
        self._lock = asyncio.Lock()
        # bounded across all orgs: each open page is a renderer process (~100-300 MB)
        self.open_pages = asyncio.Semaphore(settings.crawl.max_open_pages)
        self.renders = 0

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

                self._pw = await async_playwright().start()
                try:
                    self._browser = await self._pw.chromium.launch(
                        executable_path=self.executable, args=ARGS, headless=True)
                except Exception as exc:
                    await self._pw.stop()
                    self._pw = None
                    raise BrowserError(f"cannot launch {self.executable}: {exc}") from exc
            return self._browser

    async def open_context(self, org_id: str) -> OrgBrowser:
        """A fresh context (cookies, storage) for one org."""
        browser = await self._launch()
        c = self.settings.crawl
        version = browser.version.split(".")[0]
        context = await browser.new_context(
            locale=c.locale, viewport={"width": 1280, "height": 900},
            user_agent=f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                       f"Chrome/{version}.0.0.0 Safari/537.36 {user_agent(self.settings)}",
            extra_http_headers={"Accept-Language": f"{c.locale},{c.locale.split('-')[0]};q=0.8"},
            service_workers="block")
        await context.add_init_script(_PENDING_JS)
        org = OrgBrowser(self, context, org_id)
        await context.route("**/*", org.route)
        return org

    async def aclose(self) -> None:
        if self._browser is not None:
            await self._browser.close()
            self._browser = None
        if self._pw is not None:
            await self._pw.stop()
            self._pw = None


class OrgBrowser:
    """One org's browser context: bounded open pages, guarded requests."""

    def __init__(self, pool: BrowserPool, context: Any, org_id: str) -> None:
        self.pool, self.context, self.org_id = pool, context, org_id
        self.settings = pool.settings
        self._hosts: dict[str, str | None] = {}

    async def route(self, route: Any) -> None:
        request = route.request
        url = request.url
        if request.resource_type in ("image", "media", "font") or _BLOCKED.search(url):
            await route.abort("blockedbyclient")
            return
        if url.startswith(("http://", "https://")):
            origin = url.split("/", 3)[2]
            if origin not in self._hosts:
                try:
                    await check_url_async(url, self.settings)
                    self._hosts[origin] = None
                except TargetRefused as exc:
                    self._hosts[origin] = str(exc)
            if self._hosts[origin] is not None:
                await route.abort("blockedbyclient")
                return
        await route.continue_()

    async def close(self) -> None:
        await self.context.close()

    async def render(self, url: str, *, open_chat: bool = False) -> Rendered:
        out = Rendered(url=url, final_url=url)
        timeout = self.settings.crawl.render_timeout_s
        async with self.pool.open_pages:
            page = await self.context.new_page()
            try:
                async with asyncio.timeout(timeout):
                    await self._render(page, out, open_chat, timeout)
            except TimeoutError:
                out.cause, out.reason = FetchCause.TIMEOUT, f"render exceeded {timeout:.0f}s"
            except Exception as exc:  # a navigation error is an outcome, not a crash
                if self._hosts.get(url.split("/", 3)[2]):
                    out.cause, out.reason = FetchCause.SSRF, self._hosts[url.split("/", 3)[2]]
                else:
                    out.cause, out.reason = FetchCause.ERROR, f"{type(exc).__name__}: {exc}"[:300]
            finally:
                await page.close()
        self.pool.renders += 1
        return out

    async def _render(self, page: Any, out: Rendered, open_chat: bool, timeout: float) -> None:
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
        consent = await _dismiss_consent(page)
        if consent:
            await self._settle(page, 3.0)
        if open_chat:
            out.chat_opened = await _open_chat(page)
            if out.chat_opened:
                await self._settle(page, 5.0)
        out.html = await page.content()
        if self.settings.crawl.screenshots:
            out.screenshot = await page.screenshot(type="png", full_page=False)
        measured = await page.evaluate(_MEASURE_JS)
        frames = []
        for frame in page.frames[1:]:
            try:
                frames.append(await frame.evaluate(
                    "() => document.body ? document.body.innerText : ''"))
            except Exception:  # a detached or cross-process frame: not worth failing for
                continue
        text = "\n".join([measured["text"], *(f for f in frames if f.strip())])
        out.measured = {"text": text, "hidden_text": measured["hidden_text"],
                        "links": measured["links"], "consent_banner": consent,
                        "chat_opened": out.chat_opened, "locale": self.settings.crawl.locale}

    async def _settle(self, page: Any, timeout: float) -> None:
        try:
            await page.wait_for_function(_SETTLED_JS, polling=100, timeout=timeout * 1000)
        except Exception as exc:  # never settles (tickers, streams): take what is there
            if type(exc).__name__ != "TimeoutError":
                raise


async def _dismiss_consent(page: Any) -> str | None:
    """Click the first visible consent button of a known platform; its name or None."""
    everything = ", ".join(sel for _name, sel in CONSENT_PLATFORMS)
    if await page.locator(everything).count() == 0:
        return None
    for name, selectors in CONSENT_PLATFORMS:
        for sel in selectors.split(", "):
            button = page.locator(sel).first
            if await button.count() and await button.is_visible():
                await button.click(timeout=2000)
                return name
    return None


async def _open_chat(page: Any) -> bool:
    launcher = page.locator(CHAT_LAUNCHERS)
    for i in range(min(await launcher.count(), 5)):
        candidate = launcher.nth(i)
        if await candidate.is_visible():
            await candidate.click(timeout=2000)
            return True
    return False
