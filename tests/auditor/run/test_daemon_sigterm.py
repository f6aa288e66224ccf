"""SIGTERM ends `auditor run` within 10 seconds with nothing half-written: running
audits are checkpointed (unit back to pending, audit row closed), the database is
consistent, and `auditor status` and the metrics endpoint report the state."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from auditor.run import workunits
from auditor.settings import load_settings
from auditor.store import Store
from auditor.store.tables import AuditRow, FindingRow
from tests.auditor.fleetkit import (
    auditor_env,
    farm_orgs,
    free_port,
    org_farm,
    register,
    start_auditor,
    wait_for,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]

SCHEDULE = '[jobs.fleet]\ntask = "audit_fleet"\ntier = "standard"\nevery = "1d"\n'


def test_sigterm_stops_within_ten_seconds_and_checkpoints(tmp_path: Path) -> None:
    data = tmp_path / "data"
    schedule = tmp_path / "s.toml"
    schedule.write_text(SCHEDULE)
    port = free_port()
    with org_farm(latency_s=2.0) as base:  # slow sites: audits are mid-crawl at SIGTERM
        env = auditor_env(data, AUDITOR_EXECUTOR_ORGS_AT_ONCE="3",
                          AUDITOR_MAIL_URL=f"maildir://{tmp_path / 'mail'}")
        store = Store(load_settings(data_dir=data).database_url)
        register(store, farm_orgs(base, 6))
        daemon = start_auditor(["run", "--schedules", str(schedule), "--metrics-port",
                                str(port)], env, tmp_path / "daemon.log")
        try:
            wait_for(lambda: sum(u.status == "running" for u in workunits.list_units(store))
                     >= 2, 60, "audits running")
            metrics = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10)
            body = metrics.read().decode()
            assert 'auditor_fleet_units{job="fleet",status="running"}' in body
            assert "auditor_job_next_run_timestamp_seconds" in body
            started = time.monotonic()
            daemon.send_signal(signal.SIGTERM)
            code = daemon.wait(15)
            elapsed = time.monotonic() - started
        finally:
            if daemon.poll() is None:
                daemon.kill()
                daemon.wait()
    assert code == 0
    assert elapsed < 10, f"took {elapsed:.1f}s to stop"

    units = workunits.list_units(store)
    assert units and {u.status for u in units} <= {"done", "pending"}
    assert any(u.status == "pending" and u.reason for u in units), "some audits checkpointed"
    with store.session() as session:
        audits = session.scalars(select(AuditRow)).all()
        finding_audits = set(session.scalars(select(FindingRow.audit_id)))
    assert all(a.status in ("done", "failed") for a in audits), "no audit left running"
    assert all(a.error and "interrupted" in a.error for a in audits if a.status == "failed")
    done_ids = {a.id for a in audits if a.status == "done"}
    assert finding_audits <= done_ids, "findings only for finished audits"
    assert {u.audit_id for u in units if u.status == "done"} == done_ids
    db = sqlite3.connect(data / "auditor.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()

    status = subprocess.run([sys.executable, "-m", "auditor", "status", "--json",
                             "--schedules", str(schedule)], env=env, capture_output=True,
                            text=True, timeout=60, check=True)
    report = json.loads(status.stdout)
    assert report["daemon"]["running"] is False
    assert report["jobs"][0]["name"] == "fleet" and report["jobs"][0]["next_run"]
    fleet = report["fleet_runs"][0]
    assert fleet["complete"] is False and fleet["counts"].get("pending")
    assert report["outbox"]["backlog"] == 0
    log = (tmp_path / "daemon.log").read_text().splitlines()
    assert all(json.loads(line)["msg"] for line in log if line.startswith("{"))
    assert any('"checkpointed' in line for line in log)
