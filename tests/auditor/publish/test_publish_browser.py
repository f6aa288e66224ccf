"""Reports and e-mails opened in real Chromium: they render, and crawled markup is inert.

The payload (a `<script>` and an `onerror=` image, and a `javascript:` URL) sits in
the org name, a finding's snippet and an evidence URL, as a hostile page would
put it there. It must show as text and never run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from auditor.publish import examples as X
from auditor.publish import render_fleet_report, write_reports
from auditor.publish.letters import case_message
from auditor.publish.stored import fleet_rows
from auditor.publish.summary import build_summary
from auditor.settings import Settings
from auditor.store import Store

pytestmark = pytest.mark.browser
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from tests.servicekit import chromium_path, need

    path = chromium_path()
    need(path is not None, "Chromium (/usr/bin/chromium)")  # fails under CI=true
    assert path is not None
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=ARGS)
        yield b
        b.close()


def _open(browser: Browser, path: Path) -> tuple[Page, list[str]]:
    page = browser.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, problems


def _assert_inert(page: Page, problems: list[str]) -> None:
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate(
        "Array.from(document.querySelectorAll('a')).filter("
        "a => !/^(https?:|file:)/.test(a.href)).length") == 0
    text = page.inner_text("body")
    assert '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">' in text
    assert "Undefined" not in text and "{{" not in text
    assert problems == []


def test_report_renders_and_payload_is_text(browser: Browser, settings: Settings,
                                            tmp_path: Path) -> None:
    paths = write_reports(settings, X.organization(True), X.assessment(True), snapshot=None,
                          case=X.case(), previous=X.assessment(True, previous=True),
                          out_dir=tmp_path / "reports")
    html = paths["html"].read_text()
    assert "<script" not in html and 'href="javascript:' not in html
    page, problems = _open(browser, paths["html"])
    _assert_inert(page, problems)
    assert page.is_visible("text=Non-compliant")
    assert page.locator("article.finding").count() == 5
    assert "javascript:window.__pwned=3" in page.inner_text("article.finding >> nth=0")
    page.close()


def test_summary_and_letter_render_and_payload_is_text(browser: Browser, settings: Settings,
                                                       tmp_path: Path) -> None:
    store = Store(settings.database_url)
    X.seed_store(store, hostile=True)
    for name, message in [
        ("summary", build_summary(store, settings, "2026-11", X.NOW)),
        ("letter", case_message(X.case(), X.organization(True), X.assessment(True), settings,
                                "Dana Whitfield", X.NOW)),
    ]:
        path = tmp_path / f"{name}.html"
        path.write_text(message.html, encoding="utf-8")
        page, problems = _open(browser, path)
        _assert_inert(page, problems)
        page.close()


def test_fleet_table_sorts_and_filters_without_running_crawled_text(
        browser: Browser, settings: Settings, tmp_path: Path) -> None:
    store = Store(settings.database_url)
    X.seed_store(store, hostile=True)
    out = tmp_path / "reports"
    out.mkdir()
    path = out / "fleet.html"
    path.write_text(render_fleet_report(fleet_rows(store, out), X.NOW, base=out),
                    encoding="utf-8")
    page, problems = _open(browser, path)
    _assert_inert(page, problems)
    first = "#fleet tbody tr:first-child td:first-child strong"
    page.click("#fleet th:nth-child(1)")
    assert page.inner_text(first).startswith("Brightpath")
    page.click("#fleet th:nth-child(1)")
    assert page.inner_text(first) == "StoryForge Kids"
    page.select_option("#filter-rating", "compliant")
    assert page.locator("#fleet tbody tr:visible").count() == 2
    assert page.inner_text("#shown") == "2"
    page.select_option("#filter-rating", "")
    page.select_option("#filter-case", "remediation_requested")
    assert page.locator("#fleet tbody tr:visible").count() == 2
    assert problems == []
    page.close()
