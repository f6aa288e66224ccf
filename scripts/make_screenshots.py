"""Regenerate the screenshots in docs/ with real Chromium.

    .venv/bin/python scripts/make_screenshots.py [--chromium /usr/bin/chromium]

Two sources:

* real audits: the bundled BrightPath demo site (a copy, served on loopback) is
  audited, its children's privacy notice loses its parental-consent section, and it
  is audited again. From the second audit come docs/report.png (the top of the report:
  safeguards table, reasons, the page diff), docs/report-evidence.png (a finding with
  its archived screenshot and the quoted sentence marked in its paragraph) and
  docs/diff-terminal.png (`auditor diff` in a terminal).
* the worked example of :mod:`auditor.publish.examples`, the data the golden tests
  render: docs/summary-email.png (the compliance summary as a mail client shows its
  HTML part) and docs/fleet.png.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright
from rich.console import Console
from rich.terminal_theme import MONOKAI

from auditor.cli.diff import print_diff
from auditor.demo import SiteServer, register_demo
from auditor.publish import examples as X
from auditor.publish import render_fleet_report
from auditor.publish.changes import diff_audits
from auditor.publish.stored import fleet_rows
from auditor.publish.summary import build_summary
from auditor.registry import find_org
from auditor.resources import demo_dir
from auditor.run.pipeline import audit_org
from auditor.settings import load_settings
from auditor.store import Store

DOCS = Path(__file__).resolve().parent.parent / "docs"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
CONSENT = re.compile(r"<h2>Parental consent</h2>.*?(?=<h2>)", re.DOTALL)


def audit_twice(work: Path, chromium: str) -> tuple[Path, str, str, Store]:
    """BrightPath audited, its consent section removed, audited again: (report, a, b, store)."""
    sites = work / "sites"
    shutil.copytree(demo_dir(), sites)
    settings = load_settings(data_dir=work / "demo", crawl={
        "allow_private_networks": True, "per_host_delay_s": 0.0, "browser_path": chromium})
    store = Store(settings.database_url)
    with SiteServer(root=sites) as server:
        register_demo(settings, store, server.base_url)
        org = find_org(store, "brightpath")
        assert org is not None
        first = audit_org(org, settings, store, trigger="cli")
        notice = sites / "brightpath" / "children-privacy.html"
        notice.write_text(CONSENT.sub("", notice.read_text(encoding="utf-8")),
                          encoding="utf-8")
        second = audit_org(org, settings, store, trigger="cli")
    return second.reports["html"], first.audit_id, second.audit_id, store


def example_pages(work: Path) -> dict[str, tuple[Path, int]]:
    """The worked example's summary e-mail and fleet page as files: name -> (file, width)."""
    settings = load_settings(data_dir=work / "example", now=X.NOW)
    store = Store(settings.database_url)
    X.seed_store(store)
    summary = work / "summary.html"
    summary.write_text(build_summary(store, settings, "2026-11", X.NOW).html, encoding="utf-8")
    reports = work / "reports"
    reports.mkdir()
    fleet = reports / "fleet.html"
    fleet.write_text(render_fleet_report(fleet_rows(store, reports), X.NOW, base=reports),
                     encoding="utf-8")
    store.dispose()
    return {"summary-email.png": (summary, 760), "fleet.png": (fleet, 1200)}


def terminal_diff(store: Store, before: str, after: str, out: Path) -> Path:
    """`auditor diff` as a terminal shows it, recorded by Rich into an HTML page."""
    import auditor.cli.diff as cli_diff

    console = Console(record=True, width=96, force_terminal=True, color_system="truecolor",
                      file=io.StringIO())
    saved = cli_diff.console
    cli_diff.console = console
    try:
        console.print(f"$ auditor diff {before} {after}", style="bold", markup=False)
        print_diff(diff_audits(store, before, after))
    finally:
        cli_diff.console = saved
    out.write_text(console.export_html(theme=MONOKAI, inline_styles=True), encoding="utf-8")
    return out


def shoot(browser: Browser, page_file: Path, target: Path, width: int, *,
          selector: str | None = None, height: int | None = None) -> None:
    page = browser.new_page(viewport={"width": width, "height": height or 900})
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    if selector is not None:
        page.locator(selector).first.screenshot(path=str(target))
    elif height is not None:
        page.screenshot(path=str(target), clip={"x": 0, "y": 0, "width": width,
                                                "height": height}, full_page=True)
    else:
        page.screenshot(path=str(target), full_page=True)
    page.close()
    print(target)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--out", type=Path, default=DOCS)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # audits first: they run their own event loop, which sync Playwright would hold
        report, before, after, store = audit_twice(work, args.chromium)
        diff_page = terminal_diff(store, before, after, work / "diff.html")
        store.dispose()
        examples = example_pages(work)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=ARGS)
            top = browser.new_page(viewport={"width": 1200, "height": 900})
            top.goto(report.as_uri())
            cut = top.evaluate("document.querySelector('#page-changes').getBoundingClientRect()"
                               ".bottom + window.scrollY + 24")
            top.close()
            shoot(browser, report, args.out / "report.png", 1200, height=int(cut))
            shoot(browser, report, args.out / "report-evidence.png", 1200,
                  selector="article#f-ai-disclosure_present")
            shoot(browser, diff_page, args.out / "diff-terminal.png", 1100, selector="pre")
            for name, (page_file, width) in examples.items():
                shoot(browser, page_file, args.out / name, width)
            browser.close()


if __name__ == "__main__":
    main()
