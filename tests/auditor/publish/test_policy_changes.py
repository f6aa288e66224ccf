"""A children's section removed between two audits of a local site shows in the second
report, in the compliance summary and in `auditor diff`, read from the two archives."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from auditor.crawl.archive import WarcArchive
from auditor.models import Page, SiteSnapshot
from auditor.net.http import Exchange
from auditor.publish.archives import ArchivedPageInfo, AuditArchive
from auditor.publish.changes import compare_archives, diff_text, page_role
from tests.auditor.loopback import Site
from tests.auditor.publish.sitekit import CHILDREN, privacy_page, register_tutor, serve_tutor

T = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)

CHILDREN_START = CHILDREN[:60]


def _audit(cli: Any) -> dict[str, Any]:
    code, out, err = cli("audit", "sparky", "--allow-private", "--json")
    assert code in (0, 1), err
    return json.loads(out)  # type: ignore[no-any-return]


@pytest.fixture
def two_audits(site: Site, cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
               ) -> tuple[dict[str, Any], dict[str, Any]]:
    monkeypatch.setenv("AUDITOR_CRAWL_BROWSER", "never")
    serve_tutor(site)
    register_tutor(cli, site, tmp_path)
    first = _audit(cli)
    # the second audit sees the policy without its children's section, plus a line
    # carrying a terminal escape and Rich markup, which must stay inert text
    serve_tutor(site, children=False,
                extra="<p>Updated \x1b[2J\x1b[31mtoday [bold red]really[/bold red]</p>")
    second = _audit(cli)
    return first, second


def test_second_report_and_summary_show_the_removed_children_section(
        two_audits: tuple[dict[str, Any], dict[str, Any]], cli: Any, site: Site) -> None:
    first, second = two_audits
    html = Path(second["reports"]["html"]).read_text()
    assert "Policy and chat pages that changed" in html
    assert 'id="page-changes"' in html and "privacy policy" in html
    assert CHILDREN_START.replace("'", "&#39;") in html  # the removed paragraph, escaped
    assert '<div class="dl del">' in html
    md = Path(second["reports"]["md"]).read_text()
    assert "Policy and chat pages that changed (1)" in md

    day = second["assessment"]["as_of"][:10]
    code, out, err = cli("summary", "--period", day)
    assert code == 0, err
    assert "POLICY AND CHAT PAGES CHANGED SINCE THE LAST PERIOD (1)" in out
    assert "Sparky Tutor: Privacy policy changed" in out
    assert "Children's privacy" in out and f"{site.url}/privacy.html" in out


def test_an_audit_compared_with_itself_shows_no_change(
        two_audits: tuple[dict[str, Any], dict[str, Any]], cli: Any) -> None:
    first, _second = two_audits
    code, out, _ = cli("diff", first["audit_id"], first["audit_id"])
    assert code == 0 and "No change" in out


def test_auditor_diff_prints_the_change_as_plain_text(
        two_audits: tuple[dict[str, Any], dict[str, Any]], cli: Any, site: Site) -> None:
    first, second = two_audits
    code, out, err = cli("diff", first["audit_id"], second["audit_id"])
    assert code == 0, err
    assert "privacy policy: Privacy Policy" in out
    assert "- Children's privacy" in out and f"- {CHILDREN_START}" in out
    assert "\x1b" not in out  # control characters stripped
    assert "[bold red]really[/bold red]" in out  # never read as Rich markup
    # the order of the arguments does not matter; one URL narrows it
    code, again, _ = cli("diff", second["audit_id"], first["audit_id"],
                         f"{site.url}/privacy.html")
    assert code == 0 and "- Children's privacy" in again
    code, none, _ = cli("diff", first["audit_id"], second["audit_id"], f"{site.url}/")
    assert code == 0 and "No change" in none
    code, data, _ = cli("diff", first["audit_id"], second["audit_id"], "--json")
    pages = json.loads(data)["pages"]
    assert [p["status"] for p in pages] == ["changed"] and pages[0]["removed"] == 2
    assert cli("diff", first["audit_id"], "nope")[0] == 2


def test_a_page_that_disappears_counts_as_removed(site: Site, cli: Any, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_CRAWL_BROWSER", "never")
    serve_tutor(site)
    register_tutor(cli, site, tmp_path)
    first = _audit(cli)
    site.page("/privacy.html", "<html><body>gone</body></html>", status=404)
    second = _audit(cli)
    code, out, _ = cli("diff", first["audit_id"], second["audit_id"], "--json")
    pages = {p["url"]: p for p in json.loads(out)["pages"]}
    assert pages[f"{site.url}/privacy.html"]["status"] == "removed"


def _info(url: str, title: str = "", product: bool = False) -> ArchivedPageInfo:
    return ArchivedPageInfo(url=url, final_url=url, title=title, outcome="ok", status=200,
                            is_product=product, warc_record_id=None,
                            screenshot_record_id=None, content_type=None, chat_opened=False)


@pytest.mark.parametrize(("url", "title", "product", "role"), [
    ("https://a.example/children-privacy.html", "", False, "children's notice"),
    ("https://a.example/legal/coppa", "", False, "children's notice"),
    ("https://a.example/p", "Kids' Privacy Notice", False, "children's notice"),
    ("https://a.example/privacy", "Privacy Policy", False, "privacy policy"),
    ("https://a.example/terms-of-service", "", False, "terms"),
    ("https://a.example/app", "Sparky", True, "chat page"),
    ("https://a.example/chat", "", False, "chat page"),
    ("https://a.example/parents.html", "A guide for parents", False, None),
    ("https://a.example/blog/ai", "Our AI", False, None),
])
def test_which_pages_matter(url: str, title: str, product: bool, role: str | None) -> None:
    assert page_role(_info(url, title, product)) == role


def test_paragraph_diff_counts_and_bounds() -> None:
    lines, added, removed, cut = diff_text("a\nb\nc\n", "a\nc\nd\n")
    assert (added, removed, cut) == (1, 1, False)
    assert [(ln.op, ln.text) for ln in lines] == [(" ", "a"), ("-", "b"), (" ", "c"),
                                                   ("+", "d")]
    many, added, _removed, cut = diff_text("", "\n".join(str(i) for i in range(500)))
    assert added == 500 and cut and len(many) <= 160


def _archive(path: Path, pages: dict[str, str]) -> AuditArchive:
    """An archive as the crawler writes it, of plain HTTP pages."""
    warc = WarcArchive(path, info={"audit-id": path.stem})
    snapshot = SiteSnapshot(org_id="sparky", started_at=T)
    for url, body in pages.items():
        rid, digest = warc.exchange(Exchange(
            url=url, request_headers=[], status=200, reason="OK", http_version="HTTP/1.1",
            headers=[("Content-Type", "text/html; charset=utf-8")], body=body.encode()))
        snapshot.pages.append(Page(url=url, final_url=url, fetched_at=T, warc_record_id=rid,
                                   sha256=digest, content_type="text/html; charset=utf-8"))
    warc.index(snapshot)
    warc.close()
    return AuditArchive(path)


def test_a_site_served_at_another_address_is_compared_by_path(tmp_path: Path) -> None:
    before = _archive(tmp_path / "a.warc.gz", {
        "http://127.0.0.1:8731/sparky/privacy.html": privacy_page(True)})
    after = _archive(tmp_path / "b.warc.gz", {
        "http://127.0.0.1:40001/sparky/privacy.html": privacy_page(False)})
    [change] = compare_archives(before, after)
    assert change.status == "changed" and change.removed == 2
    assert change.url == "http://127.0.0.1:40001/sparky/privacy.html"
    same = _archive(tmp_path / "c.warc.gz", {
        "http://127.0.0.1:40001/sparky/privacy.html": privacy_page(False)})
    assert compare_archives(after, same) == []


def test_missing_archives_compare_as_nothing(tmp_path: Path) -> None:
    empty = AuditArchive(tmp_path / "none.warc.gz")
    assert empty.pages == [] and compare_archives(empty, empty) == []
