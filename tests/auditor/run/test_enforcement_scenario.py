"""The enforcement ladder end to end through the CLI, with the clock moved by AUDITOR_NOW.

An org with a high violation rate and no age assurance gets a case waiting for
approval; nothing is sent until a person approves; then exactly one remediation
request is queued; past the deadline with the safeguard still missing the case asks
for a final notice, again waiting for approval; once the age gate is in place and the
rate is back to normal the case closes.

The audit itself is the real assessment (`auditor.assess.assessment.assess`) over findings with
evidence, an attestation and feed periods, handed to `evaluate_case` as the pipeline
does at the end of every audit.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from auditor.assess.assessment import assess
from auditor.models import (
    Assessment,
    Attestation,
    Evidence,
    Finding,
    Safeguard,
    SafeguardClaim,
    Severity,
    Signer,
    Status,
    ViolationRate,
)
from auditor.publish.outbox import list_messages
from auditor.registry import find_org
from auditor.run.casework import evaluate
from auditor.settings import Settings
from auditor.store import Store

T0 = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
ORGS_CSV = """id,name,url,product_urls,contact_email,audience,jurisdictions,tier
pixel,Pixel Tutors,https://pixel.example/,https://pixel.example/chat,safety@pixel.example,under13,US,standard
"""
CHECK_FOR = {
    Safeguard.AGE_VERIFICATION: "safeguards.age_assurance",
    Safeguard.CONTENT_MODERATION: "safeguards.moderation",
    Safeguard.MONITORING_REPORTING: "safeguards.reporting",
    Safeguard.EDUCATIONAL_RESOURCES: "safeguards.education",
    Safeguard.COPPA_STATEMENT: "coppa.notice_published",
    Safeguard.AI_DISCLOSURE: "ai_disclosure.present",
}


def finding(sg: Safeguard, ok: bool, when: datetime) -> Finding:
    url = "https://pixel.example/signup" if sg is Safeguard.AGE_VERIFICATION \
        else "https://pixel.example/safety"
    snippet = ("Pick your birth year to continue" if ok else "Create your account: "
               "username, password, favourite animal") if sg is Safeguard.AGE_VERIFICATION \
        else f"{sg.value.replace('_', ' ')} described here"
    return Finding(
        check_id=CHECK_FOR[sg], org_id="pixel", status=Status.PASS if ok else Status.FAIL,
        severity=Severity.HIGH, title=f"{sg.value} present", safeguard=sg,
        reason=f"{url}: {'age gate seen' if ok else 'sign-up form asks no age'}"
        if sg is Safeguard.AGE_VERIFICATION else f"{url}: seen",
        remediation="Add a neutral age gate before account creation and chat access.",
        evidence=[Evidence(url=url, snippet=snippet, locator="form#signup",
                           sha256=("aa" if ok else "bb") * 32, fetched_at=when)])


def audit(settings: Settings, when: datetime, *, age_gate: bool, rates: list[ViolationRate]
          ) -> Assessment:
    """What `auditor audit pixel` computes, then hands to evaluate_case."""
    org = find_org(Store(settings.database_url), "pixel")
    assert org is not None
    claims = {sg: SafeguardClaim(implemented=sg is not Safeguard.AGE_VERIFICATION or age_gate)
              for sg in Safeguard}
    attestation = Attestation(
        org_id="pixel", signer=Signer(name="Ana Lopez", role="CTO", email="ana@pixel.example"),
        signed_at=date(2026, 10, 1), valid_until=date(2027, 9, 30), safeguards=claims)
    findings = [finding(sg, sg is not Safeguard.AGE_VERIFICATION or age_gate, when)
                for sg in CHECK_FOR]
    assessment = assess(org, findings, attestation, rates, settings, when, audit_id="a-" + str(
        when.date()))
    evaluate(Store(settings.database_url), settings, org, assessment, when)
    return assessment


def period(month: int, requests: int, violations: int) -> ViolationRate:
    start = date(2026, month, 1)
    end = (date(2026, month + 1, 1) if month < 12 else date(2027, 1, 1)) - timedelta(days=1)
    return ViolationRate(org_id="pixel", period_start=start, period_end=end,
                         requests=requests, violations=violations)


def show(cli, case_id: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    code, out, err = cli("cases", "show", case_id, "--json")
    assert code == 0, err
    return json.loads(out)


def test_remediation_ladder_through_the_cli(cli, settings: Settings, tmp_path,  # type: ignore[no-untyped-def]
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "orgs.csv").write_text(ORGS_CSV)
    assert cli("orgs", "import", str(tmp_path / "orgs.csv"))[0] == 0
    store = Store(settings.database_url)
    high = [period(9, 40_000, 2_400), period(10, 42_000, 2_600)]

    # 1. the audit: high rate, no age assurance -> a case waiting for approval
    monkeypatch.setenv("AUDITOR_NOW", T0.isoformat())
    first = audit(settings, T0, age_gate=False, rates=high)
    assert first.violation_rate.state.value in ("high", "continued_high")
    code, out, _ = cli("cases", "list", "--json", "--state", "pending_approval")
    assert code == 0
    [case] = json.loads(out)
    assert case["org_id"] == "pixel" and case["state"] == "monitoring"
    assert case["pending"]["to_state"] == "remediation_requested"
    assert case["missing_safeguards"] == ["age_verification"]
    opened = case["events"][0]
    assert "age_verification" in opened["reason"]
    assert opened["evidence"][0]["url"] == "https://pixel.example/signup"
    assert list_messages(store) == []  # nothing leaves before a person approves

    # re-running the same audit neither moves the case nor sends anything
    audit(settings, T0 + timedelta(hours=2), age_gate=False, rates=high)
    assert len(show(cli, case["id"])["events"]) == len(case["events"])

    # 2. a person approves: exactly one remediation request is queued
    code, out, err = cli("cases", "approve", case["id"], "--by", "Dana Reviewer",
                         "--note", "evidence checked")
    assert code == 0, err
    assert "remediation_requested" in out
    [letter] = list_messages(store)
    assert letter.kind == "remediation_request" and letter.to == ["safety@pixel.example"]
    assert "Dana Reviewer" in letter.text
    assert cli("cases", "approve", case["id"], "--by", "Dana Reviewer")[0] == 2
    assert len(list_messages(store)) == 1
    now = show(cli, case["id"])
    deadline = datetime.fromisoformat(now["deadline"])
    assert deadline == T0 + timedelta(days=settings.enforce.deadline_days)

    # 3. past the deadline, age assurance still missing: final notice, pending approval
    late = deadline + timedelta(days=1)
    monkeypatch.setenv("AUDITOR_NOW", late.isoformat())
    code, out, err = cli("cases", "sweep")
    assert code == 0, err
    now = show(cli, case["id"])
    assert now["state"] == "remediation_requested"
    assert now["pending"]["to_state"] == "final_notice"
    assert now["pending"]["cause"].startswith(f"deadline:{case['id']}:")
    assert len(list_messages(store)) == 1  # the final notice waits for a person too
    assert cli("cases", "sweep")[0] == 0
    assert len(show(cli, case["id"])["events"]) == len(now["events"])  # no second move

    # 4. the org adds an age gate and its rate is back to normal: the case closes
    fixed = late + timedelta(days=3)
    monkeypatch.setenv("AUDITOR_NOW", fixed.isoformat())
    normal = [*high, period(11, 45_000, 20)]
    audit(settings, fixed, age_gate=True, rates=normal)
    done = show(cli, case["id"])
    assert done["state"] == "resolved" and done["pending"] is None
    assert [e["kind"] for e in done["events"]][-2:] == ["cancelled", "resolved"]
    code, out, _ = cli("cases", "list", "--state", "resolved", "--json")
    assert [c["id"] for c in json.loads(out)] == [case["id"]]
    assert len(list_messages(store)) == 1
    code, out, _ = cli("cases", "show", case["id"])
    assert code == 0 and "Dana Reviewer" in out and "resolved" in out
    code, out, _ = cli("cases", "list")
    assert code == 0 and case["id"] in out
    assert cli("cases", "list", "--state", "escalated")[0] == 2
    assert cli("cases", "show", "C-9999")[0] == 2


# --------------------------------------------------------------------------- real audits


def _break_site(tmp_path, base: str) -> None:  # type: ignore[no-untyped-def]
    """The demo BrightPath site without any age assurance, its files and a high-rate feed."""
    import re

    sites = tmp_path / "sites"
    site = sites / "brightpath"
    for name in ("signup.html", "safety.html", "children-privacy.html"):
        (tmp_path / name).write_text((site / name).read_text())  # kept for the fix
    signup = (site / "signup.html").read_text()
    signup = signup.replace("<label>Child's date of birth <input type=\"date\" "
                            "name=\"child_birthdate\"></label>\n", "")
    signup = signup.replace(" Children under 13 can start once we have your verifiable "
                            "consent.", "")
    (site / "signup.html").write_text(signup)
    safety = re.sub(r"<h2>Age checks</h2>\s*<p>.*?</p>", "", (site / "safety.html").read_text(),
                    flags=re.S)
    (site / "safety.html").write_text(safety)
    # the notice's description of how parental consent is verified is an age check too
    notice = re.sub(r"<p>Before a child can use the tutor.*?</p>", "",
                    (site / "children-privacy.html").read_text(), flags=re.S)
    (site / "children-privacy.html").write_text(notice)
    orgs = (sites / "orgs.csv").read_text().replace("{base}", base).splitlines()
    (tmp_path / "orgs.csv").write_text("\n".join(orgs[:2]) + "\n")
    att = (sites / "attestations" / "brightpath.yaml").read_text()
    att = att.replace("{site}", f"{base}/brightpath/")
    att = re.sub(r"  age_verification: .*", "  age_verification: {implemented: false}", att)
    (tmp_path / "att.yaml").write_text(att)
    header = "org_id,period_start,period_end,requests,violations,category,source\n"
    (tmp_path / "feed.csv").write_text(
        header + "brightpath,2026-09-01,2026-09-30,40000,2400,all,t\n"
        "brightpath,2026-10-01,2026-10-31,42000,2600,all,t\n")
    (tmp_path / "feed2.csv").write_text(header + "brightpath,2026-11-01,2026-11-30,45000,9,all,t\n")


def _fix_site(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import time

    for name in ("signup.html", "safety.html", "children-privacy.html"):
        page = tmp_path / "sites" / "brightpath" / name
        page.write_text((tmp_path / name).read_text())
        # Last-Modified has one-second granularity: make the edit visibly newer than the
        # first audit's validators, or the server rightly answers 304 Not Modified
        later = time.time() + 5
        os.utime(page, (later, later))


def test_ladder_with_real_audits(cli, settings: Settings, tmp_path,  # type: ignore[no-untyped-def]
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The same ladder with `auditor audit` crawling a loopback copy of a demo site."""
    import shutil

    from auditor.demo.server import SiteServer
    from auditor.resources import demo_dir

    shutil.copytree(demo_dir(), tmp_path / "sites")
    monkeypatch.setenv("AUDITOR_CRAWL_BROWSER", "never")
    monkeypatch.setenv("AUDITOR_NOW", T0.isoformat())
    store = Store(settings.database_url)
    with SiteServer(tmp_path / "sites") as server:
        _break_site(tmp_path, server.base_url)
        for args in (("orgs", "import", str(tmp_path / "orgs.csv")),
                     ("attest", "import", str(tmp_path / "att.yaml")),
                     ("feeds", "import", str(tmp_path / "feed.csv"))):
            code, out, err = cli(*args)
            assert code == 0, out + err

        # the audit opens a case that waits for a person; nothing is sent
        code, out, err = cli("audit", "brightpath", "--allow-private", "--json")
        assert code == 1, err
        result = json.loads(out)
        assert result["assessment"]["safeguards"]["age_verification"]["status"] == "missing"
        case = result["case"]
        assert case["missing_safeguards"] == ["age_verification"]
        assert case["pending"]["to_state"] == "remediation_requested"
        assert list_messages(store) == []

        # approval: exactly one remediation request
        assert cli("cases", "approve", case["id"], "--by", "Dana Reviewer")[0] == 0
        assert [m.kind for m in list_messages(store)] == ["remediation_request"]
        deadline = datetime.fromisoformat(show(cli, case["id"])["deadline"])

        # past the deadline, still no age gate: final notice waits for approval
        monkeypatch.setenv("AUDITOR_NOW", (deadline + timedelta(days=1)).isoformat())
        assert cli("cases", "sweep")[0] == 0
        now = show(cli, case["id"])
        assert now["state"] == "remediation_requested"
        assert now["pending"]["to_state"] == "final_notice"
        assert len(list_messages(store)) == 1

        # the org adds the age gate and its rate falls: the next audit closes the case
        _fix_site(tmp_path)
        assert cli("feeds", "import", str(tmp_path / "feed2.csv"))[0] == 0
        monkeypatch.setenv("AUDITOR_NOW", (deadline + timedelta(days=6)).isoformat())
        code, out, err = cli("audit", "brightpath", "--allow-private", "--json")
        assert code in (0, 1), err
        assert json.loads(out)["case"]["state"] == "resolved"
    done = show(cli, case["id"])
    assert done["state"] == "resolved" and done["pending"] is None
    assert len(list_messages(store)) == 1
