"""Celery workers with Redis and PostgreSQL: one task per org, the same audit code; a
worker killed mid-run loses nothing and records nothing twice. Also the shared per-host
limiter holds across processes."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from auditor.run import workunits
from auditor.run.fleet import run_fleet
from auditor.run.limiter import RedisHostLimiter
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

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.slow,
              pytest.mark.timeout(300)]

ORGS = 50


def test_fifty_orgs_two_workers_one_killed(tmp_path: Path, redis_url: str,
                                           postgres_url: str) -> None:
    prefix = f"c{secrets.token_hex(2)}-"  # the shared test database may hold other runs
    period = f"celery-test@{prefix}"
    with org_farm(latency_s=0.05) as base:
        env = auditor_env(tmp_path / "worker-data", AUDITOR_DATABASE_URL=postgres_url,
                          AUDITOR_EXECUTOR_KIND="celery", AUDITOR_EXECUTOR_BROKER_URL=redis_url,
                          AUDITOR_EXECUTOR_LEASE_S="6")
        settings = load_settings(
            data_dir=tmp_path / "data", testing=True, database={"url": postgres_url},
            executor={"kind": "celery", "broker_url": redis_url, "lease_s": 6},
            crawl={"allow_private_networks": True, "browser": "never",
                   "per_host_concurrency": 8})
        store = Store(postgres_url)
        orgs = farm_orgs(base, ORGS, prefix=prefix)
        register(store, orgs)
        workers = [start_auditor(["worker", "-n", f"w{i}-{prefix}@%h"], env,
                                 tmp_path / f"worker{i}.log") for i in (1, 2)]
        done: list[str] = []
        result: dict[str, Any] = {}

        def coordinate() -> None:
            result["fleet"] = run_fleet(orgs, settings, store, trigger="worker", period=period,
                                        on_done=lambda org, out, exc: done.append(org.id))

        coordinator = threading.Thread(target=coordinate)
        try:
            coordinator.start()

            def victim_busy() -> bool:
                units = workunits.list_units(store, period=period)
                return sum(u.status == "done" for u in units) >= 8 and any(
                    u.status == "running" and (u.worker or "").startswith("celery@")
                    and _child_of(workers[0].pid, u.worker) for u in units)

            wait_for(victim_busy, 120, "worker 1 busy mid-run", poll=0.05)
            os.killpg(workers[0].pid, signal.SIGKILL)  # the worker and its pool process
            workers[0].wait(10)
            coordinator.join(240)
            assert not coordinator.is_alive(), "the fleet did not finish"
        finally:
            for proc in workers:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGTERM)
            for proc in workers:
                try:
                    proc.wait(20)
                except Exception:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()

    try:
        _check(store, period, orgs, prefix, done, result)
    finally:
        store.dispose()


def _check(store: Store, period: str, orgs: list[Any], prefix: str, done: list[str],
           result: dict[str, Any]) -> None:
    units = workunits.list_units(store, period=period)
    assert len(units) == ORGS and {u.status for u in units} == {"done"}
    assert sorted(done) == sorted(o.id for o in orgs)
    assert len(result["fleet"].outcomes) == ORGS and not result["fleet"].errors
    redone = [u for u in units if u.attempts > 1]
    assert redone, "the killed worker's audit was redone by the other"
    with store.session() as session:
        rows = session.scalars(select(AuditRow).where(AuditRow.org_id.like(f"{prefix}%"))).all()
    per_org = Counter(r.org_id for r in rows if r.status == "done")
    assert per_org == Counter({o.id: 1 for o in orgs}), "each org recorded exactly once"
    assert all(r.status == "failed" and "interrupted" in (r.error or "")
               for r in rows if r.status != "done")
    assert {u.audit_id for u in units} == {r.id for r in rows if r.status == "done"}


def _child_of(parent: int, worker: str | None) -> bool:
    """Whether the unit's owner pid is the worker process or one of its pool children."""
    try:
        pid = int((worker or "").rsplit(":", 2)[1])
        with open(f"/proc/{pid}/stat") as handle:
            ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
    except (ValueError, IndexError, OSError):
        return False
    return parent in (pid, ppid)


def test_host_limiter_is_shared_across_workers(redis_url: str) -> None:
    """Two limiters (as in two worker processes) together keep to the per-host limits."""
    host = f"org-{secrets.token_hex(3)}.example"
    active, peak, starts = [0], [0], []
    lock = threading.Lock()

    async def worker() -> None:
        limiter = RedisHostLimiter(redis_url, per_host=2, delay_s=0.05)
        try:

            async def request() -> None:
                async with limiter.slot(host):
                    with lock:
                        active[0] += 1
                        peak[0] = max(peak[0], active[0])
                        starts.append(time.monotonic())
                    await asyncio.sleep(0.08)
                    with lock:
                        active[0] -= 1

            await asyncio.gather(*(request() for _ in range(6)))
        finally:
            await limiter.aclose()

    threads = [threading.Thread(target=asyncio.run, args=(worker(),)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(starts) == 12
    assert peak[0] == 2
    # The limiter spaces grants by Redis's clock; each start is stamped here after the
    # grant reaches its thread, so one stamp can run late by a scheduling slice. Without
    # the shared delay, starts would come in pairs ~0 s apart and the span would halve.
    ordered = sorted(starts)
    gaps = [b - a for a, b in zip(ordered, ordered[1:], strict=False)]
    assert min(gaps) >= 0.025
    assert ordered[-1] - ordered[0] >= 11 * 0.05 - 0.03
