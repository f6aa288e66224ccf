"""Pure discovery and escalation decisions: scope, relevance, sitemaps, app shells."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from auditor.crawl.discover import Scope, normalize, relevance, site_of, sitemap_locations
from auditor.crawl.escalate import render_reason
from auditor.models import FetchCause, Page
from auditor.net.http import Fetched
from auditor.parse.htmldoc import parse
from auditor.settings import load_settings


def test_registrable_domain_uses_the_bundled_suffix_list() -> None:
    assert site_of("help.kids.example.co.uk") == "example.co.uk"
    assert site_of("www.example.com") == "example.com"
    assert site_of("acme.github.io") == "acme.github.io"  # a private suffix: each user a site
    assert site_of("127.0.0.1") == "127.0.0.1" and site_of("localhost") == "localhost"


def test_scope_covers_subdomains_but_not_other_sites() -> None:
    scope = Scope.of("https://www.example.com/")
    assert scope.contains("https://help.example.com/privacy")
    assert scope.contains("http://example.com/")
    assert not scope.contains("https://example.org/")
    assert not scope.contains("https://notexample.com/")
    assert not scope.contains("mailto:x@example.com")


def test_org_at_a_path_is_scoped_to_that_path() -> None:
    scope = Scope.of("https://host.example/org/7/")
    assert scope.contains("https://host.example/org/7/privacy/")
    assert not scope.contains("https://host.example/org/70/")
    assert not scope.contains("https://host.example/org/")
    assert not scope.contains("https://other.host.example/org/7/")


@pytest.mark.parametrize(("better", "worse"), [
    (("/childrens-privacy/", "Children's Privacy"), ("/privacy/", "Privacy")),
    (("/datenschutz/", "Datenschutz"), ("/blog/", "Blog")),
    (("/confidentialite/", "Politique de confidentialité"), ("/about/", "À propos")),
    (("/seguridad/", "Centro de seguridad"), ("/careers/", "Empleo")),
    (("/help/report", "Report abuse"), ("/shop/", "Shop")),
    (("/ai/", "How our AI works"), ("/press/", "Press")),
])
def test_relevance_ranks_what_the_checks_read_first(better: tuple[str, str],
                                                    worse: tuple[str, str]) -> None:
    assert relevance("https://x.example" + better[0], better[1]) > \
        relevance("https://x.example" + worse[0], worse[1])


def test_normalize_drops_default_ports_and_fragments() -> None:
    assert normalize("HTTPS://Example.COM:443/a#b") == "https://example.com/a"
    assert normalize("http://example.com") == "http://example.com/"


def test_sitemap_and_index_are_read_without_resolving_entities() -> None:
    urlset = (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
              b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
              b"<url><loc>https://a.example/p</loc></url><url><loc>&e;</loc></url></urlset>")
    pages, children = sitemap_locations(urlset)
    assert pages == ["https://a.example/p"] and children == []
    index = (b"<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><sitemap>"
             b"<loc>https://a.example/s1.xml</loc></sitemap></sitemapindex>")
    assert sitemap_locations(index) == ([], ["https://a.example/s1.xml"])
    assert sitemap_locations(b"not xml at all <") == ([], [])


@pytest.mark.parametrize(("body", "shell"), [
    ("<div id='app'><noscript>enable JavaScript</noscript></div><script src=a.js></script>", True),
    ("<div id='root'></div><script>boot()</script>" + "<footer>" + "x " * 300 + "</footer>", True),
    ("<main>" + "Real server-rendered words. " * 40 + "</main><script>a()</script>", False),
    ("<p>short page, no scripts</p>", False),
])
def test_app_shell_detection(body: str, shell: bool) -> None:
    assert parse(f"<html><body>{body}</body></html>", "https://x.example/").app_shell is shell


def _page(**kw: Any) -> Page:
    return Page(url="https://x.example/", final_url="https://x.example/",
                fetched_at=datetime(2026, 1, 1, tzinfo=UTC), **kw)


def test_render_reasons(tmp_path: Any) -> None:
    auto = load_settings(data_dir=tmp_path)
    ok = Fetched(url="u", final_url="u", cause=FetchCause.OK, status=200)
    assert render_reason(_page(), ok, auto) is None
    assert render_reason(_page(is_product=True), ok, auto) == "product page"
    assert render_reason(_page(app_shell=True), ok, auto) == "application shell"
    refused = Fetched(url="u", final_url="u", cause=FetchCause.HTTP_4XX, status=403)
    why = render_reason(_page(outcome=FetchCause.HTTP_4XX), refused, auto)
    assert "bot protection" in (why or "")
    reset = Fetched(url="u", final_url="u", cause=FetchCause.CONNECT, reset=True)
    assert render_reason(_page(outcome=FetchCause.CONNECT), reset, auto)
    gone = Fetched(url="u", final_url="u", cause=FetchCause.HTTP_4XX, status=404)
    assert render_reason(_page(outcome=FetchCause.HTTP_4XX), gone, auto) is None
    robots = Fetched(url="u", final_url="u", cause=FetchCause.ROBOTS)
    assert render_reason(_page(outcome=FetchCause.ROBOTS, is_product=True), robots, auto) is None
    always = load_settings(data_dir=tmp_path, crawl={"browser": "always"})
    assert render_reason(_page(), ok, always) == "settings say always"
