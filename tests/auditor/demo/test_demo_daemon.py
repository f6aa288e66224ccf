"""`auditor demo --daemon`: the demo sites stay served while the daemon audits them on the
fast demo schedule; `auditor status` describes that schedule, the metrics endpoint
answers, and the summary reaches the Maildir once the fleet run is finished."""

from __future__ import annotations

import json
import mailbox
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from auditor.demo import DEMO_ORGS
from tests.auditor.fleetkit import auditor_env, free_port, start_auditor, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]


def _status(env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "auditor", "status", "--json"], env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _fleet_done(env: dict[str, str]) -> bool:
    runs = _status(env)["fleet_runs"]
    return bool(runs) and all(r.get("complete") for r in runs) and \
        runs[0]["counts"].get("done") == len(DEMO_ORGS)


def test_demo_daemon_audits_on_schedule_and_reports_its_schedule(tmp_path: Path) -> None:
    data = tmp_path / "data"
    port = free_port()
    env = auditor_env(data)
    daemon = start_auditor(["demo", "--daemon", "--metrics-port", str(port)], env,
                           tmp_path / "demo.log")
    try:
        wait_for(lambda: (data / "daemon.json").exists(), 60, "the daemon to start")
        wait_for(lambda: _fleet_done(env), 150, "the scheduled demo fleet run")
        status = _status(env)
        assert status["daemon"]["running"] is True
        assert status["daemon"]["schedules"].endswith("fast-demo.toml")
        assert status["daemon"]["daemon_schedules"] == status["daemon"]["schedules"]
        assert {j["name"] for j in status["jobs"]} == {"fleet-demo", "feeds-demo",
                                                        "sweep-demo", "summary-demo"}
        assert all(j["next_run"] for j in status["jobs"])

        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10)
        metrics = body.read().decode()
        assert f'auditor_fleet_units{{job="fleet-demo",status="done"}} {len(DEMO_ORGS)}.0' \
            in metrics

        def summary_sent() -> bool:
            folder = data / "mail"
            return folder.is_dir() and any(
                "Compliance summary" in (m["Subject"] or "")
                for m in mailbox.Maildir(folder, create=False))

        wait_for(summary_sent, 60, "the summary e-mail")
        audits = json.loads(subprocess.run(
            [sys.executable, "-m", "auditor", "audits", "list", "--json"], env=env,
            capture_output=True, text=True, timeout=60, check=True).stdout)
        assert {a["org"] for a in audits} == set(DEMO_ORGS)
        assert {a["trigger"] for a in audits} == {"daemon"}
        reports = data / "reports"
        assert {p.stem for p in reports.glob("*.html")} >= set(DEMO_ORGS)
    finally:
        daemon.send_signal(signal.SIGTERM)
        code = daemon.wait(60)
    assert code == 0, (tmp_path / "demo.log").read_text()[-3000:]
    assert _status(env)["daemon"]["running"] is False
