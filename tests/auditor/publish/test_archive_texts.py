"""A report quotes evidence from the texts the detectors read, not from a second parse.

At the end of a crawl the report is written with the snapshot in hand; its archive takes
page texts from the snapshot instead of parsing every archived body again. That is only
right while those texts are exactly what the archive would rebuild: checked here on the
demo sites crawled for real (pages over HTTP, pages rendered in Chromium, and pages a
second audit found unchanged and read from the first audit's archive).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from auditor.crawl import crawl_site
from auditor.demo.server import SiteServer
from auditor.models import Fetcher, Organization, SiteSnapshot
from auditor.publish.archives import AuditArchive
from auditor.resources import demo_dir
from auditor.settings import load_settings

T = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def _orgs(base: str) -> list[Organization]:
    lines = (demo_dir() / "orgs.csv").read_text().replace("{base}", base).splitlines()
    orgs = []
    for line in lines[1:]:
        oid, name, url, product, email, audience, *_ = line.split(",")
        orgs.append(Organization(id=oid, name=name, url=url, product_urls=[product],
                                 contact_email=email, audience=audience))
    return orgs


def _same_texts(snapshot: SiteSnapshot, earlier: list[str]) -> int:
    """Compare the snapshot-seeded archive with one that parses the WARC; pages checked."""
    assert snapshot.warc_path
    seeded = AuditArchive(snapshot.warc_path, earlier, snapshot=snapshot)
    parsed = AuditArchive(snapshot.warc_path, earlier)
    assert seeded.pages == parsed.pages
    checked = 0
    for page in parsed.pages:
        if page.warc_record_id:
            assert seeded.text(page.url) == parsed.text(page.url), page.url
            checked += 1
    return checked


def test_snapshot_texts_are_the_texts_the_archive_rebuilds(tmp_path: Path, chromium: str) -> None:
    settings = load_settings(data_dir=tmp_path / "data", testing=True,
                             crawl={"allow_private_networks": True, "retries": 0,
                                    "browser_path": chromium, "browser": "auto"})
    with SiteServer(demo_dir()) as server:
        orgs = _orgs(server.base_url)

        async def crawl_all() -> list[SiteSnapshot]:
            return [await crawl_site(org, settings, audit_id=f"a-{org.id}", started_at=T)
                    for org in orgs]

        first = asyncio.run(crawl_all())
        chatterbox = next(s for s in first if s.org_id == "chatterbox")
        validators = {p.final_url: (p.etag, p.last_modified) for p in chatterbox.pages
                      if p.etag or p.last_modified}
        again = asyncio.run(crawl_site(
            orgs[[o.id for o in orgs].index("chatterbox")], settings, audit_id="b-chatterbox",
            started_at=T, validators=validators, previous_warc=chatterbox.warc_path))

    fetchers = {p.fetcher for s in [*first, again] for p in s.pages if p.warc_record_id}
    assert {Fetcher.HTTP, Fetcher.BROWSER, Fetcher.ARCHIVE} <= fetchers, fetchers
    checked = sum(_same_texts(s, []) for s in first)
    checked += _same_texts(again, [chatterbox.warc_path or ""])
    assert checked >= 20
