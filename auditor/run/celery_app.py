"""The Celery side: one task audits one org, with the same runner as the local executor.

A worker is one process with a thread per concurrent audit (``--pool threads``, ``-c N``)
and one :class:`~auditor.run.runner.FleetRunner` on its own event-loop thread: every
task claims its unit in the ledger and hands it to that runner, so the audits of a
worker share one fetcher (per-host limits shared across workers through Redis), one
browser and one analysis process pool over the machine's cores. A prefork pool would
give every child its own fetcher and pool instead, so it is not offered.

Worker settings and why:

* ``task_acks_late``: a task is acknowledged only when it has finished, so a worker
  killed mid-audit leaves the message to be redelivered (and the coordinator re-sends
  the unit as soon as the ledger shows its owner dead, see :mod:`auditor.run.celery_fleet`);
* ``worker_prefetch_multiplier = 1``: a worker holds no backlog that dies with it;
* Redis ``visibility_timeout`` above the longest audit: otherwise Redis redelivers a
  still-running audit to a second worker (the ledger would refuse it, but it wastes a slot);
* results are not stored: the work-unit ledger in the database is the record, and a
  task only ever returns ``done``, ``skipped`` or ``failed``;
* a store or Redis outage pauses a task (:mod:`auditor.run.outage`) instead of failing it.

Settings reach a worker the ordinary way (``--config``, environment).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery import Celery

from auditor.run import workunits
from auditor.run.outage import patiently
from auditor.run.runner import RunnerThread
from auditor.run.units import AUDIT_TASK
from auditor.settings import Settings, load_settings
from auditor.store import Store

log = logging.getLogger(__name__)

TASK_NAME = "auditor.audit_org"
QUEUE = "auditor"

_process: dict[str, Any] = {}
"""Per worker process: settings, store and the fleet runner."""


def make_app(settings: Settings) -> Celery:
    app = Celery("auditor", broker=settings.executor.broker_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
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


_lock = threading.Lock()


def _store(settings: Settings) -> Store:
    with _lock:
        if "store" not in _process:
            _process["store"] = Store(settings.database_url)
        store: Store = _process["store"]
    return store


def _runner(settings: Settings, store: Store) -> RunnerThread:
    """The worker's one runner, started by the first task."""
    with _lock:
        if "runner" not in _process:
            _process["runner"] = RunnerThread(settings, store, name="celery-fleet-runner")
        runner: RunnerThread = _process["runner"]
    return runner


def audit_org_task(period: str, org_id: str, trigger: str = "worker") -> str:
    """Claim the unit (period, org) and audit it; 'skipped' when it is done or taken."""
    from auditor.registry import find_org

    settings: Settings = _process.get("settings") or load_settings()
    store = _store(settings)
    worker = workunits.worker_id("celery")
    unit = patiently(workunits.claim, store, period, AUDIT_TASK, org_id, worker,
                     settings.clock(), max_attempts=settings.executor.max_attempts)
    if unit is None:
        log.info("skip %s/%s: done or taken", period, org_id)
        return "skipped"
    org = patiently(find_org, store, org_id)
    if org is None:
        patiently(workunits.fail, store, unit.id, worker, "organization no longer registered",
                  settings.clock())
        return "failed"
    try:
        _runner(settings, store).call(
            lambda runner: runner.audit(unit, org, worker=worker, trigger=trigger))
    except Exception as exc:  # recorded in the ledger; never retried by Celery itself
        log.warning("audit of %s failed: %s", org_id, exc)
        return "failed"
    return "done"


def start_worker(settings: Settings, *, concurrency: int | None = None, pool: str = "threads",
                 loglevel: str = "INFO", name: str | None = None) -> None:
    """Run a worker in this process until it is stopped (SIGTERM: warm shutdown).

    `concurrency` audits at once (default ``executor.orgs_at_once``), as threads of this
    process; `pool` is ``threads`` or ``solo`` (one audit at a time).
    """
    if pool not in ("threads", "solo"):
        raise ValueError(f"worker pool {pool!r}: use threads or solo (one runner per process)")
    app = make_app(settings)
    slots = concurrency or settings.executor.orgs_at_once
    argv = ["worker", f"--concurrency={slots}", f"--pool={pool}",
            f"--loglevel={loglevel}", "-Q", QUEUE, "--without-gossip", "--without-mingle",
            "--prefetch-multiplier=1"]
    if name:
        argv += ["-n", name]
    try:
        app.worker_main(argv=argv)
    finally:
        runner = _process.pop("runner", None)
        if runner is not None:
            runner.close()
