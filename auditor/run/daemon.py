"""`auditor run`: APScheduler 3.x driving the jobs of a schedule file. The only place
that wires APScheduler.

* Jobs live in an SQLAlchemy job store in the project's database, so next run times
  (and the anchor of ``every`` jobs) survive restarts; an unchanged job is kept as it
  is, a changed one rescheduled, one no longer in the file removed.
* Every job has ``coalesce=True`` (a daemon that was down runs a missed job once, not
  once per missed slot), ``max_instances=1`` (a fleet audit never overlaps itself, so one
  org never has two crawls at once) and a deliberate ``misfire_grace_time``
  (see :attr:`auditor.run.schedules.Job.misfire_grace_s`).
* What a run does is recorded in the work-unit ledger under the job's *period*: the
  schedule window the run falls in (``fleet-standard@20261130T030000Z``). On start the
  daemon reclaims units of dead owners and resumes unfinished periods; an org done in
  the period is never audited again.
* SIGTERM/SIGINT: no new work; running audits get ``daemon.shutdown_grace_s`` minus a
  margin to finish, then are cancelled and checkpointed back to pending.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import IO, Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from auditor.errors import CouldNotComplete
from auditor.run import workunits
from auditor.run.jobstore import JOBS_TABLE
from auditor.run.runner import RunnerThread
from auditor.run.schedules import (
    Job,
    ScheduleSet,
    Task,
    period_label,
    period_start,
    summary_period,
    trigger_for,
    window_start,
)
from auditor.run.units import AUDIT_TASK
from auditor.settings import Settings
from auditor.store import Store

log = logging.getLogger(__name__)

_active: dict[str, Daemon] = {}
"""The running daemon. Persistent jobs must name a module-level function (they are
pickled by reference), so the job function finds its daemon here."""


def run_scheduled(name: str, fingerprint: str = "") -> None:
    """What every persistent job calls (by reference: ``auditor.run.daemon:run_scheduled``)."""
    daemon = _active.get("daemon")
    if daemon is None:
        log.error("job %s fired with no daemon running", name)
        return
    daemon.run_job(name)


def run_resume(name: str) -> None:
    daemon = _active.get("daemon")
    if daemon is not None:
        daemon.run_job(name, resume_only=True)


class Daemon:
    """One scheduler over one schedule set; :meth:`run` blocks until a signal."""

    def __init__(self, settings: Settings, store: Store, schedule: ScheduleSet, *,
                 metrics_port: int | None = None) -> None:
        self.settings, self.store, self.schedule = settings, store, schedule
        self.metrics_port = metrics_port
        self.stop = threading.Event()
        self.worker = workunits.worker_id("daemon")
        self._locks = {name: threading.Lock() for name in schedule.jobs}
        self._busy = 0
        self._busy_lock = threading.Lock()
        self._lockfile: IO[str] | None = None
        self._runner: RunnerThread | None = None
        self._runner_lock = threading.Lock()
        self.scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=store.engine, tablename=JOBS_TABLE),
                       "memory": MemoryJobStore()},
            executors={"default": ThreadPoolExecutor(max(4, len(schedule.jobs) + 2))},
            job_defaults={"coalesce": True, "max_instances": 1},
            timezone=UTC,
        )

    # lifecycle --------------------------------------------------------------
    def run(self) -> int:
        """Start, resume unfinished work, serve until :attr:`stop` is set, stop cleanly.

        The entry point (`auditor run`) turns SIGTERM/SIGINT into :meth:`on_signal`.
        """
        self._take_lock()
        _active["daemon"] = self
        try:
            now = self.settings.clock()
            for unit in workunits.reclaim_stale(self.store, now, self.settings.executor.lease_s,
                                                max_attempts=self.settings.executor.max_attempts):
                log.info("reclaimed %s %s/%s: %s", unit.task, unit.period, unit.org_id,
                         unit.reason)
            self.scheduler.start(paused=True)
            self._sync_jobs(now)
            self._resume_unfinished(now)
            self.scheduler.resume()
            if self.metrics_port is not None:
                from auditor.run.observe import serve_metrics

                serve_metrics(self.metrics_port, self.settings, self.store, self.schedule)
            log.info("daemon started: %d jobs from %s", len(self.schedule.jobs),
                     self.schedule.source, extra={"worker": self.worker})
            while not self.stop.wait(0.5):
                pass
        finally:
            self._shutdown()
        return 0

    def on_signal(self, signum: int, _frame: object) -> None:
        """What the entry point installs for SIGTERM/SIGINT: stop taking work, then exit."""
        log.info("received %s: stopping", signal.Signals(signum).name)
        self.stop.set()

    def _shutdown(self) -> None:
        self.stop.set()
        deadline = time.monotonic() + self.settings.daemon.shutdown_grace_s
        if self.scheduler.running:
            self.scheduler.pause()
            self.scheduler.shutdown(wait=False)
        while time.monotonic() < deadline and self._busy:
            time.sleep(0.1)
        if self._runner is not None and not self._busy:
            self._runner.close()
        released = self._release_mine("daemon stopped")
        _active.pop("daemon", None)
        self._write_state(running=False)
        log.info("daemon stopped", extra={"released": released, "busy": self._busy})
        if self._lockfile is not None:
            self._lockfile.close()
        if self._busy:  # a job ignored the stop request: do not wait for it
            logging.shutdown()
            os._exit(0)

    def _take_lock(self) -> None:
        """One daemon per data dir; the lock dies with the process, even on SIGKILL."""
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        handle = open(self.settings.data_dir / "daemon.lock", "a+")  # noqa: SIM115
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise CouldNotComplete(
                f"another daemon is running on {self.settings.data_dir}") from None
        self._lockfile = handle
        self._write_state(running=True)

    def _write_state(self, *, running: bool) -> None:
        state = {"pid": os.getpid(), "running": running, "worker": self.worker,
                 "schedules": self.schedule.source,
                 "at": datetime.now(UTC).isoformat()}
        (self.settings.data_dir / "daemon.json").write_text(json.dumps(state))

    def _release_mine(self, reason: str) -> int:
        released = 0
        for unit in workunits.list_units(self.store, status=workunits.RUNNING):
            if workunits.is_mine(unit.worker):
                released += workunits.release(self.store, unit.id, unit.worker or "", reason,
                                              self.settings.clock())
        return released

    # jobs -------------------------------------------------------------------
    def _sync_jobs(self, now: datetime) -> None:
        existing = {j.id: j for j in self.scheduler.get_jobs(jobstore="default")}
        for name, job in self.schedule.jobs.items():
            fingerprint = job.fingerprint()
            old = existing.pop(name, None)
            if old is not None and old.kwargs.get("fingerprint") == fingerprint:
                continue
            first = {"next_run_time": now} if job.every and job.start is None else {}
            self.scheduler.add_job(
                "auditor.run.daemon:run_scheduled", trigger=trigger_for(job, now), id=name, **first,
                name=name, kwargs={"name": name, "fingerprint": fingerprint},
                jobstore="default", replace_existing=True, coalesce=True, max_instances=1,
                misfire_grace_time=job.misfire_grace_s)
            log.info("scheduled %s: %s", name, job.when())
        for name in existing:
            self.scheduler.remove_job(name, jobstore="default")
            log.info("removed job %s (no longer in the schedule file)", name)

    def _resume_unfinished(self, now: datetime) -> None:
        for name in self.schedule.fleet_jobs():
            left = workunits.unfinished(self.store, AUDIT_TASK, name,
                                        max_attempts=self.settings.executor.max_attempts)
            if left:
                log.info("resuming %d unfinished audits of %s", len(left), name)
                self.scheduler.add_job(run_resume, args=[name], id=f"resume-{name}",
                                       jobstore="memory", next_run_time=now,
                                       misfire_grace_time=None)

    def run_job(self, name: str, *, resume_only: bool = False) -> None:
        job = self.schedule.jobs.get(name)
        if job is None:
            log.warning("job %s is not in the schedule file; ignored", name)
            return
        with self._busy_lock:
            self._busy += 1
        try:
            with self._locks[name]:
                if self.stop.is_set():
                    return
                now = self.settings.clock()
                scheduled = self.scheduler.get_job(name, jobstore="default")
                trigger = scheduled.trigger if scheduled is not None else trigger_for(job, now)
                period = period_label(name, window_start(trigger, now))
                self._dispatch(name, job, period, now, resume_only)
        except Exception:
            log.exception("job %s failed", name)
        finally:
            with self._busy_lock:
                self._busy -= 1

    def _dispatch(self, name: str, job: Job, period: str, now: datetime,
                  resume_only: bool) -> None:
        if job.task is Task.AUDIT_FLEET:
            self._audit_fleet(name, job, period, resume_only)
        elif job.task is Task.SEND_SUMMARY:
            self._send_summaries(job, now)
        elif job.task is Task.SWEEP_CASES:
            from auditor.run.casework import sweep

            self._once(period, job.task.value, lambda: sweep(self.store, self.settings, now))
        elif job.task is Task.REFRESH_FEEDS:
            self._refresh_feeds(period)

    def _audit_fleet(self, name: str, job: Job, period: str, resume_only: bool) -> None:
        from auditor.registry import list_orgs
        from auditor.run.fleet import run_fleet

        orgs = {o.id: o for o in list_orgs(self.store, tier=job.tier)}
        todo: dict[str, list[str]] = {}
        for unit in workunits.unfinished(self.store, AUDIT_TASK, name,
                                         max_attempts=self.settings.executor.max_attempts):
            todo.setdefault(unit.period, []).append(unit.org_id)
        if not resume_only:
            todo.setdefault(period, list(orgs))
        for each, org_ids in sorted(todo.items()):
            if self.stop.is_set():
                return
            fleet = [orgs[o] for o in org_ids if o in orgs]
            log.info("fleet %s: %d orgs to audit", each, len(fleet),
                     extra={"period": each, "job": name})
            started = time.monotonic()
            result = run_fleet(fleet, self.settings, self.store, trigger="daemon", period=each,
                               stop=self.stop, runner=self._fleet_runner(),
                               keep_outcomes=False)
            log.info("fleet %s: %d audited, %d failed in %.1fs", each, result.audited,
                     len(result.errors), time.monotonic() - started,
                     extra={"period": each, "job": name,
                            "counts": workunits.counts(self.store, each, AUDIT_TASK)})

    def _fleet_runner(self) -> RunnerThread | None:
        """The daemon's one fleet runner (local executor), shared by every fleet job."""
        if self.settings.executor.kind == "celery":
            return None
        with self._runner_lock:
            if self._runner is None:
                self._runner = RunnerThread(self.settings, self.store, name="daemon-fleet")
            return self._runner

    def _send_summaries(self, job: Job, now: datetime) -> None:
        """One summary per calendar period whose fleet runs are all finished, then flush.

        The summary speaks in calendar periods (day, ISO week, month: see
        :func:`summary_period`); it waits until the latest run of every fleet job that
        falls in that period is finished, and the ledger sends it once.
        """
        from auditor.publish import outbox, summary

        ready: dict[str, bool] = {}
        for fleet, fleet_job in self.schedule.fleet_jobs(job.tier).items():
            latest = next(iter(workunits.periods(self.store, AUDIT_TASK, fleet)), None)
            if latest is None:
                continue
            counts = workunits.counts(self.store, latest, AUDIT_TASK)
            finished = not counts.get(workunits.PENDING) and not counts.get(workunits.RUNNING)
            key = summary_period(fleet_job, period_start(latest))
            ready[key] = ready.get(key, True) and finished
        for period in sorted(p for p, ok in ready.items() if ok):

            def send(period: str = period) -> None:
                message = summary.build_summary(self.store, self.settings, period, now)
                if outbox.enqueue(self.store, message):
                    log.info("summary of %s queued", period, extra={"period": period})

            self._once(period, Task.SEND_SUMMARY.value, send)
        outbox.flush(self.store, self.settings, self.settings.clock())

    def _refresh_feeds(self, period: str) -> None:
        """Refresh every feed, each on its own: a bad feed is logged and named in the
        ledger (the unit fails, so `auditor status` shows it) after the others ran."""
        from auditor.assess.feeds import refresh_feeds

        if not self.settings.feeds.urls:
            log.info("no feeds configured (feeds.urls); nothing to refresh")
            return

        def refresh() -> None:
            failed: list[str] = []
            for result in refresh_feeds(self.store, self.settings):
                if isinstance(result, Exception):
                    log.warning("feed %s not refreshed: %s", result.url, result,
                                extra={"period": period, "feed": result.url})
                    failed.append(f"{result.url}: {result}")
                    continue
                log.info("feed %s: %d period(s), %d replaced, %d row(s) refused%s",
                         result.source, result.imported, result.replaced,
                         len({p.line for p in result.refused}),
                         " (not modified)" if result.not_modified else "",
                         extra={"period": period, "feed": result.source})
            if failed:
                raise CouldNotComplete(f"{len(failed)} of {len(self.settings.feeds.urls)} "
                                       "feeds not refreshed: " + "; ".join(failed)[:2000])

        self._once(period, Task.REFRESH_FEEDS.value, refresh)

    def _once(self, period: str, task: str, action: Callable[[], Any]) -> None:
        """Run `action` once per (period, task), recorded in the ledger."""
        workunits.ensure_units(self.store, period, task, [workunits.ALL_ORGS])
        unit = workunits.claim(self.store, period, task, workunits.ALL_ORGS, self.worker,
                               self.settings.clock(),
                               max_attempts=self.settings.executor.max_attempts)
        if unit is None:
            return
        try:
            action()
        except Exception as exc:
            workunits.fail(self.store, unit.id, self.worker, f"{type(exc).__name__}: {exc}",
                           self.settings.clock())
            raise
        workunits.finish(self.store, unit.id, self.worker, None, self.settings.clock())
