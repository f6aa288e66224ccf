"""Crawled or imported text reaches the terminal without its control characters and is
never read as Rich markup: `evidence`, `inspect`, `feeds show`, `orgs list`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.auditor.loopback import Site, html

# set the window title, clear the screen, switch to red, ring the bell, reverse the text
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x1b[31mred\x9b0m\u202eevil\x08"
UNSAFE = ("\x1b", "\x07", "\x9b", "\u202e", "\x08")


def _clean(out: str) -> None:
    for char in UNSAFE:
        assert char not in out, f"{char!r} reached the terminal"


def test_evidence_prints_archived_bytes_without_controls(
        site: Site, cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AUDITOR_CRAWL_BROWSER", "never")
    site.page("/", html("Kids AI", f"<p>Chat with our AI tutor {HOSTILE} today.</p>"))
    orgs = tmp_path / "orgs.toml"
    orgs.write_text(f'[[orgs]]\nid = "acme"\nname = "Acme"\nurl = "{site.url}/"\n'
                    'contact_email = "t@example.com"\naudience = "under13"\n')
    assert cli("orgs", "import", str(orgs))[0] == 0
    code, out, err = cli("audit", "acme", "--allow-private", "--json")
    assert code in (0, 1), err
    audit_id = json.loads(out)["audit_id"]
    code, out, err = cli("evidence", audit_id, f"{site.url}/")
    assert code == 0, err
    _clean(out)
    assert "Chat with our AI tutor" in out and "redevil" in out.replace("0m", "")
    code, out, _ = cli("evidence", audit_id)
    assert code == 0
    _clean(out)


def test_inspect_prints_page_text_without_controls(cli: Any, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(html("Help", f"<p>You are chatting with Pip {HOSTILE}, an AI assistant, "
                                 "not a person.</p>"), encoding="utf-8")
    code, out, err = cli("inspect", str(page))
    assert code == 0, err
    _clean(out)
    assert "ai_disclosure" in out


def test_feed_and_registry_text_is_never_markup(cli: Any, tmp_path: Path) -> None:
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("id,name,url,product_urls,contact_email,audience,jurisdictions,tier\n"
                    "acme,Acme,https://acme.example/,,ops@acme.example,teens,US,"
                    "[b]g[/b]\n")
    assert cli("orgs", "import", str(orgs))[0] == 0
    feed = tmp_path / "feed.csv"
    feed.write_text("org_id,period_start,period_end,requests,violations,category,source\n"
                    f"acme,2026-10-01,2026-10-31,100,1,[b]c[/b],[i]s[/i]{HOSTILE}\n")
    code, out, err = cli("feeds", "import", str(feed))
    assert code == 0, err
    code, out, _ = cli("feeds", "show", "acme")
    assert code == 0
    _clean(out)
    row = next(line for line in out.splitlines() if "2026-10-01" in line)
    assert "[b]c[/b]" in row and "[i]s[/i]" in row  # the table cells, not the reason line
    code, out, _ = cli("orgs", "list")
    assert code == 0 and "[b]g[/b]" in out
