"""`auditor report`, `auditor outbox` and `auditor summary` driven in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.publish import examples as X
from auditor.settings import Settings
from auditor.store import Store


@pytest.fixture
def seeded(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("AUDITOR_NOW", X.NOW.isoformat())
    X.seed_store(Store(settings.database_url))
    return settings


def test_report_writes_all_formats_and_prints_the_chosen_one(cli, seeded: Settings) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("report", "brightpath", "--format", "md")
    assert code == 0
    path = Path(out.strip())
    assert path == seeded.reports_dir / "brightpath.md"
    assert path.read_text().startswith("# Audit report: Brightpath Tutors")
    assert (seeded.reports_dir / "brightpath.html").exists()
    data = json.loads((seeded.reports_dir / "brightpath.json").read_text())
    assert data["rating"] == "non_compliant"
    html = (seeded.reports_dir / "brightpath.html").read_text()
    assert "Final notice sent" in html and "Statements no longer found" in html


def test_fleet_report_links_existing_reports(cli, seeded: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out_dir = tmp_path / "site"
    assert cli("report", "brightpath", "--out", str(out_dir))[0] == 0
    code, out, _ = cli("report", "--fleet", "--out", str(out_dir))
    assert code == 0
    html = Path(out.strip()).read_text()
    assert html.count("<tr data-rating=") == 6
    assert 'href="./brightpath.html"' in html and "./pocketpal.html" not in html


def test_report_usage_errors(cli, seeded: Settings) -> None:  # type: ignore[no-untyped-def]
    assert cli("report")[0] == 2
    assert cli("report", "brightpath", "--fleet")[0] == 2
    code, _, err = cli("report", "nobody")
    assert code == 2 and "not in the registry" in err


def test_summary_preview_send_and_outbox(cli, seeded: Settings) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("summary", "--period", "2026-11")
    assert code == 0 and "FLEET BY RATING" in out and "Subject: Compliance summary" in out
    assert json.loads(cli("outbox", "list", "--json")[1]) == []

    code, out, _ = cli("summary", "--period", "2026-11", "--send")
    assert code == 0 and "queued" in out and "sent 1" in out
    code, out, _ = cli("summary", "--period", "2026-11", "--send")
    assert "already queued" in out and "sent 0" in out
    listed = json.loads(cli("outbox", "list", "--json")[1])
    assert [(m["idempotency_key"], m["status"]) for m in listed] == [("summary:2026-11", "sent")]
    assert len(list((seeded.data_dir / "mail" / "new").iterdir())) == 1
    code, out, _ = cli("outbox", "flush")
    assert code == 0 and out.startswith("sent 0")
    assert cli("outbox", "list")[0] == 0
    assert cli("summary", "--period", "someday")[0] == 2


def test_flush_reports_failure_with_exit_3(  # type: ignore[no-untyped-def]
        cli, seeded: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_MAIL_URL", "smtp://127.0.0.1:9?starttls=true")
    code, out, err = cli("summary", "--send")
    assert code == 3 and "retrying 1" in out
    assert cli("outbox", "flush")[0] == 0  # nothing due yet: backoff
