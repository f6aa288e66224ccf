"""`auditor evidence` and `auditor recheck` over a real audit of a loopback site."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from auditor.cli.evidence import compare
from auditor.models import Evidence, Finding, Severity, Status
from tests.auditor.loopback import Site, html

PRIVACY = ("<h1>Children's Privacy Notice</h1><p>We comply with COPPA. We collect a child's "
           "name only with verifiable parental consent; parents may review or delete it.</p>")


def test_evidence_lists_and_prints_and_recheck_reproduces(
        site: Site, cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AUDITOR_CRAWL_BROWSER", "never")
    site.page("/", html("Kids AI", "<p>Chat with our AI tutor.</p><a href='/privacy'>Privacy</a>"))
    site.page("/privacy", html("Privacy", PRIVACY))
    orgs = tmp_path / "orgs.toml"
    orgs.write_text(f'[[orgs]]\nid = "acme"\nname = "Acme"\nurl = "{site.url}/"\n'
                    'contact_email = "t@example.com"\naudience = "under13"\n')
    assert cli("orgs", "import", str(orgs))[0] == 0
    code, out, err = cli("audit", "acme", "--allow-private", "--json")
    assert code in (0, 1), err
    audit_id = json.loads(out)["audit_id"]

    code, out, err = cli("evidence", audit_id, "--json")
    assert code == 0, err
    listed = json.loads(out)["records"]
    assert {(r["kind"], r["url"]) for r in listed} >= {("response", f"{site.url}/privacy")}

    code, out, err = cli("evidence", audit_id, f"{site.url}/privacy")
    assert code == 0, err
    assert "verifiable parental consent" in out

    code, out, err = cli("evidence", audit_id, f"{site.url}/nowhere")
    assert code == 2

    code, out, err = cli("recheck", audit_id, "--json")
    assert code == 0, (out, err)
    result = json.loads(out)
    assert result["reproduced"] is True and result["same"] and result["changed"] == []


def _finding(status: Status, snippet: str) -> Finding:
    return Finding(check_id="coppa.notice_published", org_id="acme", status=status,
                   severity=Severity.HIGH, title="t", reason="r",
                   evidence=[Evidence(url="http://x/", snippet=snippet)])


def test_compare_reports_changed_status_and_evidence() -> None:
    a = _finding(Status.PASS, "notice")
    assert compare([a], [a]).reproduced
    changed = compare([a], [_finding(Status.FAIL, "notice")])
    assert not changed.reproduced and changed.changed[0]["after"] == "fail"
    moved = compare([a], [_finding(Status.PASS, "other words")])
    assert not moved.reproduced and moved.changed[0]["evidence_changed"]
