"""`auditor inspect URL` fetches through the crawler's guarded fetcher: against a name
that rebinds to a forbidden address, and a body gzipped twice into a bomb."""

from __future__ import annotations

import tracemalloc
from typing import Any

import pytest

from tests.auditor.loopback import Site, double_gzip_bomb, html, rebind, twin_sites

PAGE = html("Help", "<p>You are chatting with Pip, an AI assistant, not a person.</p>")
BOMB_BYTES = 100 * 1024 * 1024


def test_a_name_rebinding_to_a_forbidden_address_is_refused(
        cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """rebind.test answers the check with 127.0.0.2 (allowed) and then 127.0.0.1 (not):
    the address checked must be the address connected to, so the canary on 127.0.0.1
    never sees a request."""
    canary, allowed = twin_sites("127.0.0.1", "127.0.0.2")
    try:
        canary.page("/", html("Canary", "<p>CANARY-SECRET</p>"))
        allowed.page("/", PAGE)
        monkeypatch.setenv("AUDITOR_CRAWL_ALLOW_NETWORKS", "127.0.0.2/32")
        monkeypatch.setenv("AUDITOR_CRAWL_RETRIES", "0")
        answers = rebind(monkeypatch, "rebind.test", "127.0.0.2", "127.0.0.1")
        code, out, err = cli("inspect", f"http://rebind.test:{canary.port}/", "--json")
        assert canary.hits == {}, "a request reached the forbidden address"
        assert "CANARY-SECRET" not in out
        assert code == 2, (out, err)
        assert "127.0.0.1 is loopback" in err
        assert len(answers) >= 2  # the name was looked up again, and refused then
    finally:
        canary.close()
        allowed.close()


def test_a_double_gzip_bomb_ends_in_a_clear_error_within_a_few_megabytes(
        cli: Any, site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = double_gzip_bomb(BOMB_BYTES)
    site.page("/", bomb, headers={"Content-Encoding": "gzip, gzip"})
    monkeypatch.setenv("AUDITOR_CRAWL_ALLOW_PRIVATE_NETWORKS", "true")
    tracemalloc.start()
    try:
        code, _out, err = cli("inspect", f"{site.url}/", "--json")
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 * 1024 * 1024, f"{len(bomb)} bytes on the wire took {peak} bytes"
    assert code == 3
    assert "bomb guard" in err and site.url in err


def test_stacked_encodings_of_an_honest_page_are_decoded(
        cli: Any, site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip
    import json
    import zlib

    body = zlib.compress(gzip.compress(PAGE.encode()))
    site.page("/", body, headers={"Content-Encoding": "gzip, deflate"})
    monkeypatch.setenv("AUDITOR_CRAWL_ALLOW_PRIVATE_NETWORKS", "true")
    code, out, err = cli("inspect", f"{site.url}/", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["url"] == f"{site.url}/" and data["language"] == "en"  # <html lang=en> read
