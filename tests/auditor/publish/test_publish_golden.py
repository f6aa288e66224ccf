"""Rendered reports and e-mails compared with golden files.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 pytest tests/auditor/publish``
and review the diff like code.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from auditor.models import CaseState
from auditor.publish import examples as X
from auditor.publish import render_fleet_report, write_reports
from auditor.publish.letters import case_message
from auditor.publish.stored import fleet_rows
from auditor.publish.summary import build_summary
from auditor.settings import Settings, load_settings
from auditor.store import Store

GOLDEN = Path(__file__).with_name("golden")


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no golden {name}; run with UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from its golden file"


@pytest.fixture
def fixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    # the attestation template belongs to another module; pin it so these goldens
    # change only when publishing does
    monkeypatch.setattr("auditor.publish.letters._attestation_template",
                        lambda: "schema_version: 1\norg_id: your-org-id\n")
    return load_settings(data_dir=tmp_path / "data", testing=True, now=X.NOW)


def test_report_files(fixed: Settings, tmp_path: Path) -> None:
    paths = write_reports(fixed, X.organization(True), X.assessment(True), snapshot=None,
                          case=X.case(), previous=X.assessment(True, previous=True),
                          out_dir=tmp_path / "out")
    assert set(paths) == {"html", "md", "json"}
    check_golden("report.html", paths["html"].read_text(encoding="utf-8"))
    check_golden("report.md", paths["md"].read_text(encoding="utf-8"))
    assert paths["json"].read_text().startswith('{\n  "org_id": "brightpath"')


@pytest.mark.parametrize("step", [CaseState.REMEDIATION_REQUESTED, CaseState.FINAL_NOTICE])
def test_letters(fixed: Settings, step: CaseState) -> None:
    message = case_message(X.case(step), X.organization(), X.assessment(), fixed,
                           "Dana Whitfield", X.NOW)
    check_golden(f"{step.value}.txt", message.text)
    check_golden(f"{step.value}.html", message.html)


@pytest.mark.parametrize("outcome,name", [("suspended", "suspension_notice"),
                                          ("terminated", "termination_notice")])
def test_decision_letters(fixed: Settings, outcome: str, name: str) -> None:
    message = case_message(X.decided_case(outcome), X.organization(), X.assessment(), fixed,
                           "Lee Counsel", X.NOW)
    assert message.kind == name and message.idempotency_key.endswith(":decided")
    check_golden(f"{name}.txt", message.text)
    check_golden(f"{name}.html", message.html)


def test_summary_and_fleet(fixed: Settings) -> None:
    store = Store(fixed.database_url)
    X.seed_store(store, hostile=True)
    message = build_summary(store, fixed, "2026-11", X.NOW)
    check_golden("summary.txt", message.text)
    check_golden("summary.html", message.html)
    check_golden("fleet.html", render_fleet_report(fleet_rows(store), X.NOW))
