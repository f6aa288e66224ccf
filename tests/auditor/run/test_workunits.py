"""The work-unit ledger: one owner per unit, done once per period, dead owners reclaimed."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

from auditor.run import workunits
from auditor.settings import Settings
from auditor.store import Store, audits
from auditor.store.tables import AuditRow

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
P = "fleet@20261130T030000Z"
T = "audit_fleet"


def _store(settings: Settings) -> Store:
    return Store(settings.database_url)


def _dead_worker() -> str:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    me = workunits.worker_id("x")
    host = me.split("@", 1)[1].rsplit(":", 2)[0]
    return f"daemon@{host}:{proc.pid}:dead00"


def test_ensure_is_idempotent(settings: Settings) -> None:
    store = _store(settings)
    assert workunits.ensure_units(store, P, T, ["a", "b", "a"]) == 2
    assert workunits.ensure_units(store, P, T, ["a", "b", "c"]) == 1
    assert workunits.counts(store, P, T) == {"pending": 3}


def test_one_owner_and_never_twice(settings: Settings) -> None:
    store = _store(settings)
    workunits.ensure_units(store, P, T, ["a"])
    wins: list[workunits.Unit] = []
    barrier = threading.Barrier(6)

    def grab(i: int) -> None:
        barrier.wait()
        unit = workunits.claim(store, P, T, "a", f"w{i}", NOW)
        if unit is not None:
            wins.append(unit)

    threads = [threading.Thread(target=grab, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(wins) == 1
    unit = wins[0]
    assert unit.status == "running" and unit.attempts == 1
    assert not workunits.finish(store, unit.id, "someone-else", "x", NOW)
    assert workunits.finish(store, unit.id, unit.worker or "", "audit-1", NOW)
    assert workunits.claim(store, P, T, "a", "w9", NOW) is None  # done in this period


def test_failed_units_retry_up_to_max_attempts(settings: Settings) -> None:
    store = _store(settings)
    workunits.ensure_units(store, P, T, ["a"])
    for attempt in range(1, 3):
        unit = workunits.claim(store, P, T, "a", "w", NOW, max_attempts=2)
        assert unit is not None and unit.attempts == attempt
        assert workunits.fail(store, unit.id, "w", "FetchTimeout: slow", NOW)
    assert workunits.claim(store, P, T, "a", "w", NOW, max_attempts=2) is None
    assert workunits.unfinished(store, T, "fleet", max_attempts=2) == []


def test_release_checkpoints_back_to_pending(settings: Settings) -> None:
    store = _store(settings)
    workunits.ensure_units(store, P, T, ["a"])
    unit = workunits.claim(store, P, T, "a", "w", NOW)
    assert unit is not None
    audit_id = audits.start_audit(store, "a", "daemon", NOW + timedelta(seconds=1))
    assert workunits.release(store, unit.id, "w", "stopping", NOW)
    again = workunits.get_unit(store, P, T, "a")
    assert again is not None and again.status == "pending" and again.attempts == 0
    assert audits.get_audit(store, audit_id).status == "failed"


def test_dead_owner_is_reclaimed_and_its_orphan_audit_closed(settings: Settings) -> None:
    store = _store(settings)
    workunits.ensure_units(store, P, T, ["a", "b"])
    dead = _dead_worker()
    for org in ("a", "b"):
        assert workunits.claim(store, P, T, org, dead, NOW) is not None
    orphan = audits.start_audit(store, "a", "daemon", NOW + timedelta(seconds=1))
    finished = audits.start_audit(store, "b", "daemon", NOW + timedelta(seconds=1))
    with store.session() as session:  # b's audit was recorded before its owner died
        row = session.get(AuditRow, finished)
        assert row is not None
        row.status, row.finished_at = "done", NOW + timedelta(seconds=5)
    # the lease has not expired, but the owner is a dead process on this host
    reclaimed = workunits.reclaim_stale(store, NOW + timedelta(seconds=6), lease_s=3600)
    assert {u.org_id: u.status for u in reclaimed} == {"a": "pending", "b": "done"}
    assert audits.get_audit(store, orphan).status == "failed"
    b = workunits.get_unit(store, P, T, "b")
    assert b is not None and b.audit_id == finished


def test_live_owner_keeps_its_unit_until_the_lease_expires(settings: Settings) -> None:
    store = _store(settings)
    workunits.ensure_units(store, P, T, ["a"])
    remote = "celery@elsewhere:123:abcdef"
    assert workunits.claim(store, P, T, "a", remote, NOW) is not None
    assert workunits.reclaim_stale(store, NOW + timedelta(seconds=30), lease_s=60) == []
    assert workunits.heartbeat(store, workunits.get_unit(store, P, T, "a").id,  # type: ignore[union-attr]
                               remote, NOW + timedelta(seconds=50))
    assert workunits.reclaim_stale(store, NOW + timedelta(seconds=100), lease_s=60) == []
    back = workunits.reclaim_stale(store, NOW + timedelta(seconds=111), lease_s=60)
    assert [u.status for u in back] == ["pending"]
