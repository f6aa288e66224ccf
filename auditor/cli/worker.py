"""`auditor worker`: a Celery worker running the same audit code as the daemon."""

from __future__ import annotations

import typer

from auditor.cli.context import app_context


def worker_cmd(
    ctx: typer.Context,
    concurrency: int = typer.Option(1, "--concurrency", "-c",
                                    help="audits at once (processes)"),
    pool: str = typer.Option("prefork", "--pool", help="prefork, solo or threads"),
    name: str | None = typer.Option(None, "--name", "-n", help="worker name (node@host)"),
    broker_url: str | None = typer.Option(None, "--broker-url", help="Redis URL"),
    log_level: str = typer.Option("INFO", "--log-level"),
) -> None:
    """Consume audit tasks: late ack, prefetch 1, a visibility timeout above the longest audit."""
    from auditor.run.celery_app import start_worker
    from auditor.run.observe import setup_logging

    app = app_context(ctx)
    if broker_url:
        app.override("executor", "broker_url", broker_url)
    setup_logging(log_level)
    start_worker(app.settings, concurrency=concurrency, pool=pool, loglevel=log_level,
                 name=name)


def register(app: typer.Typer) -> None:
    app.command("worker")(worker_cmd)
