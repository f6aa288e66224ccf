"""The browser's way out: an HTTP/CONNECT proxy on loopback that only goes where the guard allows.

Chromium is launched pointing at one :class:`GuardingProxy` with nothing exempt (not even
loopback), so every request it makes arrives here: documents and each redirect hop,
subresources, frames, fetch/XHR, beacons, and WebSockets (Chromium tunnels ``ws:`` and
``wss:`` through CONNECT, as it does ``https:``). Nothing the page does reaches the network
any other way, so the crawler's SSRF guard (:mod:`auditor.net.ssrf`) is the one rule for
both fetchers.

- CONNECT ``host:port``: the name is resolved once, every address checked, and the tunnel
  opened to the address that was checked (no second lookup, so no rebinding window).
- A plain ``http:`` request (absolute form) is forwarded through
  :class:`~auditor.net.ssrf.GuardedBackend`, the crawler's own resolve-check-connect backend.
  Redirects are not followed here: Chromium follows them, so each hop comes back through.
- A refusal is answered ``403`` with no body (Chromium shows its own error page, never ours)
  and remembered by ``host:port``, so the browser can report a page as refused by the guard
  rather than as blocked by the site.

Reads are bounded: request heads and bodies, response bodies, tunnel bytes and idle time.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
from collections import OrderedDict
from urllib.parse import urlsplit

import h11
import httpcore

from auditor.errors import TargetRefused
from auditor.net.ssrf import GuardedBackend, Resolver, checked_addresses, system_resolve
from auditor.settings import Settings

MAX_HEAD = 64 * 1024
MAX_REQUEST_BODY = 4 * 1024 * 1024
MAX_RESPONSE_BODY = 32 * 1024 * 1024
MAX_TUNNEL_BYTES = 64 * 1024 * 1024
_REMEMBERED = 512
_HOP_BY_HOP = frozenset({
    b"connection", b"proxy-connection", b"keep-alive", b"proxy-authorization",
    b"proxy-authenticate", b"te", b"trailer", b"transfer-encoding", b"upgrade",
})


class _Refused(Exception):
    """The guard said no (the reason is the message)."""


class GuardingProxy:
    """One per browser: start it, point Chromium at :attr:`url`, close it after Chromium.

    With `refuse_all` (a reason) it lets nothing out: the sink for the traffic Chromium
    starts on its own (updates, sign-in), which no page asked for.
    """

    def __init__(self, settings: Settings, *, resolve: Resolver = system_resolve,
                 refuse_all: str | None = None) -> None:
        self.settings = settings
        self._resolve = resolve
        self._refuse_all = refuse_all
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._refused: OrderedDict[str, str] = OrderedDict()
        self.port = 0
        c = settings.crawl
        self._pool = httpcore.AsyncConnectionPool(
            max_connections=64, max_keepalive_connections=16, keepalive_expiry=5.0,
            http1=True, http2=False, network_backend=GuardedBackend(settings, resolve))
        self._timeouts = {"connect": c.connect_timeout_s, "read": c.read_timeout_s,
                          "write": c.read_timeout_s, "pool": c.page_timeout_s}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> str:
        """Listen on a free loopback port; returns the proxy URL for ``--proxy-server``."""
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0,
                                                  limit=MAX_HEAD)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self.url

    async def aclose(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._pool.aclose()

    @property
    def refused(self) -> dict[str, str]:
        """``host:port`` -> reason, for the most recent refusals (a copy)."""
        return dict(self._refused)

    def refusal(self, url: str) -> str | None:
        """Why the guard refused the host of `url`, if it refused it during this run."""
        try:
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme in ("https", "wss") else 80)
        except ValueError:
            return None
        return self._refused.get(_authority(parts.hostname or "", port))

    def _remember(self, host: str, port: int, why: str) -> None:
        key = _authority(host, port)
        self._refused[key] = why
        self._refused.move_to_end(key)
        while len(self._refused) > _REMEMBERED:
            self._refused.popitem(last=False)

    # -- one client connection -------------------------------------------------
    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        conn = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEAD)
        try:
            while True:
                event = await self._next(conn, reader)
                if not isinstance(event, h11.Request):
                    return
                if event.method == b"CONNECT":
                    await self._tunnel(conn, event, reader, writer)
                    return
                if not await self._forward(conn, event, reader, writer):
                    return
                if conn.our_state is not h11.DONE or conn.their_state is not h11.DONE:
                    return
                conn.start_next_cycle()
        except (h11.ProtocolError, TimeoutError, ConnectionError):
            return
        except asyncio.CancelledError:
            raise
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
            if task is not None:
                self._tasks.discard(task)

    async def _next(self, conn: h11.Connection, reader: asyncio.StreamReader) -> object:
        while True:
            event = conn.next_event()
            if event is not h11.NEED_DATA:
                return event
            data = await asyncio.wait_for(reader.read(65536),
                                          self.settings.crawl.page_timeout_s)
            conn.receive_data(data)

    async def _reply(self, conn: h11.Connection, writer: asyncio.StreamWriter,
                     status: int, why: str | None = None) -> None:
        """A bodiless answer that closes the connection (``403`` for refusals)."""
        headers = [(b"content-length", b"0"), (b"connection", b"close")]
        if why:
            headers.append((b"x-auditor-guard", why.encode("ascii", "replace")[:300]))
        if conn.our_state is h11.SEND_RESPONSE:
            writer.write(conn.send(h11.Response(status_code=status, headers=headers)) or b"")
            writer.write(conn.send(h11.EndOfMessage()) or b"")
            await writer.drain()

    async def _tunnel(self, conn: h11.Connection, request: h11.Request,
                      reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not isinstance(await self._next(conn, reader), h11.EndOfMessage):
            return
        target = request.target.decode("ascii", "replace")
        try:
            host, port = _host_port(target)
        except ValueError:
            await self._reply(conn, writer, 400)
            return
        try:
            upstream = await self._open(host, port)
        except _Refused as exc:
            self._remember(host, port, str(exc))
            await self._reply(conn, writer, 403, str(exc))
            return
        except (OSError, TimeoutError, httpcore.ConnectError):
            await self._reply(conn, writer, 502)
            return
        up_reader, up_writer = upstream
        try:
            writer.write(conn.send(h11.Response(status_code=200, headers=[],
                                                reason=b"Connection Established")) or b"")
            early, _closed = conn.trailing_data
            if early:
                up_writer.write(early)
            await writer.drain()
            await self._relay(reader, writer, up_reader, up_writer)
        finally:
            up_writer.close()

    async def _open(self, host: str, port: int) -> tuple[asyncio.StreamReader,
                                                         asyncio.StreamWriter]:
        if self._refuse_all:
            raise _Refused(f"refused {host}:{port}: {self._refuse_all}")
        try:
            addresses = await checked_addresses(host, port, self.settings, self._resolve)
        except TargetRefused as exc:
            raise _Refused(str(exc)) from None
        if port == self.port and any(_loopback(a) for a in addresses):
            raise _Refused(f"refused {host}:{port}: the browser's own proxy")
        last: BaseException | None = None
        for addr in addresses:
            try:
                return await asyncio.wait_for(
                    asyncio.open_connection(addr, port, limit=65536),
                    self.settings.crawl.connect_timeout_s)
            except (OSError, TimeoutError) as exc:
                last = exc
        assert last is not None
        raise last

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                     up_reader: asyncio.StreamReader, up_writer: asyncio.StreamWriter) -> None:
        budget = [MAX_TUNNEL_BYTES]
        idle = self.settings.crawl.page_timeout_s

        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            while True:
                data = await asyncio.wait_for(src.read(65536), idle)
                if not data:
                    return
                budget[0] -= len(data)
                if budget[0] < 0:
                    return
                dst.write(data)
                await dst.drain()

        pumps = [asyncio.ensure_future(pump(reader, up_writer)),
                 asyncio.ensure_future(pump(up_reader, writer))]
        try:
            await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for p in pumps:
                p.cancel()
            await asyncio.gather(*pumps, return_exceptions=True)

    async def _forward(self, conn: h11.Connection, request: h11.Request,
                       reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Forward one plain-HTTP request; False when the client connection must close."""
        body = bytearray()
        while True:
            event = await self._next(conn, reader)
            if isinstance(event, h11.Data):
                body += event.data
                if len(body) > MAX_REQUEST_BODY:
                    await self._reply(conn, writer, 413)
                    return False
            elif isinstance(event, h11.EndOfMessage):
                break
            else:
                return False
        target = request.target.decode("ascii", "replace")
        parts = urlsplit(target)
        try:
            port = parts.port or 80
        except ValueError:
            port = -1
        host = parts.hostname or ""
        if parts.scheme != "http" or not host or port < 0 or parts.username or parts.password:
            await self._reply(conn, writer, 400)
            return False
        names = {k.lower() for k, _ in request.headers}
        if b"upgrade" in names:  # WebSockets come through CONNECT; nothing else is upgraded
            why = f"refused {target[:200]}: protocol upgrades are not proxied"
            self._remember(host, port, why)
            await self._reply(conn, writer, 403, why)
            return False
        if self._refuse_all:
            why = f"refused {host}:{port}: {self._refuse_all}"
            self._remember(host, port, why)
            await self._reply(conn, writer, 403, why)
            return False
        headers = [(k, v) for k, v in request.headers
                   if k.lower() not in _HOP_BY_HOP and k.lower() != b"content-length"]
        if b"host" not in names:
            headers.insert(0, (b"host", parts.netloc.encode("ascii", "replace")))
        if body:
            headers.append((b"content-length", str(len(body)).encode()))
        try:
            return await self._exchange(conn, writer, request.method, target, headers,
                                        bytes(body))
        except TargetRefused as exc:
            self._remember(host, port, str(exc))
            await self._reply(conn, writer, 403, str(exc))
            return False
        except (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError,
                httpcore.UnsupportedProtocol, OSError):
            await self._reply(conn, writer, 502)
            return False

    async def _exchange(self, conn: h11.Connection, writer: asyncio.StreamWriter,
                        method: bytes, target: str, headers: list[tuple[bytes, bytes]],
                        body: bytes) -> bool:
        async with self._pool.stream(method, target, headers=headers, content=body,
                                     extensions={"timeout": self._timeouts}) as response:
            reason = response.extensions.get("reason_phrase", b"")
            out_headers = [(k, v) for k, v in response.headers if k.lower() not in _HOP_BY_HOP]
            writer.write(conn.send(h11.Response(
                status_code=response.status, headers=out_headers,
                reason=reason if isinstance(reason, bytes) else b"")) or b"")
            sent = 0
            async for chunk in response.aiter_stream():
                sent += len(chunk)
                if sent > MAX_RESPONSE_BODY:
                    return False  # cut short: the client sees a truncated body and a close
                writer.write(conn.send(h11.Data(data=chunk)) or b"")
                await writer.drain()
            writer.write(conn.send(h11.EndOfMessage()) or b"")
            await writer.drain()
        return True


def _authority(host: str, port: int) -> str:
    return f"{host.strip('[]').lower().rstrip('.')}:{port}"


def _host_port(target: str) -> tuple[str, int]:
    """Split a CONNECT target (``host:port``, ``[v6]:port``); ValueError when malformed."""
    host, sep, port = target.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(target)
    host = host.strip("[]")
    if not host or any(c in host for c in "/@ \t"):
        raise ValueError(target)
    return host, int(port)


def _loopback(addr: str) -> bool:
    try:
        return ipaddress.ip_address(addr.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


__all__ = ["GuardingProxy"]
