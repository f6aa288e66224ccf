"""`auditor checks list|frameworks`."""

from __future__ import annotations

import json


def test_list_json_carries_metadata_and_frameworks(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("checks", "list", "--json")
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["eu.ai_act_art50"]["applies_from"] == "2026-08-02"
    assert rows["coppa.notice_published"]["frameworks"]["coppa"] == ["312.4(d).notice"]
    assert all(r["remediation"] and r["enabled"] for r in rows.values())


def test_list_by_framework_and_disabled(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("AUDITOR_CHECKS_DISABLED", "safeguards.reporting")
    code, out, _ = cli("checks", "list", "--framework", "uk-childrens-code", "--json")
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert "ai.disclosure_present" not in rows and not rows["safeguards.reporting"]["enabled"]
    code, out, _ = cli("checks", "list", "--framework", "uk-childrens-code")
    assert code == 0 and "safeguards.reporting  [medium]" in out and "(disabled)" in out


def test_unknown_framework_is_bad_input(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("checks", "list", "--framework", "gdpr")
    assert code == 2 and "unknown framework" in err


def test_frameworks(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("checks", "frameworks", "--json")
    assert code == 0
    ids = {f["id"]: f for f in json.loads(out)}
    assert any(r["manual"] for r in ids["ca-sb243"]["requirements"])
    code, out, _ = cli("checks", "frameworks")
    assert code == 0 and "manual (attestation or reviewer)" in out
