"""The ledger, not the broker, is the truth: two real Celery workers audit a 50-org
local farm into PostgreSQL while (a) PostgreSQL is stopped for a few seconds and
(b) Redis is killed and restarted without persistence. Each time every org is audited
exactly once and the run ends by itself.

Both tests run their own PostgreSQL and Redis (tests/servicekit.py) on other ports:
the shared servers other tests use are never stopped.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from auditor.run import workunits
from auditor.run.fleet import run_fleet
from auditor.settings import load_settings
from auditor.store import Store
from auditor.store.tables import AuditRow
from tests.auditor.fleetkit import (
    auditor_env,
    farm_orgs,
    org_farm,
    register,
    start_auditor,
    wait_for,
)
from tests.servicekit import PrivatePostgres, PrivateRedis

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

ORGS = 50
PERIOD = "outage-test@1"


@pytest.fixture
def services() -> Iterator[tuple[PrivatePostgres, PrivateRedis]]:
    postgres = PrivatePostgres()
    try:
        redis = PrivateRedis()
        try:
            yield postgres, redis
        finally:
            redis.close()
    finally:
        postgres.close()


def _fleet_through(outage: Callable[[], None], tmp_path: Path, postgres: PrivatePostgres,
                   redis: PrivateRedis) -> dict[str, Any]:
    """Run the fleet on two workers, cause `outage` mid-run, wait for the run to end."""
    lease = "6"
    with org_farm(latency_s=0.05) as base:
        env = auditor_env(tmp_path / "worker-data", AUDITOR_DATABASE_URL=postgres.url,
                          AUDITOR_EXECUTOR_KIND="celery", AUDITOR_EXECUTOR_BROKER_URL=redis.url,
                          AUDITOR_EXECUTOR_LEASE_S=lease)
        settings = load_settings(
            data_dir=tmp_path / "data", testing=True, database={"url": postgres.url},
            executor={"kind": "celery", "broker_url": redis.url, "lease_s": float(lease)},
            crawl={"allow_private_networks": True, "browser": "never",
                   "per_host_concurrency": 8})
        store = Store(postgres.url)
        orgs = farm_orgs(base, ORGS, prefix="o")
        register(store, orgs)
        logs = [tmp_path / f"worker{i}.log" for i in (1, 2)]
        workers = [start_auditor(["worker", "-n", f"w{i}@%h", "-c", "3"], env, log)
                   for i, log in zip((1, 2), logs, strict=True)]
        done: list[str] = []
        run: dict[str, Any] = {"store": store, "orgs": orgs, "done": done}

        def coordinate() -> None:
            run["fleet"] = run_fleet(orgs, settings, store, trigger="worker", period=PERIOD,
                                     on_done=lambda org, out, exc: done.append(org.id))

        coordinator = threading.Thread(target=coordinate)
        try:
            coordinator.start()

            def mid_run() -> bool:
                units = workunits.list_units(store, period=PERIOD)
                return sum(u.status == "done" for u in units) >= 8 and any(
                    u.status == "running" for u in units)

            wait_for(mid_run, 180, "the fleet under way", poll=0.05)
            run["done_before"] = len(done)
            outage()
            coordinator.join(300)
            assert not coordinator.is_alive(), "the run did not end by itself"
        finally:
            for proc in workers:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGTERM)
            for proc in workers:
                try:
                    proc.wait(30)
                except Exception:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
    run["worker_logs"] = "".join(log.read_text() for log in logs)
    return run


def _exactly_once(run: dict[str, Any]) -> None:
    store: Store = run["store"]
    orgs = run["orgs"]
    assert run["done_before"] < ORGS, "the outage came after the fleet had finished"
    units = workunits.list_units(store, period=PERIOD)
    assert len(units) == ORGS and {u.status for u in units} == {"done"}, \
        Counter(u.status for u in units)
    assert sorted(run["done"]) == sorted(o.id for o in orgs), "each org reported once"
    assert len(run["fleet"].outcomes) == ORGS and not run["fleet"].errors
    with store.session() as session:
        rows = session.scalars(select(AuditRow)).all()
    per_org = Counter(r.org_id for r in rows if r.status == "done")
    assert per_org == Counter({o.id: 1 for o in orgs}), "each org recorded exactly once"
    assert all(r.status == "failed" and "interrupted" in (r.error or "")
               for r in rows if r.status != "done"), [r.error for r in rows]
    assert {u.audit_id for u in units} == {r.id for r in rows if r.status == "done"}
    store.dispose()


def test_postgres_stopped_mid_run(tmp_path: Path, services: tuple[PrivatePostgres,
                                                                    PrivateRedis]) -> None:
    postgres, redis = services

    def outage() -> None:
        postgres.stop()
        time.sleep(4)
        postgres.start()

    run = _fleet_through(outage, tmp_path, postgres, redis)
    _exactly_once(run)
    assert "service unreachable" in run["worker_logs"], "the workers never saw the outage"


def test_redis_restarted_without_persistence_mid_run(
        tmp_path: Path, services: tuple[PrivatePostgres, PrivateRedis],
        caplog: pytest.LogCaptureFixture) -> None:
    postgres, redis = services
    caplog.set_level(logging.WARNING, logger="auditor.run")

    def outage() -> None:
        redis.kill()  # the queued messages are gone with it
        redis.start()

    run = _fleet_through(outage, tmp_path, postgres, redis)
    _exactly_once(run)
    assert "the broker restarted" in caplog.text, "the lost messages were not sent again"
