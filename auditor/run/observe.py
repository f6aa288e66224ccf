"""What an operator sees of the daemon: status, Prometheus metrics, JSON-lines logs.

Everything here reads the database (the ledger, the outbox, APScheduler's job table),
so ``auditor status`` works from any machine that reaches the store, whether or not
the daemon runs there, and a metrics scrape is always current.
"""

from __future__ import annotations

import fcntl
import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from auditor.publish.outbox import count_by_status
from auditor.run import workunits
from auditor.run.jobstore import next_runs
from auditor.run.schedules import ScheduleSet
from auditor.run.units import AUDIT_TASK
from auditor.settings import Settings
from auditor.store import Store


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def daemon_running(settings: Settings) -> bool:
    """True when a daemon holds the lock of this data dir (on this machine)."""
    path = settings.data_dir / "daemon.lock"
    if not path.exists():
        return False
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def daemon_state(settings: Settings) -> dict[str, Any] | None:
    """What the daemon of this data dir wrote about itself (``daemon.json``), if anything."""
    path = settings.data_dir / "daemon.json"
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.loads(handle.read(65536))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def running_schedule(settings: Settings) -> Path | None:
    """The schedule file the running daemon of this data dir uses, when one runs here.

    Why: `auditor status` without ``--schedules`` should describe the jobs that run, not
    the default schedule's, when the daemon was started with another file.
    """
    state = daemon_state(settings)
    if state is None or not daemon_running(settings):
        return None
    source = state.get("schedules")
    path = Path(source) if isinstance(source, str) and source else None
    return path if path is not None and path.is_file() else None


def status(settings: Settings, store: Store, schedule: ScheduleSet) -> dict[str, Any]:
    """Next runs, the last run of each fleet job, recent failures, outbox backlog."""
    runs = next_runs(store)
    jobs = [{"name": name, "task": job.task.value, "tier": job.tier, "when": job.when(),
             "next_run": _iso(runs.get(name))} for name, job in sorted(schedule.jobs.items())]
    fleets: list[dict[str, Any]] = []
    for name in schedule.fleet_jobs():
        period = next(iter(workunits.periods(store, AUDIT_TASK, name)), None)
        if period is None:
            fleets.append({"job": name, "period": None})
            continue
        started, finished = workunits.period_window(store, period, AUDIT_TASK)
        counts = workunits.counts(store, period, AUDIT_TASK)
        complete = not counts.get(workunits.PENDING) and not counts.get(workunits.RUNNING)
        fleets.append({"job": name, "period": period, "counts": counts,
                       "complete": complete, "started_at": _iso(started),
                       "finished_at": _iso(finished) if complete else None})
    failures = [
        {"period": u.period, "task": u.task, "org_id": u.org_id, "attempts": u.attempts,
         "reason": u.reason, "at": _iso(u.finished_at)}
        for u in workunits.recent_failures(store, limit=20)]
    outbox = count_by_status(store)
    running = daemon_running(settings)
    state = daemon_state(settings) if running else None
    daemon: dict[str, Any] = {"running": running, "schedules": schedule.source}
    if state is not None:
        daemon.update(pid=state.get("pid"), daemon_schedules=state.get("schedules"),
                      since=state.get("at"))
    return {
        "daemon": daemon,
        "jobs": jobs,
        "fleet_runs": fleets,
        "failures": failures,
        "outbox": {"backlog": outbox.get("queued", 0), "by_status": outbox},
    }


def serve_metrics(port: int, settings: Settings, store: Store, schedule: ScheduleSet) -> None:
    """Expose /metrics on `port`; values are read from the database at scrape time."""
    from prometheus_client import REGISTRY, start_http_server
    from prometheus_client.core import GaugeMetricFamily
    from prometheus_client.registry import Collector

    class _Collector(Collector):
        def collect(self) -> Any:
            data = status(settings, store, schedule)
            nxt = GaugeMetricFamily("auditor_job_next_run_timestamp_seconds",
                                    "Next run of each scheduled job", labels=["job"])
            for job in data["jobs"]:
                if job["next_run"]:
                    nxt.add_metric([job["name"]],
                                   datetime.fromisoformat(job["next_run"]).timestamp())
            units = GaugeMetricFamily("auditor_fleet_units",
                                      "Work units of the latest period of each fleet job",
                                      labels=["job", "status"])
            for fleet in data["fleet_runs"]:
                for state, n in (fleet.get("counts") or {}).items():
                    units.add_metric([fleet["job"], state], n)
            backlog = GaugeMetricFamily("auditor_outbox_backlog", "Queued e-mails")
            backlog.add_metric([], data["outbox"]["backlog"])
            failed = GaugeMetricFamily("auditor_failed_units", "Failed work units (recent)")
            failed.add_metric([], len(data["failures"]))
            yield from (nxt, units, backlog, failed)

    REGISTRY.register(_Collector())
    start_http_server(port, addr="127.0.0.1")


_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with any ``extra=`` fields kept as keys."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(), "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                data[key] = value
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str)


def setup_logging(level: str = "INFO", *, json_lines: bool | None = None) -> None:
    """Logs to stderr: JSON lines when stderr is not a terminal, plain text when it is."""
    if json_lines is None:
        json_lines = not sys.stderr.isatty()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if json_lines else
                         logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for noisy in ("apscheduler", "httpx", "httpcore", "alembic"):
        logging.getLogger(noisy).setLevel("WARNING")
    # every retry of an outage is logged by auditor.run.outage, fewer times than stamina would
    logging.getLogger("stamina").setLevel("ERROR")
