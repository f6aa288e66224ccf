"""`auditor run` (the daemon) and `auditor status`."""

from __future__ import annotations

import signal
from pathlib import Path

import typer
from rich.table import Table

from auditor.cli.context import app_context, console, print_json
from auditor.run.schedules import load_schedules, schedule_path


def run_cmd(
    ctx: typer.Context,
    schedules: Path | None = typer.Option(None, "--schedules", help="schedule file to run"),
    metrics_port: int | None = typer.Option(
        None, "--metrics-port", help="serve Prometheus metrics on 127.0.0.1:PORT"),
    executor: str | None = typer.Option(None, "--executor", help="local or celery"),
    log_level: str = typer.Option("INFO", "--log-level"),
) -> int:
    """Run the scheduler until SIGTERM/SIGINT (logs: JSON lines when not on a terminal).

    This command is the daemon process's entry point, so it owns the process-wide
    settings: logging, the signal handlers and the collector tuning of crawling processes.
    """
    from auditor.run.daemon import Daemon
    from auditor.run.observe import setup_logging
    from auditor.run.process import tune_gc

    app = app_context(ctx)
    if executor:
        app.override("executor", "kind", executor)
    setup_logging(log_level)
    tune_gc()
    # resolved, so `auditor status` elsewhere finds the file the daemon records it runs
    schedule = load_schedules(schedule_path(app.settings, schedules).resolve())
    daemon = Daemon(app.settings, app.store, schedule, metrics_port=metrics_port)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, daemon.on_signal)
    return daemon.run()


def status_cmd(
    ctx: typer.Context,
    schedules: Path | None = typer.Option(None, "--schedules", help="schedule file"),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """Next run times, the last fleet runs, failures and the outbox backlog.

    Without --schedules it describes the schedule the running daemon uses (else the
    configured one)."""
    from auditor.run.observe import running_schedule, status

    app = app_context(ctx)
    chosen = schedules or running_schedule(app.settings)
    data = status(app.settings, app.store, load_schedules(schedule_path(app.settings, chosen)))
    if as_json:
        print_json(data)
        return
    daemon = data["daemon"]
    running = (f"running (pid {daemon.get('pid')})" if daemon["running"]
               else "not running (on this machine)")
    whose = " (the running daemon's)" if daemon.get("daemon_schedules") == daemon["schedules"] \
        else ""
    console.print(f"daemon: {running}; schedules {daemon['schedules']}{whose}", markup=False)
    jobs = Table("job", "task", "when", "next run (UTC)")
    for job in data["jobs"]:
        jobs.add_row(job["name"], job["task"], job["when"], job["next_run"] or "not scheduled")
    console.print(jobs)
    for fleet in data["fleet_runs"]:
        if fleet["period"] is None:
            console.print(f"{fleet['job']}: never run", markup=False)
            continue
        counts = ", ".join(f"{k} {v}" for k, v in sorted(fleet["counts"].items()))
        state = "complete" if fleet["complete"] else "in progress"
        console.print(f"{fleet['job']}: last run {fleet['period']} {state}: {counts}",
                      markup=False)
    console.print(f"failures (recent): {len(data['failures'])}", markup=False)
    for failure in data["failures"][:10]:
        console.print(f"  {failure['period']} {failure['org_id']}: {failure['reason']}",
                      markup=False)
    console.print(f"outbox backlog: {data['outbox']['backlog']}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("run")(run_cmd)
    app.command("status")(status_cmd)
