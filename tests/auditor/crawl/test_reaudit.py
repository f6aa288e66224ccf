"""A second audit of an unchanged site: 304 Not Modified saves bytes, never pages.

The daemon's normal case. Every page answers 304 to the validators of the first
audit; the second audit must still follow every page's links (from the archived body),
reach every page, judge the same, and archive what it judged in its own WARC, naming
the record each body came from."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from auditor.crawl.archive import iter_pages
from auditor.demo.server import SiteServer
from auditor.resources import demo_dir
from auditor.settings import Settings
from auditor.store import Store
from auditor.store.audits import get_audit


def _findings(audit: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    return {f["check_id"]: (f["status"], sorted((e["url"], e["snippet"], e["locator"],
                                                 e["sha256"]) for e in f["evidence"]))
            for f in audit["assessment"]["findings"]}


def test_a_second_audit_of_an_unchanged_site_sees_every_page(
        cli: Any, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(demo_dir(), tmp_path / "sites")
    monkeypatch.setenv("AUDITOR_CRAWL_BROWSER", "never")
    with SiteServer(tmp_path / "sites") as server:
        rows = (tmp_path / "sites" / "orgs.csv").read_text().replace("{base}", server.base_url)
        orgs = tmp_path / "orgs.csv"
        orgs.write_text("\n".join(line for line in rows.splitlines()
                                  if line.startswith(("id,", "chatterbox,"))) + "\n")
        assert cli("orgs", "import", str(orgs))[0] == 0
        audits = []
        for _ in range(2):
            code, out, err = cli("audit", "chatterbox", "--allow-private", "--json")
            assert code in (0, 1), err
            audits.append(json.loads(out))
    first, second = audits
    assert first["pages"] >= 5
    assert second["pages"] == first["pages"]
    assert _findings(second) == _findings(first)

    store = Store(settings.database_url)
    old, new = (get_audit(store, a["audit_id"]) for a in audits)
    store.dispose()
    assert new.warc_path != old.warc_path
    old_records = {r.record_id: r for r in iter_pages(old.warc_path or "")}
    new_records = {r.record_id: r for r in iter_pages(new.warc_path or "")}
    pages = new.crawl["pages"] if new.crawl else []
    reused = [p for p in pages if p["outcome"] == "not_modified"]
    assert len(reused) >= 5, [(p["url"], p["outcome"]) for p in pages]
    for page in reused:
        record = new_records[page["warc_record_id"]]  # evidence in this audit's own archive
        assert record.sha256 == page["sha256"] and record.body
        assert record.refers_to in old_records  # ... naming the record it came from
        assert old_records[record.refers_to].body == record.body


def test_a_product_page_answering_304_is_still_rendered(tmp_path: Path, chromium: str) -> None:
    """A 304 confirms the static HTML, not what a script writes into the page: a product
    page reused from the archive still goes to the browser."""
    import asyncio
    from datetime import UTC, datetime

    from auditor.crawl import crawl_site
    from auditor.models import Fetcher, Organization
    from auditor.settings import load_settings
    from tests.auditor.loopback import Site, html

    site = Site()
    chat = html("Chat", "<div id='chat'></div><script>document.getElementById('chat')"
                        ".textContent = 'Pip is an AI assistant, not a person.';</script>")

    def conditional(h: Any) -> None:
        if h.headers.get("If-None-Match") == '"v1"':
            Site.reply(h, 304, b"", headers={"ETag": '"v1"'})
        else:
            Site.reply(h, 200, chat, headers={"ETag": '"v1"'})

    site.routes["/chat"] = conditional
    site.page("/", html("Home", "<a href='/chat'>Chat</a>"))
    try:
        settings = load_settings(data_dir=tmp_path / "data", testing=True,
                                 crawl={"allow_private_networks": True, "retries": 0,
                                        "browser_path": chromium})
        org = Organization(id="acme", name="Acme", url=f"{site.url}/",
                           product_urls=[f"{site.url}/chat"], contact_email="t@example.com",
                           audience="under13")
        at = datetime(2026, 11, 29, tzinfo=UTC)
        first = asyncio.run(crawl_site(org, settings, audit_id="a1", started_at=at))
        second = asyncio.run(crawl_site(
            org, settings, audit_id="a2", started_at=at,
            validators={f"{site.url}/chat": ('"v1"', None)}, previous_warc=first.warc_path))
    finally:
        site.close()
    before, after = (s.page(f"{site.url}/chat") for s in (first, second))
    assert before is not None and after is not None
    assert any(r.status == 304 and r.url.endswith("/chat") for r in second.log)
    assert after.fetcher is Fetcher.BROWSER and "not a person" in after.text
    assert before.fetcher is Fetcher.BROWSER and "not a person" in before.text
