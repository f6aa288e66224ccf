"""crawl_site end to end over a real loopback site: discovery, robots, WARC, rebuild."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from auditor.crawl import crawl_site
from auditor.crawl.archive import iter_pages, rebuild_snapshot
from auditor.errors import TargetRefused
from auditor.models import FetchCause, Fetcher, Organization, SiteSnapshot
from auditor.settings import Settings, load_settings
from checks.signals import analyse_page
from tests.auditor.loopback import Site, html

T0 = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
PRIVACY = ("<h1>Children's Privacy Notice</h1><p>We comply with COPPA. We collect a child's "
           "name and email only with verifiable parental consent. Parents can review and delete "
           "their child's information by contacting privacy@example.com.</p>")


def org(url: str, **kw: Any) -> Organization:
    return Organization(id="acme", name="Acme", url=url, contact_email="t@example.com",
                        audience="under13", **kw)


def http_only(tmp_path: Any, **crawl: Any) -> Settings:
    base = {"allow_private_networks": True, "browser": "never", "retries": 0,
            "read_timeout_s": 1.0, "page_timeout_s": 3.0}
    return load_settings(data_dir=tmp_path / "data", testing=True, crawl={**base, **crawl})


def crawl(o: Organization, settings: Settings, **kw: Any) -> SiteSnapshot:
    kw.setdefault("analyser", analyse_page)
    return asyncio.run(crawl_site(o, settings, audit_id="a1", started_at=T0, **kw))


def build_site(site: Site) -> None:
    site.page("/robots.txt", "User-agent: *\nDisallow: /org/private/\n", ctype="text/plain")
    site.page("/org/", html("Acme", "<a href='/org/about/'>About</a> <a href='blog/'>Blog</a>"
                                    " <a href='/org/private/'>Staff</a>"
                                    " <a href='/other/'>Elsewhere</a>"
                                    " <a href='https://twitter.example/acme'>tw</a>"))
    site.page("/org/about/", html("About", "<p>About us</p> <a href='../kids-privacy/'>Kids</a>"))
    site.page("/org/kids-privacy/", html("Kids privacy", PRIVACY))
    site.page("/org/blog/", html("Blog", "<p>news</p>"))
    site.page("/org/sitemap.xml", "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/"
              f"schemas/sitemap/0.9'><url><loc>{site.url}/org/hidden-faq/</loc></url></urlset>",
              ctype="application/xml")
    site.page("/org/hidden-faq/", html("FAQ", "<p>Questions</p>"))
    site.page("/other/", html("Other", "<p>not this org</p>"))


def test_crawl_discovers_in_scope_pages_and_records_robots(tmp_path: Any, site: Site) -> None:
    build_site(site)
    snap = crawl(org(f"{site.url}/org/"), http_only(tmp_path))
    by_path = {p.url.split(str(site.port), 1)[1]: p for p in snap.pages}
    assert set(by_path) == {"/org/", "/org/about/", "/org/kids-privacy/", "/org/blog/",
                            "/org/private/", "/org/hidden-faq/"}
    assert by_path["/org/private/"].outcome is FetchCause.ROBOTS
    assert "/org/private/" not in site.hits and "/other/" not in site.hits
    kids = by_path["/org/kids-privacy/"]
    assert kids.outcome is FetchCause.OK and kids.fetcher is Fetcher.HTTP and kids.depth == 2
    assert "verifiable parental consent" in kids.text and kids.title == "Kids privacy"
    assert kids.warc_record_id and kids.sha256 and kids.html == ""
    assert any(s.name == "coppa_notice" for s in kids.signals)
    assert any(r.cause is FetchCause.ROBOTS and r.url.endswith("/org/private/") for r in snap.log)


def test_budget_limits_pages_and_relevant_links_go_first(tmp_path: Any, site: Site) -> None:
    build_site(site)
    settings = http_only(tmp_path, budget={"max_pages": 3, "max_depth": 2})
    snap = crawl(org(f"{site.url}/org/"), settings)
    assert len(snap.pages) == 3
    assert any("page budget (3) reached" in n for n in snap.notes)
    # the home page first, then the FAQ and About pages rank above the blog
    assert not any(p.url.endswith("/org/blog/") for p in snap.pages)


def test_warc_holds_every_page_and_rebuild_reproduces_it(tmp_path: Any, site: Site) -> None:
    build_site(site)
    settings = http_only(tmp_path)
    snap = crawl(org(f"{site.url}/org/"), settings)
    assert snap.warc_path == str(settings.evidence_dir / "a1.warc.gz")
    records = {r.record_id: r for r in iter_pages(snap.warc_path)}
    for page in snap.ok_pages:
        rec = records[page.warc_record_id or ""]
        assert rec.kind == "response" and rec.sha256 == page.sha256
    again = rebuild_snapshot(snap.warc_path, org(f"{site.url}/org/"), analyse_page)
    assert [p.url for p in again.pages] == [p.url for p in snap.pages]
    for old, new in zip(snap.pages, again.pages, strict=True):
        assert new.fetcher is Fetcher.ARCHIVE and new.outcome is old.outcome
        assert (new.text, new.sha256, new.signals) == (old.text, old.sha256, old.signals)
    assert again.log == snap.log


def test_refused_start_url_raises(tmp_path: Any) -> None:
    settings = load_settings(data_dir=tmp_path, testing=True,
                             crawl={"allow_private_networks": False})
    with pytest.raises(TargetRefused):
        crawl(org("http://169.254.169.254/"), settings)


def test_conditional_304_reuses_the_previous_archive(tmp_path: Any, site: Site) -> None:
    def cond(h: Any) -> None:
        if h.headers.get("If-None-Match") == '"v1"':
            Site.reply(h, 304, b"")
        else:
            Site.reply(h, 200, html("Kids privacy", PRIVACY), headers={"ETag": '"v1"'})

    site.routes["/"] = cond
    settings = http_only(tmp_path)
    first = crawl(org(f"{site.url}/"), settings)
    assert first.pages[0].etag == '"v1"'
    second = asyncio.run(crawl_site(org(f"{site.url}/"), settings, audit_id="a2", started_at=T0,
                                    validators={f"{site.url}/": ('"v1"', None)},
                                    previous_warc=first.warc_path))
    page = second.pages[0]
    assert page.outcome is FetchCause.NOT_MODIFIED and "verifiable parental consent" in page.text
    assert page.sha256 == first.pages[0].sha256


def test_without_previous_archive_a_304_is_refetched_in_full(tmp_path: Any, site: Site) -> None:
    def cond(h: Any) -> None:
        if h.headers.get("If-None-Match"):
            Site.reply(h, 304, b"")
        else:
            Site.reply(h, 200, html("Home", "<p>hello there</p>"))

    site.routes["/"] = cond
    snap = crawl(org(f"{site.url}/"), http_only(tmp_path),
                 validators={f"{site.url}/": ('"x"', None)})
    assert snap.pages[0].outcome is FetchCause.OK and "hello there" in snap.pages[0].text


def test_unreadable_robots_blocks_everything_as_robots(tmp_path: Any, site: Site) -> None:
    site.page("/robots.txt", "oops", status=500)
    site.page("/", html("Home", "<p>hi</p>"))
    snap = crawl(org(f"{site.url}/"), http_only(tmp_path))
    assert [p.outcome for p in snap.pages] == [FetchCause.ROBOTS]
    assert "disallow-all" in (snap.pages[0].reason or "")


def test_charset_from_meta_is_honoured(tmp_path: Any, site: Site) -> None:
    body = ("<html><head><meta charset='windows-1252'><title>Caf\xe9</title></head>"
            "<body><p>Politique de confidentialit\xe9</p></body></html>").encode("cp1252")
    site.page("/", body, ctype="text/html")
    snap = crawl(org(f"{site.url}/"), http_only(tmp_path))
    assert "confidentialité" in snap.pages[0].text and snap.pages[0].title == "Café"


def test_an_undeclared_western_page_reads_as_windows_1252(tmp_path: Any, site: Site) -> None:
    """No charset anywhere, ASCII but for curly quotes, dashes and no-break spaces (a
    real camp's terms from the development corpus): read as browsers in Western locales
    read it, not as the Baltic code page detection guessed, which turned each no-break
    space into a letter and glued the sentences together."""
    body = (Path(__file__).parents[3] / "benchmarks" / "realpages" / "documents" / "dev"
            / "fresh-air-society" / "terms.txt").read_bytes()
    site.page("/", body, ctype="text/plain")
    page = crawl(org(f"{site.url}/"), http_only(tmp_path)).pages[0]
    assert "Children\u2019s Online Privacy Protection Act" in page.text
    assert "\u0100" not in page.text
