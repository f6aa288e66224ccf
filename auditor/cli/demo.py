"""`auditor demo`: the whole pipeline over bundled sample sites on loopback."""

from __future__ import annotations

import signal
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from auditor.cli.context import app_context, console, err_console
from auditor.models import Organization
from auditor.settings import Settings
from auditor.store import Store


def demo_cmd(
    ctx: typer.Context,
    daemon: bool = typer.Option(
        False, "--daemon", help="keep the sites served and run the daemon on them until "
        "Ctrl-C (scheduled audits, the summary, the metrics endpoint)"),
    metrics_port: int | None = typer.Option(
        None, "--metrics-port", help="with --daemon: serve metrics on 127.0.0.1:PORT "
        "(default 9464, else a free port)"),
    schedules: Path | None = typer.Option(
        None, "--schedules", help="with --daemon: schedule file (default: the bundled "
        "fast-demo.toml)"),
    log_level: str = typer.Option("INFO", "--log-level", help="with --daemon"),
) -> int | None:
    """Serve five sample org sites on 127.0.0.1, audit them, write reports and e-mails.

    Uses the embedded defaults: SQLite and a Maildir under the data directory. With
    --daemon the sites stay served and the daemon audits them on a fast schedule.
    """
    from auditor.demo import DEMO_ORGS, run_demo

    app = app_context(ctx)
    app.override("crawl", "allow_private_networks", True)
    app.override("crawl", "per_host_delay_s", 0.0)
    app.override("crawl", "per_host_concurrency", 4)
    settings = app.settings
    if daemon:
        return _run_daemon(app.settings, app.store, metrics_port, schedules, log_level)
    with Progress(TextColumn("auditing demo orgs"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), console=err_console) as progress:
        task = progress.add_task("", total=len(DEMO_ORGS))

        def done(org: Organization, outcome: object, exc: Exception | None) -> None:
            progress.update(task, advance=1, description=org.id)

        result = run_demo(settings, app.store, on_done=done)
    table = Table("org", "rating", "failing", "violation rate", "case", title="Demo audit")
    for o in sorted(result.fleet.outcomes, key=lambda o: o.org.id):
        case = "-" if o.case is None else o.case.state.value + (
            f" -> {o.case.pending.to_state.value}, awaiting approval" if o.case.pending else "")
        table.add_row(o.org.id, o.assessment.rating.value, str(o.failing),
                      o.assessment.violation_rate.state.value, case)
    for org_id, exc in sorted(result.fleet.errors.items()):
        table.add_row(org_id, "error", "-", "-", Text(str(exc)))
    console.print(table)
    console.print("reports to open:")
    for o in sorted(result.fleet.outcomes, key=lambda o: o.org.id):
        html = o.reports.get("html")
        console.print(f"  {o.org.id:<12} {html.resolve() if html else '-'}", markup=False)
    paths = (("fleet report", result.fleet_report), ("e-mails (Maildir)", result.mail_dir))
    for label, path in paths:
        console.print(f"{label}: {path.resolve() if path else '-'}", markup=False)
    console.print(f"database: {settings.database_url}", markup=False)
    for case_id in result.pending_cases:
        console.print(f"pending approval: auditor cases show {case_id}  then  "
                      f"auditor cases approve {case_id} --by 'Your Name'", markup=False)
    if result.fleet.errors:
        raise typer.Exit(3)
    return None


def _run_daemon(settings: Settings, store: Store, metrics_port: int | None,
                schedules: Path | None, log_level: str) -> int:
    """The demo sites served and the daemon run on them; this process owns the signals."""
    from auditor.demo import demo_daemon
    from auditor.run.observe import setup_logging
    from auditor.run.process import tune_gc

    setup_logging(log_level)
    tune_gc()
    with demo_daemon(settings, store, schedule_file=schedules,
                     metrics_port=metrics_port) as demo:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, demo.daemon.on_signal)
        for line in (f"demo sites: {demo.base_url}/",
                     f"schedule:   {demo.schedule_file}",
                     f"metrics:    {demo.metrics_url}",
                     f"reports:    {settings.reports_dir}",
                     f"e-mails:    {settings.data_dir / 'mail'} (the summary, once the "
                     "fleet run is finished)",
                     "watch it with `auditor status` and `auditor audits list` in another "
                     "terminal (same data directory); stop with Ctrl-C"):
            err_console.print(line, markup=False, highlight=False)
        return demo.daemon.run()


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_cmd)
