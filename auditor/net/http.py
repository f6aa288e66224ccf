"""The HTTP fetcher: httpx with every limit the crawl needs, and every outcome as data.

One :class:`HttpFetcher` per crawl. It follows redirects itself (so each hop is
counted, loop-checked and SSRF-checked), streams bodies with a byte cap, decodes
gzip/deflate itself, layer by layer when encodings are stacked, with a ratio guard (a
gzip bomb is stopped after a few KB),
honours ``Retry-After`` up to a cap, retries transient failures with jittered
backoff, and keeps global and per-host concurrency plus a per-host delay. It never
raises for a fetch that went wrong: it returns a :class:`Fetched` with a cause.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import ssl
import time
import zlib
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from auditor import __version__
from auditor.errors import TargetRefused
from auditor.models import FetchCause
from auditor.net.ssrf import DNSFailure, GuardedBackend, Resolver, system_resolve
from auditor.settings import Settings

ANALYSED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown",
                  "text/x-markdown")
_REDIRECTS = (301, 302, 303, 307, 308)
_TRANSIENT = (429, 500, 502, 503, 504)
HopCheck = Callable[[str], Awaitable[tuple[FetchCause, str] | None]]


class _TooLarge(Exception):
    pass


class _Undecodable(ValueError):
    """A Content-Encoding this fetcher does not decode."""


@dataclass
class Exchange:
    """One request and the response head (and body) it got: what the WARC keeps."""

    url: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    http_version: str
    headers: list[tuple[str, str]]
    body: bytes = b""


@dataclass
class Fetched:
    """The outcome of fetching one URL, redirects and retries included."""

    url: str
    final_url: str
    cause: FetchCause
    status: int | None = None
    reason: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    content_type: str | None = None
    retries: int = 0
    duration_ms: float = 0.0
    reset: bool = False
    """The connection was reset or closed before any response (bot protection does this)."""
    exchanges: list[Exchange] = field(default_factory=list)
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def bytes(self) -> int:
        return sum(len(x.body) for x in self.exchanges)


def user_agent(settings: Settings) -> str:
    return settings.crawl.user_agent.format(version=__version__,
                                            contact_url=settings.crawl.contact_url)


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def retry_after_s(value: str | None, now: float) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now)


def backoff_s(attempt: int, base: float) -> float:
    """Full-jitter exponential backoff (attempt counts from 1)."""
    return random.uniform(0, base * (2 ** (attempt - 1)))


_MAX_CODINGS = 3
"""Content-Encoding layers decoded at most (``gzip, gzip`` is legal HTTP, and a bomb)."""


def _decompressor(coding: str) -> Any:
    if coding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if coding == "deflate":
        return zlib.decompressobj()
    raise _Undecodable(f"unsupported content-encoding {coding!r}")


class _Decoder:
    """Content-Encoding decoding with a byte cap and a decompression-ratio guard.

    Each layer of a stacked encoding (``gzip, gzip``) is decoded in slices of at most
    256 KB and weighed against the raw bytes received, so no layer can grow past the
    guard however the layers are nested.
    """

    _SLICE = 1 << 18

    def __init__(self, encoding: str, limit: int, ratio: int) -> None:
        codings = [c.strip().lower() for c in encoding.split(",")]
        codings = [c for c in codings if c not in ("", "identity")]
        if len(codings) > _MAX_CODINGS:
            raise _Undecodable(f"more than {_MAX_CODINGS} content-encodings ({encoding!r})")
        # the last coding listed was applied last, so it is undone first
        self._layers = [_decompressor(c) for c in reversed(codings)]
        self._made = [0] * len(self._layers)
        self.limit, self.ratio = limit, ratio
        self.raw = 0
        self.out = bytearray()

    def feed(self, chunk: bytes) -> None:
        self.raw += len(chunk)
        self._through(0, chunk)
        self._guard(len(self.out))

    def _through(self, layer: int, data: bytes) -> None:
        if layer == len(self._layers):
            self.out += data
            self._guard(len(self.out))
            return
        z = self._layers[layer]
        while data:
            piece = z.decompress(data, self._SLICE)
            data = z.unconsumed_tail
            self._made[layer] += len(piece)
            self._guard(self._made[layer], layered=True)
            self._through(layer + 1, piece)

    def _guard(self, size: int, layered: bool = False) -> None:
        if size > self.limit and not layered:
            raise _TooLarge(f"body exceeds {self.limit} bytes")
        if self._layers and size > 1 << 20 and size > self.ratio * max(self.raw, 1):
            raise _TooLarge(f"decompression ratio over {self.ratio}:1 (bomb guard)")


class HttpFetcher:
    """Fetch URLs politely within limits; one instance per crawl (or fleet)."""

    def __init__(self, settings: Settings, *, resolve: Resolver = system_resolve,
                 host_limiter: HostLimiter | None = None) -> None:
        c = settings.crawl
        self.settings = settings
        self.host_limiter = host_limiter
        self._global = asyncio.Semaphore(c.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._next_at: dict[str, float] = {}
        timeout = httpx.Timeout(connect=c.connect_timeout_s, read=c.read_timeout_s,
                                write=c.read_timeout_s, pool=c.page_timeout_s)
        transport = httpx.AsyncHTTPTransport(trust_env=False, retries=0)
        # httpx has no public hook for the network backend: swap in a pool whose
        # backend resolves, checks and connects to the checked address.
        transport._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl.create_default_context(),
            max_connections=max(c.concurrency, 4), max_keepalive_connections=max(c.concurrency, 4),
            keepalive_expiry=5.0, http1=True, http2=False,
            network_backend=GuardedBackend(settings, resolve),
        )
        self.client = httpx.AsyncClient(
            transport=transport, timeout=timeout, follow_redirects=False, trust_env=False,
            headers={"User-Agent": user_agent(settings),
                     "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
                     "Accept-Language": f"{c.locale},{c.locale.split('-')[0]};q=0.8",
                     "Accept-Encoding": "gzip, deflate"},
        )

    async def aclose(self) -> None:
        await self.client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        validators: tuple[str | None, str | None] | None = None,
        hop_check: HopCheck | None = None,
        any_type: bool = False,
        max_bytes: int | None = None,
        headers_for: Callable[[str], Mapping[str, str]] | None = None,
    ) -> Fetched:
        """GET `url` following redirects; `any_type` keeps non-HTML bodies (robots, sitemaps).

        `headers_for` adds headers to the request for each hop's URL (a feed's token goes
        only to the host it belongs to)."""
        started = time.monotonic()
        result = Fetched(url=url, final_url=url, cause=FetchCause.OK)
        seen = {url}
        current = url
        headers: dict[str, str] = {}
        if validators:
            etag, modified = validators
            if etag:
                headers["If-None-Match"] = etag
            if modified:
                headers["If-Modified-Since"] = modified
        for _hop in range(self.settings.crawl.max_redirects + 1):
            hop_headers = {**headers, **headers_for(current)} if headers_for else headers
            await self._attempts(result, current, hop_headers, any_type, max_bytes)
            result.final_url = current
            location = result.headers.get("location")
            if result.status not in _REDIRECTS or not location or result.cause is not FetchCause.OK:
                break
            target = urljoin(current, location.strip())
            if target in seen:
                result.cause, result.reason = FetchCause.TOO_MANY_REDIRECTS, \
                    f"redirect loop back to {target}"
                break
            if urlsplit(target).scheme not in ("http", "https"):
                result.cause, result.reason = FetchCause.SSRF, f"redirect to non-http {target}"
                break
            if hop_check is not None:
                stop = await hop_check(target)
                if stop is not None:
                    result.final_url = target
                    result.cause, result.reason = stop
                    break
            seen.add(target)
            current = target
        else:
            result.cause, result.reason = FetchCause.TOO_MANY_REDIRECTS, \
                f"more than {self.settings.crawl.max_redirects} redirects"
        result.duration_ms = (time.monotonic() - started) * 1000
        return result

    async def _attempts(self, result: Fetched, url: str, headers: dict[str, str],
                        any_type: bool, max_bytes: int | None) -> None:
        c = self.settings.crawl
        for attempt in range(c.retries + 1):
            result.status, result.reason, result.headers = None, None, {}
            result.reset = False
            result.body, result.content_type = b"", None
            delay = await self._once(result, url, headers, any_type, max_bytes)
            if delay is None or attempt == c.retries:
                return
            result.retries += 1
            await asyncio.sleep(delay)

    async def _once(self, result: Fetched, url: str, headers: dict[str, str],
                    any_type: bool, max_bytes: int | None) -> float | None:
        """One request; returns the delay before a retry, or None when done."""
        c = self.settings.crawl
        base = 0.0 if self.settings.testing else c.backoff_base_s
        attempt = result.retries + 1
        try:
            async with self._slot(url):
                async with asyncio.timeout(c.page_timeout_s):
                    await self._request(result, url, headers, any_type, max_bytes)
        except TargetRefused as exc:
            result.cause, result.reason = FetchCause.SSRF, str(exc)
            return None
        except (TimeoutError, httpx.TimeoutException) as exc:
            result.cause, result.reason = FetchCause.TIMEOUT, f"timed out ({type(exc).__name__})"
            return backoff_s(attempt, base)
        except _TooLarge as exc:
            result.cause, result.reason = FetchCause.TOO_LARGE, str(exc)
            return None
        except _Undecodable as exc:
            result.cause, result.reason = FetchCause.ERROR, str(exc)
            return None
        except httpx.ConnectError as exc:
            text = str(exc)
            if isinstance(exc.__cause__, DNSFailure):
                result.cause = FetchCause.DNS
            elif isinstance(exc.__cause__, ssl.SSLError) or "SSL" in text:
                result.cause = FetchCause.TLS
            else:
                result.cause = FetchCause.CONNECT
            result.reason = text or type(exc).__name__
            return backoff_s(attempt, base) if result.cause is FetchCause.CONNECT else None
        except (httpx.TransportError, ValueError) as exc:  # resets, protocol errors, encodings
            result.cause, result.reason = FetchCause.CONNECT, f"{type(exc).__name__}: {exc}"
            result.reset = result.status is None and isinstance(
                exc, httpx.ReadError | httpx.RemoteProtocolError)
            return backoff_s(attempt, base) if isinstance(exc, httpx.TransportError) else None
        status = result.status or 0
        if status in _TRANSIENT:
            wait = retry_after_s(result.headers.get("retry-after"), time.time())
            if wait is not None and status in (429, 503):
                if wait > c.retry_after_cap_s:
                    result.reason = (f"Retry-After {wait:.0f}s exceeds cap "
                                     f"{c.retry_after_cap_s:.0f}s")
                    return None
                return wait
            return backoff_s(attempt, base)
        return None

    async def _request(self, result: Fetched, url: str, headers: dict[str, str],
                       any_type: bool, max_bytes: int | None) -> None:
        c = self.settings.crawl
        request = self.client.build_request("GET", url, headers=headers)
        response = await self.client.send(request, stream=True)
        try:
            result.status = response.status_code
            result.headers = {k.lower(): v for k, v in response.headers.items()}
            result.content_type = response.headers.get("content-type")
            exchange = Exchange(
                url=url, request_headers=list(request.headers.items()),
                status=response.status_code, reason=response.reason_phrase,
                http_version=response.http_version,
                headers=[(k, v) for k, v in response.headers.items()
                         if k.lower() not in ("transfer-encoding", "content-encoding",
                                              "content-length")],
            )
            result.exchanges.append(exchange)
            result.cause = _cause(response.status_code, result.content_type, any_type)
            if result.cause is FetchCause.NOT_HTML or response.status_code in _REDIRECTS:
                return
            decoder = _Decoder(response.headers.get("content-encoding", ""),
                               max_bytes or c.max_page_bytes, c.max_decompression_ratio)
            try:
                async for chunk in response.aiter_raw():
                    decoder.feed(chunk)
            finally:
                exchange.body = bytes(decoder.out[: decoder.limit])
            result.body = exchange.body
        finally:
            await response.aclose()

    def _slot(self, url: str) -> _Slot | _SharedSlot:
        host = urlsplit(url).netloc.lower()
        if self.host_limiter is not None:
            return _SharedSlot(self._global, self.host_limiter, host)
        sem = self._hosts.get(host)
        if sem is None:
            sem = self._hosts[host] = asyncio.Semaphore(self.settings.crawl.per_host_concurrency)
        delay = 0.0 if self.settings.testing else self.settings.crawl.per_host_delay_s
        return _Slot(self._global, sem, self._next_at, host, delay)


class _Slot:
    """Hold a global and a per-host permit, and space requests to one host by `delay`."""

    def __init__(self, glob: asyncio.Semaphore, host_sem: asyncio.Semaphore,
                 next_at: dict[str, float], host: str, delay: float) -> None:
        self.glob, self.host_sem, self.next_at, self.host, self.delay = \
            glob, host_sem, next_at, host, delay

    async def __aenter__(self) -> None:
        await self.host_sem.acquire()
        if self.delay:
            now = time.monotonic()
            at = max(now, self.next_at.get(self.host, 0.0))
            self.next_at[self.host] = at + self.delay
            if at > now:
                await asyncio.sleep(at - now)
        await self.glob.acquire()

    async def __aexit__(self, *exc: object) -> None:
        self.glob.release()
        self.host_sem.release()


class HostLimiter(Protocol):
    """Per-host politeness shared beyond this process (e.g. Redis, across workers)."""

    def slot(self, host: str) -> AbstractAsyncContextManager[None]: ...


class _SharedSlot:
    """Hold a global permit here and the host's permit in the shared limiter."""

    def __init__(self, glob: asyncio.Semaphore, limiter: HostLimiter, host: str) -> None:
        self.glob, self.limiter, self.host = glob, limiter, host
        self._held: AbstractAsyncContextManager[None] | None = None

    async def __aenter__(self) -> None:
        self._held = self.limiter.slot(self.host)
        await self._held.__aenter__()
        try:
            await self.glob.acquire()
        except BaseException:
            await self._held.__aexit__(None, None, None)
            raise

    async def __aexit__(self, *exc: object) -> None:
        self.glob.release()
        if self._held is not None:
            await self._held.__aexit__(None, None, None)


def _cause(status: int, content_type: str | None, any_type: bool) -> FetchCause:
    if status == 304:
        return FetchCause.NOT_MODIFIED
    if 400 <= status < 500:
        return FetchCause.HTTP_4XX
    if status >= 500:
        return FetchCause.HTTP_5XX
    if status in _REDIRECTS or any_type:
        return FetchCause.OK
    mt = media_type(content_type)
    if mt and mt not in ANALYSED_TYPES:
        return FetchCause.NOT_HTML
    return FetchCause.OK
