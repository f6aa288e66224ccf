"""SSRF guard: the crawler may only talk to public addresses, unless told otherwise.

Two layers. :func:`check_url` refuses a URL up front (scheme, literal addresses in
every spelling, and what its name resolves to); the CLI calls it before an audit.
:class:`GuardedBackend` is the httpcore network backend the crawler's transport
uses: it resolves the host itself, checks *every* address, and opens the socket to
the address it checked, so a name cannot resolve to something else between the
check and the connection (no DNS-rebinding window). Redirect hops go through the
same backend, so every hop is checked.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import select
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import httpcore

from auditor.errors import TargetRefused
from auditor.settings import Settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]

class DNSFailure(httpcore.ConnectError):
    """The name did not resolve (kept apart from refused connections in the crawl log)."""


_NUM = re.compile(r"^(0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*)$", re.IGNORECASE)


def legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """Read the inet_aton spellings browsers and libc accept: 2130706433, 0x7f.1, 0177.0.0.1."""
    parts = host.rstrip(".").split(".")
    if not 1 <= len(parts) <= 4 or not all(_NUM.match(p) for p in parts):
        return None
    values = []
    for p in parts:
        if p.lower().startswith("0x"):
            values.append(int(p[2:] or "0", 16))
        elif p.startswith("0") and len(p) > 1:
            values.append(int(p, 8))
        else:
            values.append(int(p))
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (5 - len(values)):
        return None
    number = 0
    for v in head:
        number = number * 256 + v
    number = (number << (8 * (5 - len(values)))) + last
    return ipaddress.IPv4Address(number)


def literal_address(host: str) -> IPAddress | None:
    """The address a host string spells directly, if it is an address at all."""
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return legacy_ipv4(host)


def refusal(addr: IPAddress) -> str | None:
    """Why `addr` is not a public address (None when it is)."""
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        inner = refusal(addr.ipv4_mapped)
        return f"IPv4-mapped {inner}" if inner else None
    for flag in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(addr, f"is_{flag}"):
            return flag.replace("_", "-")
    if not addr.is_global:
        return "not globally routable"
    return None


@lru_cache(maxsize=64)
def _networks(spec: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(s, strict=False) for s in spec)


def address_allowed(addr: IPAddress, settings: Settings) -> str | None:
    """None when the crawler may connect to `addr`, else the reason it may not."""
    why = refusal(addr)
    if why is None or settings.crawl.allow_private_networks:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        candidates: Iterable[IPAddress] = (addr, addr.ipv4_mapped)
    else:
        candidates = (addr,)
    for net in _networks(tuple(settings.crawl.allow_networks)):
        if any(c.version == net.version and c in net for c in candidates):
            return None
    return f"{addr} is {why}"


async def system_resolve(host: str, port: int) -> list[str]:
    """All addresses the system resolver gives for `host` (in a worker thread)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise DNSFailure(f"DNS lookup failed for {host}: {exc}") from exc
    out: list[str] = []
    for info in infos:
        addr = str(info[4][0])
        if addr not in out:
            out.append(addr)
    return out


async def checked_addresses(
    host: str, port: int, settings: Settings, resolve: Resolver = system_resolve
) -> list[str]:
    """Resolve `host` and return its addresses, refusing if any one is not allowed."""
    literal = literal_address(host)
    addresses = [str(literal)] if literal is not None else await resolve(host, port)
    if not addresses:
        raise TargetRefused(f"{host} resolves to no address", url=host)
    for text in addresses:
        why = address_allowed(ipaddress.ip_address(text.split("%", 1)[0]), settings)
        if why:
            shown = host if literal is None else f"{host} ({literal})"
            raise TargetRefused(f"refused {shown}: {why}", url=host)
    return addresses


def _split(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise TargetRefused(f"refused {url!r}: only http and https URLs are crawled", url=url)
    host = parts.hostname
    if not host:
        raise TargetRefused(f"refused {url!r}: no host", url=url)
    if parts.username or parts.password:
        raise TargetRefused(f"refused {url!r}: credentials in URL", url=url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise TargetRefused(f"refused {url!r}: {exc}", url=url) from None
    return host, port


async def check_url_async(url: str, settings: Settings, resolve: Resolver = system_resolve) -> None:
    """:func:`check_url` for code already inside an event loop."""
    host, port = _split(url)
    try:
        await checked_addresses(host, port, settings, resolve)
    except TargetRefused as exc:
        raise TargetRefused(str(exc), url=url) from None
    except httpcore.ConnectError as exc:
        raise TargetRefused(f"refused {url!r}: {exc}", url=url) from None


def check_url(url: str, settings: Settings) -> None:
    """Raise TargetRefused (with the reason) unless the crawler may fetch `url`."""
    host, port = _split(url)
    literal = literal_address(host)
    if literal is not None:
        why = address_allowed(literal, settings)
        if why:
            raise TargetRefused(f"refused {url}: {why}", url=url)
        return
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise TargetRefused(f"refused {url}: DNS lookup failed: {exc}", url=url) from None
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        why = address_allowed(addr, settings)
        if why:
            raise TargetRefused(f"refused {url}: {host} resolves to {why}", url=url)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolve, check, then connect to the checked address (never re-resolve)."""

    def __init__(self, settings: Settings, resolve: Resolver = system_resolve) -> None:
        self._settings = settings
        self._resolve = resolve
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await checked_addresses(host, port, self._settings, self._resolve)
        last: Exception | None = None
        for addr in addresses:
            try:
                return _Stream(await self._inner.connect_tcp(
                    addr, port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                ))
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise TargetRefused("unix sockets are never crawled")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _Stream(httpcore.AsyncNetworkStream):
    """anyio's stream with a cheap ``is_readable``.

    httpcore asks every pooled connection ``is_readable`` each time it assigns a
    request (~5 times per request); anyio answers by building its whole attribute
    table, peer-name syscall included. The raw socket never changes, so keep it.
    """

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        self._sock: socket.socket | None = inner.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                        timeout: float | None = None) -> httpcore.AsyncNetworkStream:
        return _Stream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":  # as httpcore._utils.is_socket_readable
            fd = -1 if self._sock is None else self._sock.fileno()
            if fd < 0:
                return True
            poller = select.poll()
            poller.register(fd, select.POLLIN)
            return bool(poller.poll(0))
        if info == "socket":
            return self._sock
        return self._inner.get_extra_info(info)
