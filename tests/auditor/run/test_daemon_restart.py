"""`auditor run` killed with SIGKILL mid-fleet and started again loses nothing and
repeats nothing: every org audited exactly once in the period, one summary e-mail,
no case moved twice."""

from __future__ import annotations

import signal
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from auditor.assess.feeds import import_feed
from auditor.resources import demo_dir
from auditor.run import workunits
from auditor.settings import load_settings
from auditor.store import Store
from auditor.store.tables import AuditRow, CaseEventRow, OutboxRow
from tests.auditor.fleetkit import (
    SmtpSink,
    auditor_env,
    farm_orgs,
    org_farm,
    register,
    start_auditor,
    wait_for,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]

SCHEDULE = """
[jobs.fleet]
task = "audit_fleet"
tier = "standard"
every = "1h"

[jobs.sweep]
task = "sweep_cases"
every = "1h"

[jobs.summary]
task = "send_summary"
every = "2s"
"""
SUMMARY_TO = "summary@auditor.test"


def _feed(tmp_path: Path, copies: int) -> Path:
    """The demo violation-rate feed, one set of rows per copy of each site."""
    lines = (demo_dir() / "feed.csv").read_text().splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        org, rest = line.split(",", 1)
        out += [f"{org}-{k},{rest}" for k in range(1, copies + 1)]
    path = tmp_path / "feed.csv"
    path.write_text("\n".join(out) + "\n")
    return path


def _units(store: Store) -> list[workunits.Unit]:
    return workunits.list_units(store, task="audit_fleet")


def test_sigkill_mid_fleet_then_restart(tmp_path: Path) -> None:
    data = tmp_path / "data"
    schedule = tmp_path / "fast.toml"
    schedule.write_text(SCHEDULE)
    with org_farm(latency_s=0.15) as base, SmtpSink() as smtp:
        env = auditor_env(data, AUDITOR_MAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
                          AUDITOR_MAIL_SUMMARY_TO=SUMMARY_TO,
                          AUDITOR_EXECUTOR_ORGS_AT_ONCE="2",
                          AUDITOR_ENFORCE_FIRST_NOTICE_WITHOUT_APPROVAL="true")
        settings = load_settings(data_dir=data)
        store = Store(settings.database_url)
        orgs = farm_orgs(base, 10)
        register(store, orgs)
        import_feed(store, str(_feed(tmp_path, 2)), settings)
        log = tmp_path / "daemon.log"

        first = start_auditor(["run", "--schedules", str(schedule)], env, log)
        try:
            wait_for(lambda: sum(u.status == "done" for u in _units(store)) >= 3, 90,
                     "three audits done")
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        before = Counter(u.status for u in _units(store))
        assert before["done"] < 10, f"the fleet was not interrupted: {before}"
        assert smtp.to(SUMMARY_TO) == []

        second = start_auditor(["run", "--schedules", str(schedule)], env, log)
        try:
            wait_for(lambda: len(smtp.to(SUMMARY_TO)) >= 1, 120, "the summary e-mail")
            time.sleep(5)  # several more summary-job runs: still one e-mail
        finally:
            second.send_signal(signal.SIGTERM)
            assert second.wait(15) == 0

    units = _units(store)
    assert len(units) == 10 and {u.status for u in units} == {"done"}, units
    assert len({u.period for u in units}) == 1
    with store.session() as session:
        done = Counter(session.scalars(select(AuditRow.org_id).where(AuditRow.status == "done")))
        running = session.scalars(select(AuditRow).where(AuditRow.status == "running")).all()
        events = session.scalars(select(CaseEventRow)).all()
        summaries = session.scalars(select(OutboxRow).where(OutboxRow.kind == "summary")).all()
    assert done == Counter({o.id: 1 for o in orgs}), "each org audited exactly once"
    assert running == [], "the killed daemon's orphan audits are closed, not left running"
    assert {u.audit_id for u in units} == {
        a for a in _audit_ids(store) if a is not None}
    assert len(smtp.to(SUMMARY_TO)) == 1
    assert [s.status for s in summaries] == ["sent"]
    moves = Counter((e.case_id, e.data["from_state"], e.data["to_state"]) for e in events
                    if e.data.get("from_state") != e.data.get("to_state"))
    assert moves, "the feed makes some cases move"
    assert max(moves.values()) == 1, f"a case moved twice: {moves}"
    assert "reclaimed" in log.read_text() or "resuming" in log.read_text()


def _audit_ids(store: Store) -> list[str | None]:
    with store.session() as session:
        return list(session.scalars(select(AuditRow.id).where(AuditRow.status == "done")))
