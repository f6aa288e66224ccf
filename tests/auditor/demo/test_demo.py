"""`auditor demo`: the whole pipeline over the bundled sites, as the quick start runs it."""

from __future__ import annotations

import json
import mailbox
from pathlib import Path

import pytest

from auditor.demo import DEMO_ORGS


@pytest.mark.slow
def test_demo_audits_every_sample_org_end_to_end(cli, tmp_path: Path, chromium: str) -> None:
    code, out, err = cli("demo")
    assert code == 0, err + out
    data = tmp_path / "data"
    for org in DEMO_ORGS:
        assert org in out
    reports = {p.stem for p in (data / "reports").rglob("*.html")}
    assert set(DEMO_ORGS) <= reports

    code, out, _ = cli("audits", "list", "--json")
    audits = json.loads(out)
    assert sorted(a["org"] for a in audits) == sorted(DEMO_ORGS)
    assert all(a["status"] == "done" and a["trigger"] == "demo" for a in audits)
    rating = {a["org"]: a["rating"] for a in audits}
    assert rating["brightpath"] == "compliant"
    assert rating["riskyrobot"] == "non_compliant"
    assert rating["chatterbox"] != "compliant" and rating["pixelpals"] != "compliant"

    # the auditors' summary is delivered to the local Maildir; nothing went to an org
    box = mailbox.Maildir(data / "mail", create=False)
    subjects = [m["Subject"] for m in box]
    assert len(subjects) == 1 and "summary" in subjects[0].lower()

    # riskyrobot's remediation request waits for a person
    code, out, _ = cli("cases", "list", "--json")
    cases = {c["org_id"]: c for c in json.loads(out)}
    assert cases["riskyrobot"]["pending"] is not None
    code, out, _ = cli("outbox", "list", "--json")
    assert all(m["kind"] == "summary" for m in json.loads(out))

    # what each site shows is what its findings say
    reports = data / "reports"

    def findings(org: str) -> dict[str, str]:
        path = next(reports.rglob(f"{org}.json"))
        assessment = json.loads(path.read_text())
        assessment = assessment.get("assessment", assessment)
        return {f["check_id"]: f["status"] for f in assessment["findings"]}

    assert findings("chatterbox")["coppa.notice_published"] == "fail"
    assert findings("pixelpals")["coppa.notice_published"] == "fail"
    assert findings("brightpath")["coppa.notice_published"] == "pass"
    assert findings("brightpath")["ai.disclosure_present"] == "pass"
    # only the rendered chat widget carries MathMate's disclosure
    assert findings("mathmate")["ai.disclosure_present"] == "pass"
    assert findings("riskyrobot")["safeguards.age_assurance"] == "fail"
