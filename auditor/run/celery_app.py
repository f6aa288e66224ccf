"""The Celery side: one task audits one org, with the same code as the local executor.

Worker settings and why:

* ``task_acks_late`` + ``task_reject_on_worker_lost``: a task is acknowledged only when
  it has finished, so a worker killed mid-audit leaves the message to be redelivered;
* ``worker_prefetch_multiplier = 1``: a worker holds one audit, never a backlog that dies
  with it;
* Redis ``visibility_timeout`` above the longest audit: otherwise Redis redelivers a
  still-running audit to a second worker (the ledger would refuse it, but it wastes a slot);
* results are not stored: the work-unit ledger in the database is the record.

Settings reach a worker the ordinary way (``--config``, environment); each worker
process opens its own store after the fork.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

from celery import Celery

from auditor.run import workunits
from auditor.run.units import AUDIT_TASK, run_unit
from auditor.settings import Settings, load_settings
from auditor.store import Store

log = logging.getLogger(__name__)

TASK_NAME = "auditor.audit_org"
QUEUE = "auditor"

_process: dict[str, Any] = {}
"""Per worker process: settings and store (a store must not cross a fork)."""


def make_app(settings: Settings) -> Celery:
    app = Celery("auditor", broker=settings.executor.broker_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_transport_options={
            "visibility_timeout": int(settings.executor.visibility_timeout_s)},
        task_ignore_result=True,
        task_default_queue=QUEUE,
        task_serializer="json",
        accept_content=["json"],
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
        worker_send_task_events=False,
        enable_utc=True,
    )
    app.task(name=TASK_NAME)(audit_org_task)
    _process["settings"] = settings
    return app


def _store(settings: Settings) -> Store:
    key = f"store:{os.getpid()}"
    if key not in _process:
        _process[key] = Store(settings.database_url)
    store: Store = _process[key]
    return store


def audit_org_task(period: str, org_id: str, trigger: str = "worker") -> str:
    """Claim the unit (period, org) and audit it; 'skipped' when it is done or taken."""
    from auditor.registry import find_org

    settings: Settings = _process.get("settings") or load_settings()
    store = _store(settings)
    worker = workunits.worker_id("celery")
    unit = workunits.claim(store, period, AUDIT_TASK, org_id, worker, settings.clock(),
                           max_attempts=settings.executor.max_attempts)
    if unit is None:
        log.info("skip %s/%s: done or taken", period, org_id)
        return "skipped"
    org = find_org(store, org_id)
    if org is None:
        workunits.fail(store, unit.id, worker, "organization no longer registered",
                       settings.clock())
        return "failed"
    try:
        asyncio.run(_audit(unit, org, settings, store, worker, trigger))
    except Exception as exc:  # recorded in the ledger; never retried by Celery itself
        log.warning("audit of %s failed: %s", org_id, exc)
        return "failed"
    return "done"


async def _audit(unit: workunits.Unit, org: Any, settings: Settings, store: Store,
                 worker: str, trigger: str) -> None:
    from auditor.crawl import BrowserPool

    async with BrowserPool(settings) as browser:
        await run_unit(unit, org, settings, store, worker=worker, trigger=trigger,
                       browser=browser)


def start_worker(settings: Settings, *, concurrency: int = 1, pool: str = "prefork",
                 loglevel: str = "INFO", name: str | None = None) -> None:
    """Run a worker in this process until it is stopped (SIGTERM: warm shutdown)."""
    app = make_app(settings)
    argv = ["worker", f"--concurrency={concurrency}", f"--pool={pool}",
            f"--loglevel={loglevel}", "-Q", QUEUE, "--without-gossip", "--without-mingle",
            "--prefetch-multiplier=1"]
    if name:
        argv += ["-n", name]
    app.worker_main(argv=argv)
