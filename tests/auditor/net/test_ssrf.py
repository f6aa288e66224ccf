"""The SSRF guard: every spelling of an internal address is refused, first URL and redirects."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest

from auditor.errors import TargetRefused
from auditor.models import FetchCause
from auditor.net.http import HttpFetcher
from auditor.net.ssrf import check_url, check_url_async, legacy_ipv4, refusal
from auditor.settings import Settings, load_settings
from tests.auditor.loopback import Site


def strict(tmp_path, allow: list[str] | None = None) -> Settings:  # type: ignore[no-untyped-def]
    return load_settings(data_dir=tmp_path, testing=True,
                         crawl={"allow_private_networks": False, "allow_networks": allow or [],
                                "retries": 0})


@pytest.mark.parametrize(("spelling", "address"), [
    ("2130706433", "127.0.0.1"), ("0x7f.1", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"),
    ("0x7f000001", "127.0.0.1"), ("127.1", "127.0.0.1"), ("10.0x10.1", "10.16.0.1"),
])
def test_legacy_ipv4_spellings_are_read_like_inet_aton(spelling: str, address: str) -> None:
    assert legacy_ipv4(spelling) == ipaddress.IPv4Address(address)


@pytest.mark.parametrize("host", ["example.com", "1.2.3.4.5", "08.1", "256.256.256.256.1"])
def test_names_are_not_mistaken_for_addresses(host: str) -> None:
    assert legacy_ipv4(host) is None


@pytest.mark.parametrize(("addr", "why"), [
    ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("169.254.169.254", "link-local"),
    ("224.0.0.1", "multicast"), ("0.0.0.0", "unspecified"), ("::1", "loopback"),
    ("::ffff:127.0.0.1", "IPv4-mapped loopback"), ("fe80::1", "link-local"),
    ("100.64.0.1", "not globally routable"), ("240.0.0.1", "reserved"),
])
def test_internal_addresses_are_refused_with_a_reason(addr: str, why: str) -> None:
    assert refusal(ipaddress.ip_address(addr)) == why


def test_public_addresses_pass() -> None:
    assert refusal(ipaddress.ip_address("93.184.216.34")) is None
    assert refusal(ipaddress.ip_address("2606:2800:220:1:248:1893:25c8:1946")) is None


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/",
    "http://2130706433/", "http://0x7f.1/", "http://localhost/", "http://[::ffff:10.0.0.1]/",
    "file:///etc/passwd", "http://user:pw@example.com/",
])
def test_check_url_refuses_start_urls(tmp_path, url: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TargetRefused):
        check_url(url, strict(tmp_path))


def test_allow_networks_admits_exactly_those_networks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = strict(tmp_path, ["127.0.0.2/32", "10.0.0.0/8"])
    check_url("http://127.0.0.2:9/", settings)
    check_url("http://10.9.8.7/", settings)
    with pytest.raises(TargetRefused, match="loopback"):
        check_url("http://127.0.0.1/", settings)


def test_a_name_resolving_to_a_private_address_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    async def resolve(host: str, port: int) -> list[str]:
        return {"intranet.example": ["93.184.216.34", "10.0.0.5"]}[host]

    with pytest.raises(TargetRefused, match="10.0.0.5 is private"):
        asyncio.run(check_url_async("http://intranet.example/", strict(tmp_path), resolve))


TARGETS = ["http://127.0.0.1:{p}/x", "http://169.254.169.254:{p}/latest/meta-data/",
           "http://[::1]:{p}/x", "http://2130706433:{p}/x", "http://0x7f.1:{p}/x",
           "http://localhost:{p}/x", "http://[::ffff:127.0.0.1]:{p}/x"]


def test_redirects_to_internal_addresses_are_refused_and_never_connected(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # the crawled site sits on 127.0.0.2 (allowed); a canary listens on 127.0.0.1
    outer, canary = Site("127.0.0.2"), Site("127.0.0.1")
    canary.page("/x", "secret")
    try:
        for i, target in enumerate(TARGETS):
            loc = target.format(p=canary.port)
            outer.routes[f"/r{i}"] = lambda h, loc=loc: Site.reply(h, 302, "",
                                                                  headers={"Location": loc})
        settings = strict(tmp_path, ["127.0.0.2/32"])

        async def go() -> list:  # type: ignore[type-arg]
            fetcher = HttpFetcher(settings)
            try:
                return [await fetcher.fetch(f"{outer.url}/r{i}") for i in range(len(TARGETS))]
            finally:
                await fetcher.aclose()

        results = asyncio.run(go())
    finally:
        outer.close()
        canary.close()
    assert [r.cause for r in results] == [FetchCause.SSRF] * len(TARGETS)
    assert all("refused" in (r.reason or "") for r in results)
    assert canary.hits == {}
    assert outer.hits == {f"/r{i}": 1 for i in range(len(TARGETS))}


def test_allow_private_networks_lets_the_redirect_through(tmp_path, site: Site) -> None:  # type: ignore[no-untyped-def]
    site.page("/x", "<p>ok</p>")
    site.routes["/r"] = lambda h: Site.reply(h, 301, "", headers={"Location": f"http://localhost:{site.port}/x"})
    settings = load_settings(data_dir=tmp_path, testing=True,
                             crawl={"allow_private_networks": True})

    async def go():  # type: ignore[no-untyped-def]
        fetcher = HttpFetcher(settings)
        try:
            return await fetcher.fetch(f"{site.url}/r")
        finally:
            await fetcher.aclose()

    got = asyncio.run(go())
    assert got.cause is FetchCause.OK and got.body == b"<p>ok</p>"
    assert [x.status for x in got.exchanges] == [301, 200]


def test_guarded_stream_reports_a_server_close_as_readable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """httpcore drops an idle pooled connection the server closed: `is_readable` must say so."""
    from auditor.net.ssrf import GuardedBackend

    settings = load_settings(data_dir=tmp_path, testing=True,
                             crawl={"allow_private_networks": True})

    async def go() -> tuple[bool, bool, bool]:
        closed = asyncio.Event()

        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await closed.wait()
            writer.close()

        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        stream = await GuardedBackend(settings).connect_tcp("127.0.0.1", port)
        idle = stream.get_extra_info("is_readable")
        same_socket = stream.get_extra_info("socket") is not None
        closed.set()
        for _ in range(100):
            await asyncio.sleep(0.01)
            if stream.get_extra_info("is_readable"):
                break
        gone = stream.get_extra_info("is_readable")
        await stream.aclose()
        server.close()
        return idle, same_socket, gone

    assert asyncio.run(go()) == (False, True, True)
