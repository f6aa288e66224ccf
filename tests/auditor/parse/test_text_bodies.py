"""A plain-text or Markdown page reads the same crawled, inspected by URL, or read
from a saved file: one reader (`auditor.parse.textdoc`) for all three, so the
sentences the detectors see (hard wraps undone, Markdown headings as sections) do not
depend on how the page arrived."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from auditor.models import Page
from auditor.parse.files import read_document
from auditor.parse.page import fill_page
from checks.signals import analyze
from tests.auditor.loopback import Site

WRAPPED = (
    "Kids Corner Privacy\n\n"
    "We collect a child's first name and a parent's e-mail address\n"
    "only after the parent gives verifiable consent, and a parent may\n"
    "review or delete the child's information at any time by writing to\n"
    "privacy@kidscorner.example.\n"
)
MARKDOWN = (
    "# Kids Corner Privacy\n\n"
    "## Children's privacy\n\n"
    "We collect a child's first name only after a parent gives verifiable consent.\n"
)


def _crawled(body: str, ctype: str) -> tuple[Page, Any]:
    now = datetime.now(UTC)
    page = Page(url="https://kids.example/privacy", final_url="https://kids.example/privacy",
                fetched_at=now, content_type=ctype)
    return fill_page(page, body.encode(), ctype)


def test_a_hard_wrapped_text_page_is_unwrapped_when_crawled(tmp_path: Path) -> None:
    saved = tmp_path / "privacy.txt"
    saved.write_text(WRAPPED)
    page, doc = _crawled(WRAPPED, "text/plain; charset=utf-8")
    assert page.text == read_document(saved).text
    assert ("a parent's e-mail address only after the parent gives verifiable consent"
            in page.text)
    names = [s.name for s in analyze(doc) if s.value]
    assert names == [s.name for s in analyze(read_document(saved)) if s.value]
    assert "coppa_notice" in names


def test_a_markdown_page_keeps_its_headings_when_crawled(tmp_path: Path) -> None:
    saved = tmp_path / "privacy.md"
    saved.write_text(MARKDOWN)
    page, doc = _crawled(MARKDOWN, "text/markdown")
    assert page.text == read_document(saved).text
    assert "#" not in page.text
    assert [h.text_content() for h in doc.root.iter("h2")] == ["Children's privacy"]


def test_inspect_by_url_reads_a_text_page_as_inspect_by_file(
        cli: Any, site: Site, tmp_path: Path, monkeypatch: Any) -> None:
    saved = tmp_path / "privacy.txt"
    saved.write_text(WRAPPED)
    site.page("/privacy", WRAPPED, ctype="text/plain; charset=utf-8")
    monkeypatch.setenv("AUDITOR_CRAWL_ALLOW_PRIVATE_NETWORKS", "true")
    code, by_url, err = cli("inspect", f"{site.url}/privacy", "--json")
    assert code == 0, err
    code, by_file, err = cli("inspect", str(saved), "--json")
    assert code == 0, err
    url_report, file_report = json.loads(by_url), json.loads(by_file)
    assert url_report["signals"] == file_report["signals"]
    assert url_report["evidence"] == file_report["evidence"]
    assert url_report["signals"]["coppa_notice"] is True
