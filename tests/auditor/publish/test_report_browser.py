"""A report generated from a real audit, opened in real Chromium with the network off.

The chat page is rendered by the crawler's browser, so its screenshot is archived; the
report must show it from the report's own files (no network, no data outside the
reports folder), list all seven safeguards, and keep hostile text from the crawled page
as text.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Route, sync_playwright

from tests.auditor.loopback import Site
from tests.auditor.publish.sitekit import DISCLOSURE, HOSTILE, register_tutor, serve_tutor

pytestmark = pytest.mark.browser
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from tests.servicekit import chromium_path, need

    path = chromium_path()
    need(path is not None, "Chromium (/usr/bin/chromium)")
    assert path is not None
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def report(site: Site, cli: Any, tmp_path: Path, chromium: str) -> Path:
    """The tutor site audited once (chat page rendered); the report moved to a fresh
    folder, so it can only use files that travel with it."""
    serve_tutor(site)
    register_tutor(cli, site, tmp_path)
    # the audit runs its own event loop; sync Playwright holds one on this thread
    with ThreadPoolExecutor(1) as pool:
        code, out, err = pool.submit(cli, "audit", "sparky", "--allow-private",
                                     "--json").result()
    assert code in (0, 1), err
    written = Path(json.loads(out)["reports"]["html"])
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    shutil.copy(written, moved / written.name)
    shutil.copytree(written.with_name("sparky.evidence"), moved / "sparky.evidence")
    return moved / written.name


def test_evidence_screenshot_loads_offline_from_the_reports_own_files(
        browser: Browser, report: Path) -> None:
    context = browser.new_context(offline=True)
    requested: list[str] = []

    def refuse_network(route: Route) -> None:
        requested.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", refuse_network)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    finding = page.locator("article#f-ai-disclosure_present")
    shots = finding.locator("a.shot img")
    assert shots.count() >= 1
    loaded = shots.first.evaluate("img => [img.complete, img.naturalWidth, img.src]")
    assert loaded[0] and loaded[1] == 1280, loaded
    assert loaded[2].startswith((report.parent / "sparky.evidence").as_uri() + "/")
    href = finding.locator("a.shot").first.get_attribute("href")
    assert href is not None and href.startswith("./sparky.evidence/")
    assert (report.parent / href).is_file()
    # the matched sentence is marked inside its paragraph
    marks = finding.locator("blockquote.in-context mark").all_inner_texts()
    assert DISCLOSURE.split(". ")[0] + "." in marks
    assert all(u.startswith("file://") for u in requested), requested
    assert problems == []
    context.close()


def test_safeguards_table_shows_the_seven_rows(browser: Browser, report: Path) -> None:
    page = browser.new_page()
    page.goto(report.as_uri())
    rows = page.locator("#safeguards tbody tr")
    assert rows.count() == 7
    assert [r.get_attribute("data-safeguard") for r in rows.all()] == [
        "age_verification", "content_moderation", "monitoring_reporting",
        "educational_resources", "child_safety_system_prompt", "coppa_statement",
        "ai_disclosure"]
    disclosure = page.locator("#safeguards tr[data-safeguard=ai_disclosure]")
    assert "Seen" in disclosure.inner_text()
    assert disclosure.locator("a[href='#f-ai-disclosure_present']").count() == 1
    page.close()


def test_hostile_text_from_the_crawled_page_stays_text(browser: Browser, report: Path) -> None:
    html = report.read_text()
    assert "<script>window.__pwned" not in html and "onerror=\"window" not in html
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    assert page.evaluate("window.__pwned") is None
    assert HOSTILE in page.inner_text("article#f-ai-disclosure_present")
    srcs = page.evaluate("Array.from(document.images, i => i.getAttribute('src'))")
    assert srcs and all(s.startswith("./sparky.evidence/") for s in srcs)
    assert errors == []
    page.close()
