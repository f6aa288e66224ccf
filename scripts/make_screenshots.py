"""Regenerate the screenshots in docs/ from the worked example, with real Chromium.

    .venv/bin/python scripts/make_screenshots.py [--chromium /usr/bin/chromium]

Writes docs/report.png (an org's audit report), docs/summary-email.png (the periodic
compliance summary as a mail client shows its HTML part) and docs/fleet.png. The data
is :mod:`auditor.publish.examples`, the same the golden tests render.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from auditor.publish import examples as X
from auditor.publish import render_fleet_report, write_reports
from auditor.publish.stored import fleet_rows
from auditor.publish.summary import build_summary
from auditor.settings import load_settings
from auditor.store import Store

DOCS = Path(__file__).resolve().parent.parent / "docs"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def render_pages(work: Path) -> dict[str, tuple[Path, int]]:
    """The example's report, summary e-mail and fleet page as files: name -> (file, width)."""
    settings = load_settings(data_dir=work / "data", now=X.NOW)
    store = Store(settings.database_url)
    X.seed_store(store)
    reports = work / "reports"
    paths = write_reports(settings, X.organization(), X.assessment(), snapshot=None,
                          case=X.case(), previous=X.assessment(previous=True),
                          out_dir=reports)
    summary = work / "summary.html"
    summary.write_text(build_summary(store, settings, "2026-11", X.NOW).html, encoding="utf-8")
    fleet = reports / "fleet.html"
    fleet.write_text(render_fleet_report(fleet_rows(store, reports), X.NOW, base=reports),
                     encoding="utf-8")
    store.dispose()
    return {"report.png": (paths["html"], 1200), "summary-email.png": (summary, 760),
            "fleet.png": (fleet, 1200)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--out", type=Path, default=DOCS)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=ARGS)
        for name, (page_file, width) in render_pages(Path(tmp)).items():
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            page.screenshot(path=str(args.out / name), full_page=True)
            page.close()
            print(args.out / name)
        browser.close()


if __name__ == "__main__":
    main()
