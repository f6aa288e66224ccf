"""`auditor worker`: a Celery worker running the same audit code as the daemon."""

from __future__ import annotations

import typer

from auditor.cli.context import app_context
from auditor.errors import BadInput


def worker_cmd(
    ctx: typer.Context,
    concurrency: int | None = typer.Option(
        None, "--concurrency", "-c",
        help="audits at once, as threads sharing one fetcher, browser and analysis pool "
        "(default: executor.orgs_at_once)"),
    pool: str = typer.Option("threads", "--pool", help="threads, or solo (one at a time)"),
    name: str | None = typer.Option(None, "--name", "-n", help="worker name (node@host)"),
    broker_url: str | None = typer.Option(None, "--broker-url", help="Redis URL"),
    log_level: str = typer.Option("INFO", "--log-level"),
) -> None:
    """Consume audit tasks: late ack, prefetch 1, a visibility timeout above the longest audit.

    This command is the worker process's entry point, so it owns the process-wide
    settings: logging and the collector tuning of crawling processes.
    """
    from auditor.run.celery_app import start_worker
    from auditor.run.observe import setup_logging
    from auditor.run.process import tune_gc

    if pool not in ("threads", "solo"):
        raise BadInput(f"--pool {pool!r}: use threads or solo (one fleet runner per process)")
    app = app_context(ctx)
    if broker_url:
        app.override("executor", "broker_url", broker_url)
    setup_logging(log_level)
    tune_gc()
    start_worker(app.settings, concurrency=concurrency, pool=pool, loglevel=log_level,
                 name=name)


def register(app: typer.Typer) -> None:
    app.command("worker")(worker_cmd)
