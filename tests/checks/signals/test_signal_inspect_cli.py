"""`auditor inspect`: the fixed JSON shape, files of three kinds, URLs, escaping."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from auditor.models import SIGNAL_NAMES

HTML = """<html lang="en"><body><h1>Help</h1>
<p>You are chatting with Pip [bold red]pwned[/], an AI assistant, not a person.</p>
<p>Our service is not directed to children under 13.</p></body></html>"""


def _shape(data: dict[str, Any]) -> None:
    assert set(data) == {"url", "language", "signals", "evidence"}
    assert set(data["signals"]) == set(SIGNAL_NAMES)
    assert isinstance(data["signals"]["coppa_elements"], list)
    assert all(isinstance(v, bool) for k, v in data["signals"].items() if k != "coppa_elements")
    for items in data["evidence"].values():
        for item in items:
            assert set(item) == {"snippet", "locator"}


def test_json_on_html_file(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    code, out, _ = cli("inspect", str(path), "--json")
    assert code == 0
    data = json.loads(out)
    _shape(data)
    assert data["language"] == "en"
    assert data["signals"]["ai_disclosure"] is True
    assert data["signals"]["children_disclaimer"] is True
    assert data["evidence"]["ai_disclosure"][0]["snippet"].startswith("You are chatting")


def test_markdown_and_text_files(cli: Any, tmp_path: Path) -> None:
    md = tmp_path / "policy.md"
    md.write_text("# Children's Privacy\n\nWe comply with COPPA.\n", encoding="utf-8")
    data = json.loads(cli("inspect", str(md), "--json")[1])
    assert data["signals"]["coppa_notice"] is True
    txt = tmp_path / "terms.txt"
    txt.write_text("Nuestro servicio no está dirigido a niños menores de 14 años.\n",
                   encoding="utf-8")
    data = json.loads(cli("inspect", str(txt), "--json")[1])
    assert data["language"] == "es"
    assert data["signals"]["children_disclaimer"] is True


def test_table_does_not_interpret_page_markup(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    code, out, _ = cli("inspect", str(path))
    assert code == 0
    assert "ai_disclosure" in out
    assert "[bold red]pwned[/]" in out.replace("\n", "").replace(" ", "").replace(
        "│", "").replace("[boldred]", "[bold red]") or "pwned[/]" in out


def test_missing_file_is_bad_input(cli: Any, tmp_path: Path) -> None:
    code, _, err = cli("inspect", str(tmp_path / "nope.html"), "--json")
    assert code == 2


def test_private_address_refused_by_default(cli: Any) -> None:
    code, _, _ = cli("inspect", "http://127.0.0.1:9/", "--json")
    assert code == 2


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/old":
            self.send_response(302)
            self.send_header("Location", "/page")
            self.end_headers()
            return
        body = HTML.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_on_loopback_when_allowed(cli: Any, server: str,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_CRAWL_ALLOW_PRIVATE_NETWORKS", "true")
    code, out, err = cli("inspect", f"{server}/old", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["url"] == f"{server}/page"
    assert data["signals"]["ai_disclosure"] is True
