"""The browser reaches only what the SSRF guard allows: each redirect hop, frame, fetch, socket.

The audited site lives on 127.0.0.2, the only network the settings allow; a canary on
127.0.0.1 stands for everything the audit must never touch (metadata services, admin
panels on loopback, the intranet).
"""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from auditor.crawl import BrowserPool, crawl_site
from auditor.models import FetchCause, Fetcher, Organization, SiteSnapshot
from auditor.settings import Settings, load_settings
from tests.auditor.crawl.canary import SECRET, Canary, UdpCanary
from tests.auditor.loopback import Site, html

pytestmark = pytest.mark.browser
T0 = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


@pytest.fixture
def canary() -> Iterator[Canary]:
    c = Canary("127.0.0.1")
    yield c
    c.close()


@pytest.fixture
def udp_canary() -> Iterator[UdpCanary]:
    c = UdpCanary("127.0.0.1")
    yield c
    c.close()


@pytest.fixture
def allowed_socket() -> Iterator[Canary]:
    """A listener on the allowed address: WebSockets there must still get through."""
    c = Canary("127.0.0.2")
    yield c
    c.close()


@pytest.fixture
def allowed_site() -> Iterator[Site]:
    s = Site("127.0.0.2")
    yield s
    s.close()


def only_127_0_0_2(tmp_path: Path, chromium: str) -> Settings:
    return load_settings(data_dir=tmp_path / "data", testing=True, crawl={
        "allow_private_networks": False, "allow_networks": ["127.0.0.2/32"], "retries": 0,
        "browser_path": chromium, "render_timeout_s": 20.0, "budget": {"max_pages": 4}})


def hostile_page(canary: Canary, udp: UdpCanary, allowed: Canary) -> str:
    c = canary.url
    local = f"http://localhost:{canary.port}"
    return html("Chat", f"""
<p>HOSTILE-PAGE-OK: Talk to Buddy.</p>
<p id="fetched">nothing fetched</p>
<iframe src="/hop?to={c}/redirected-frame"></iframe>
<iframe src="{c}/direct-frame"></iframe>
<img src="{c}/pixel">
<img src="/hop?to={c}/redirected-pixel">
<link rel="stylesheet" href="{c}/style.css">
<script src="{c}/script.js"></script>
<script>
  const show = (t) => {{ document.getElementById('fetched').textContent = t; }};
  fetch('/hop?to={c}/redirected-fetch').then((r) => r.text()).then(show).catch(() => 0);
  fetch('{local}/direct-fetch').then((r) => r.text()).then(show).catch(() => 0);
  try {{ new WebSocket('ws://127.0.0.1:{canary.port}/socket'); }} catch (e) {{}}
  try {{ new WebSocket('ws://localhost:{canary.port}/socket'); }} catch (e) {{}}
  try {{ new WebSocket('ws://127.0.0.2:{allowed.port}/allowed'); }} catch (e) {{}}
  try {{ navigator.sendBeacon('{c}/beacon', 'x'); }} catch (e) {{}}
  const x = new XMLHttpRequest();
  x.open('GET', '/hop?to={c}/redirected-xhr');
  x.onload = () => show(x.responseText);
  x.send();
  try {{
    const pc = new RTCPeerConnection({{ iceServers: [
      {{ urls: 'stun:127.0.0.1:{udp.port}' }},
      {{ urls: 'turn:127.0.0.1:{canary.port}?transport=tcp', username: 'u', credential: 'p' }}] }});
    pc.createDataChannel('x');
    pc.createOffer().then((o) => pc.setLocalDescription(o));
  }} catch (e) {{}}
</script>""")


def build(site: Site, canary: Canary, udp: UdpCanary, allowed: Canary) -> None:
    site.page("/robots.txt", "User-agent: *\nAllow: /\n", ctype="text/plain")
    site.page("/chat", hostile_page(canary, udp, allowed))

    def hop(h: Any) -> None:
        target = parse_qs(urlsplit(h.path).query).get("to", ["/"])[0]
        Site.reply(h, 302, "", headers={"Location": target})

    site.routes["/hop"] = hop


def crawl(settings: Settings, o: Organization) -> tuple[SiteSnapshot, dict[str, str]]:
    """The snapshot, and what the browser's guard refused (host:port -> reason)."""
    async def go() -> tuple[SiteSnapshot, dict[str, str]]:
        async with BrowserPool(settings) as pool:
            snap = await crawl_site(o, settings, audit_id="guard", started_at=T0,
                                    browser=pool)
            return snap, pool.proxy.refused if pool.proxy is not None else {}

    return asyncio.run(go())


def test_hostile_page_reaches_no_forbidden_address(
        tmp_path: Path, chromium: str, allowed_site: Site, canary: Canary,
        udp_canary: UdpCanary, allowed_socket: Canary) -> None:
    build(allowed_site, canary, udp_canary, allowed_socket)
    chat = f"{allowed_site.url}/chat"
    o = Organization(id="acme", name="Acme", url=chat, contact_email="t@example.com",
                     audience="under13", product_urls=[chat])
    snap, refused = crawl(only_127_0_0_2(tmp_path, chromium), o)

    page = snap.page(chat)
    assert page is not None and page.fetcher is Fetcher.BROWSER and page.rendered
    assert page.outcome is FetchCause.OK and "HOSTILE-PAGE-OK" in page.text
    assert allowed_site.hits.get("/hop?to=" + canary.url + "/redirected-frame", 0) >= 1
    assert canary.connections == 0, canary.requests
    assert udp_canary.datagrams == 0  # WebRTC may not send UDP around the proxy
    assert allowed_socket.connections >= 1  # the guard is a rule, not a wall
    # the browser did try, and the guard said no (by address and by name)
    assert {f"127.0.0.1:{canary.port}", f"localhost:{canary.port}"} <= set(refused)
    evidence = gzip.decompress(Path(snap.warc_path or "").read_bytes())
    assert SECRET.encode() not in evidence
    assert SECRET not in page.text and not any(SECRET in t for t in page.hidden_text)


def test_a_redirect_to_a_forbidden_address_is_refused_not_blocked(
        tmp_path: Path, chromium: str, allowed_site: Site, canary: Canary) -> None:
    """A page whose script sends the whole tab to the canary is reported as refused."""
    allowed_site.page("/robots.txt", "User-agent: *\nAllow: /\n", ctype="text/plain")
    allowed_site.page("/go", html("Go", f"<p>moving on</p><script>location.href = "
                                        f"'{canary.url}/landing';</script>"))
    go = f"{allowed_site.url}/go"
    o = Organization(id="acme", name="Acme", url=go, contact_email="t@example.com",
                     audience="under13", product_urls=[go])
    snap, _refused = crawl(only_127_0_0_2(tmp_path, chromium), o)
    page = snap.page(go)
    assert page is not None and canary.connections == 0
    assert SECRET not in page.text
    browser_log = [r for r in snap.log if r.fetcher is Fetcher.BROWSER]
    assert browser_log and browser_log[0].cause is FetchCause.SSRF
    assert "127.0.0.1" in (browser_log[0].reason or "")
