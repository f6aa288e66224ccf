"""The browser's guarding proxy, spoken to directly: what it forwards, tunnels and refuses."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.net.proxy import GuardingProxy
from auditor.settings import Settings, load_settings
from tests.auditor.crawl.canary import SECRET, Canary
from tests.auditor.loopback import Site, html


@pytest.fixture
def allowed_site() -> Iterator[Site]:
    s = Site("127.0.0.2")
    s.page("/page", html("Page", "<p>ALLOWED-BODY</p>"))
    yield s
    s.close()


@pytest.fixture
def canary() -> Iterator[Canary]:
    c = Canary("127.0.0.1")
    yield c
    c.close()


def only_127_0_0_2(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path, testing=True, crawl={
        "allow_private_networks": False, "allow_networks": ["127.0.0.2/32"],
        "connect_timeout_s": 2.0, "read_timeout_s": 2.0, "page_timeout_s": 5.0})


async def exchange(proxy: GuardingProxy, *messages: bytes) -> list[bytes]:
    """Send each message on one connection to the proxy; what came back after each."""
    reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
    out = []
    try:
        for message in messages:
            writer.write(message)
            await writer.drain()
            out.append(await _read_reply(reader))
    finally:
        writer.close()
    return out


async def _read_reply(reader: asyncio.StreamReader) -> bytes:
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return head + (await asyncio.wait_for(reader.readexactly(length), 5) if length else b"")


def run_proxy(settings: Settings, scenario, **kw) -> object:  # type: ignore[no-untyped-def]
    async def go() -> object:
        proxy = GuardingProxy(settings, **kw)
        await proxy.start()
        try:
            return await scenario(proxy)
        finally:
            await proxy.aclose()

    return asyncio.run(go())


def test_plain_http_goes_through_the_guard_request_by_request(
        tmp_path: Path, allowed_site: Site, canary: Canary) -> None:
    ok = f"GET {allowed_site.url}/page HTTP/1.1\r\nHost: 127.0.0.2:{allowed_site.port}\r\n\r\n"
    bad = f"GET {canary.url}/x HTTP/1.1\r\nHost: 127.0.0.1:{canary.port}\r\n\r\n"

    async def scenario(proxy: GuardingProxy) -> None:
        first, second = await exchange(proxy, ok.encode(), bad.encode())
        assert first.startswith(b"HTTP/1.1 200") and b"ALLOWED-BODY" in first
        assert second.startswith(b"HTTP/1.1 403") and b"x-auditor-guard" in second.lower()
        assert f"127.0.0.1:{canary.port}" in proxy.refused
        assert proxy.refusal(f"{canary.url}/anything") is not None

    run_proxy(only_127_0_0_2(tmp_path), scenario)
    assert canary.connections == 0 and allowed_site.hits["/page"] == 1


def test_connect_tunnels_only_to_allowed_addresses(
        tmp_path: Path, allowed_site: Site, canary: Canary) -> None:
    async def scenario(proxy: GuardingProxy) -> None:
        for spelling in (f"127.0.0.1:{canary.port}", f"localhost:{canary.port}",
                         f"[::ffff:127.0.0.1]:{canary.port}", f"2130706433:{canary.port}"):
            ask = f"CONNECT {spelling} HTTP/1.1\r\nHost: {spelling}\r\n\r\n"
            (reply,) = await exchange(proxy, ask.encode())
            assert reply.startswith(b"HTTP/1.1 403"), spelling
        reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
        writer.write(f"CONNECT 127.0.0.2:{allowed_site.port} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        assert (await _read_reply(reader)).startswith(b"HTTP/1.1 200")
        writer.write(b"GET /page HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert b"ALLOWED-BODY" in await asyncio.wait_for(reader.read(), 5)
        writer.close()

    run_proxy(only_127_0_0_2(tmp_path), scenario)
    assert canary.connections == 0 and allowed_site.hits["/page"] == 1


def test_a_name_is_resolved_once_and_the_checked_address_is_used(
        tmp_path: Path, allowed_site: Site) -> None:
    """DNS rebinding: the second answer (loopback) is never asked for, let alone used."""
    twin = Canary("127.0.0.1", port=allowed_site.port)  # same port, forbidden address
    answers = [["127.0.0.2"], ["127.0.0.1"], ["127.0.0.1"]]
    asked: list[str] = []

    async def rebinding(host: str, port: int) -> list[str]:
        asked.append(host)
        return answers[min(len(asked) - 1, 2)]

    async def scenario(proxy: GuardingProxy) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
        ask = f"CONNECT rebind.test:{allowed_site.port} HTTP/1.1\r\nHost: x\r\n\r\n"
        writer.write(ask.encode())
        assert (await _read_reply(reader)).startswith(b"HTTP/1.1 200")
        writer.write(b"GET /page HTTP/1.1\r\nHost: rebind.test\r\nConnection: close\r\n\r\n")
        assert b"ALLOWED-BODY" in await asyncio.wait_for(reader.read(), 5)
        writer.close()

    try:
        run_proxy(only_127_0_0_2(tmp_path), scenario, resolve=rebinding)
    finally:
        twin.close()
    assert asked == ["rebind.test"] and twin.connections == 0


def test_the_sink_lets_nothing_out(tmp_path: Path, allowed_site: Site) -> None:
    async def scenario(proxy: GuardingProxy) -> None:
        (tunnel,) = await exchange(
            proxy, f"CONNECT 127.0.0.2:{allowed_site.port} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        (plain,) = await exchange(
            proxy, f"GET {allowed_site.url}/page HTTP/1.1\r\nHost: 127.0.0.2\r\n\r\n".encode())
        assert tunnel.startswith(b"HTTP/1.1 403") and plain.startswith(b"HTTP/1.1 403")

    run_proxy(only_127_0_0_2(tmp_path), scenario, refuse_all="nobody asked for this")
    assert allowed_site.hits.get("/page", 0) == 0


def test_upgrades_and_oversized_heads_are_refused(tmp_path: Path, allowed_site: Site) -> None:
    upgrade = (f"GET {allowed_site.url}/page HTTP/1.1\r\nHost: 127.0.0.2\r\n"
               "Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n").encode()
    huge = (f"GET {allowed_site.url}/page HTTP/1.1\r\nHost: 127.0.0.2\r\nX-Pad: "
            + "a" * 200_000 + "\r\n\r\n").encode()

    async def scenario(proxy: GuardingProxy) -> None:
        (reply,) = await exchange(proxy, upgrade)
        assert reply.startswith(b"HTTP/1.1 403")
        reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
        writer.write(huge)
        try:
            await writer.drain()
        except ConnectionError:
            pass
        assert not (await asyncio.wait_for(reader.read(), 5)).startswith(b"HTTP/1.1 200")
        writer.close()

    run_proxy(only_127_0_0_2(tmp_path), scenario)
    assert allowed_site.hits.get("/page", 0) == 0
    assert SECRET  # the canary module is shared with the browser tests
