"""The HTTP fetcher against a real loopback server: limits, retries, encodings."""

from __future__ import annotations

import asyncio
import gzip
import time
from typing import Any

from auditor.models import FetchCause
from auditor.net.http import Fetched, HttpFetcher, retry_after_s
from auditor.settings import Settings, load_settings
from tests.auditor.loopback import Site


def settings_for(tmp_path: Any, **crawl: Any) -> Settings:
    base = {"allow_private_networks": True, "retries": 1, "read_timeout_s": 0.5,
            "page_timeout_s": 3.0, "max_page_bytes": 256 * 1024}
    return load_settings(data_dir=tmp_path, testing=True, crawl={**base, **crawl})


def fetch(settings: Settings, url: str, **kw: Any) -> Fetched:
    async def go() -> Fetched:
        fetcher = HttpFetcher(settings)
        try:
            return await fetcher.fetch(url, **kw)
        finally:
            await fetcher.aclose()

    return asyncio.run(go())


def test_429_waits_for_retry_after_then_succeeds(tmp_path: Any, site: Site) -> None:
    calls: list[float] = []

    def limited(h: Any) -> None:
        calls.append(time.monotonic())
        if len(calls) == 1:
            Site.reply(h, 429, "slow down", headers={"Retry-After": "1"})
        else:
            Site.reply(h, 200, "<p>welcome</p>")

    site.routes["/"] = limited
    got = fetch(settings_for(tmp_path), site.url + "/")
    assert got.cause is FetchCause.OK and got.status == 200 and got.retries == 1
    assert calls[1] - calls[0] >= 0.95
    assert [x.status for x in got.exchanges] == [429, 200]


def test_retry_after_beyond_the_cap_is_not_waited_for(tmp_path: Any, site: Site) -> None:
    site.page("/", "busy", status=503, headers={"Retry-After": "3600"})
    started = time.monotonic()
    got = fetch(settings_for(tmp_path, retry_after_cap_s=2), site.url + "/")
    assert time.monotonic() - started < 1.5
    assert got.cause is FetchCause.HTTP_5XX and "exceeds cap" in (got.reason or "")
    assert site.hits["/"] == 1


def test_retry_after_http_date() -> None:
    assert retry_after_s("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480.0) == 0.0
    assert retry_after_s("Wed, 21 Oct 2015 07:28:00 GMT", 1445412470.0) == 10.0
    assert retry_after_s("soon", 0.0) is None


def test_redirect_loop_is_detected(tmp_path: Any, site: Site) -> None:
    site.routes["/a"] = lambda h: Site.reply(h, 302, "", headers={"Location": "/b"})
    site.routes["/b"] = lambda h: Site.reply(h, 302, "", headers={"Location": "/a"})
    got = fetch(settings_for(tmp_path), site.url + "/a")
    assert got.cause is FetchCause.TOO_MANY_REDIRECTS and "loop" in (got.reason or "")
    assert site.hits == {"/a": 1, "/b": 1}


def test_redirect_cap(tmp_path: Any, site: Site) -> None:
    for i in range(10):
        site.routes[f"/{i}"] = lambda h, i=i: Site.reply(h, 301, "",
                                                         headers={"Location": f"/{i + 1}"})
    got = fetch(settings_for(tmp_path, max_redirects=3), site.url + "/0")
    assert got.cause is FetchCause.TOO_MANY_REDIRECTS and len(got.exchanges) == 4


def test_fifty_megabyte_body_is_cut_early(tmp_path: Any, site: Site) -> None:
    chunk = b"<p>" + b"x" * 65533

    def huge(h: Any) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(50 * 1024 * 1024))
        h.end_headers()
        for _ in range(800):
            h.wfile.write(chunk)
            site.sent["/big"] = site.sent.get("/big", 0) + len(chunk)

    site.routes["/big"] = huge
    started = time.monotonic()
    got = fetch(settings_for(tmp_path), site.url + "/big")
    assert got.cause is FetchCause.TOO_LARGE
    assert time.monotonic() - started < 2.0
    assert got.body == b"" and len(got.exchanges[0].body) == 256 * 1024  # archived, not analysed
    time.sleep(0.2)
    assert site.sent["/big"] < 20 * 1024 * 1024  # the server was cut off, not drained


def test_gzip_bomb_is_stopped_by_the_ratio_guard(tmp_path: Any, site: Site) -> None:
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 100_000
    site.page("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    started = time.monotonic()
    got = fetch(settings_for(tmp_path, max_page_bytes=8 * 1024 * 1024), site.url + "/bomb")
    assert got.cause is FetchCause.TOO_LARGE and "ratio" in (got.reason or "")
    assert len(got.body) <= 8 * 1024 * 1024 and time.monotonic() - started < 2.0


def test_honest_gzip_is_decoded(tmp_path: Any, site: Site) -> None:
    site.page("/z", gzip.compress("<p>Datenschutzerklärung</p>".encode()),
              headers={"Content-Encoding": "gzip"})
    got = fetch(settings_for(tmp_path), site.url + "/z")
    assert got.cause is FetchCause.OK and got.body.decode() == "<p>Datenschutzerklärung</p>"


def test_server_stalling_mid_body_times_out(tmp_path: Any, site: Site) -> None:
    def stall(h: Any) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        h.wfile.write(b"<html><body>half")
        h.wfile.flush()
        time.sleep(4)

    site.routes["/stall"] = stall
    started = time.monotonic()
    got = fetch(settings_for(tmp_path, retries=1), site.url + "/stall")
    assert got.cause is FetchCause.TIMEOUT and got.retries == 1
    assert time.monotonic() - started < 2.5


def test_non_html_is_not_read(tmp_path: Any, site: Site) -> None:
    site.page("/f.pdf", b"%PDF-1.4" * 1000, ctype="application/pdf")
    got = fetch(settings_for(tmp_path), site.url + "/f.pdf")
    assert got.cause is FetchCause.NOT_HTML and got.body == b""


def test_conditional_request_sends_validators(tmp_path: Any, site: Site) -> None:
    seen: dict[str, str | None] = {}

    def cond(h: Any) -> None:
        seen["inm"] = h.headers.get("If-None-Match")
        seen["ims"] = h.headers.get("If-Modified-Since")
        Site.reply(h, 304, b"")

    site.routes["/c"] = cond
    got = fetch(settings_for(tmp_path), site.url + "/c",
                validators=('"v1"', "Wed, 21 Oct 2015 07:28:00 GMT"))
    assert got.cause is FetchCause.NOT_MODIFIED
    assert seen == {"inm": '"v1"', "ims": "Wed, 21 Oct 2015 07:28:00 GMT"}


def test_user_agent_names_the_contact_url_and_locale_is_pinned(tmp_path: Any, site: Site) -> None:
    seen: dict[str, str | None] = {}

    def echo(h: Any) -> None:
        seen["ua"], seen["lang"] = h.headers.get("User-Agent"), h.headers.get("Accept-Language")
        Site.reply(h, 200, "ok")

    site.routes["/"] = echo
    fetch(settings_for(tmp_path, contact_url="https://audits.example/bot", locale="de-DE"),
          site.url + "/")
    assert "https://audits.example/bot" in (seen["ua"] or "")
    assert (seen["lang"] or "").startswith("de-DE")


def test_per_host_concurrency_is_respected(tmp_path: Any, site: Site) -> None:
    state = {"now": 0, "peak": 0}

    def slow(h: Any) -> None:
        state["now"] += 1
        state["peak"] = max(state["peak"], state["now"])
        time.sleep(0.15)
        state["now"] -= 1
        Site.reply(h, 200, "ok")

    for i in range(6):
        site.routes[f"/{i}"] = slow
    settings = settings_for(tmp_path, per_host_concurrency=2, concurrency=8)

    async def go() -> list[Fetched]:
        fetcher = HttpFetcher(settings)
        try:
            return await asyncio.gather(*(fetcher.fetch(f"{site.url}/{i}") for i in range(6)))
        finally:
            await fetcher.aclose()

    results: list[Fetched] = asyncio.run(go())
    assert all(r.cause is FetchCause.OK for r in results)
    assert state["peak"] == 2


