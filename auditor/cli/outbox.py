"""`auditor outbox list|flush` and `auditor summary`: the mail desk.

The commands only call :mod:`auditor.publish.outbox` and
:mod:`auditor.publish.summary`; delivery rules live there.
"""

from __future__ import annotations

import typer
from rich.table import Table

from auditor.cli.context import (
    EXIT_INCOMPLETE,
    app_context,
    console,
    print_json,
    terminal_safe,
    untrusted,
)

outbox_app = typer.Typer(help="The durable e-mail outbox.", no_args_is_help=True)


@outbox_app.command("list")
def list_cmd(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """Every queued, sent and failed message, oldest first."""
    from auditor.publish.outbox import list_messages

    messages = list_messages(app_context(ctx).store)
    if as_json:
        print_json([m.model_dump(mode="json", exclude={"text", "html"}) for m in messages])
        return
    table = Table("key", "kind", "to", "status", "attempts", "sent", "last error")
    for m in messages:
        table.add_row(m.idempotency_key, m.kind, ", ".join(m.to), m.status.value,
                      str(m.attempts), m.sent_at.isoformat() if m.sent_at else "",
                      untrusted((m.last_error or "")[:80]))
    console.print(table)


@outbox_app.command("flush")
def flush_cmd(ctx: typer.Context) -> None:
    """Send every due message now; retries wait their backoff."""
    from auditor.publish.outbox import flush

    app = app_context(ctx)
    result = flush(app.store, app.settings, app.settings.clock())
    typer.echo(f"sent {len(result.sent)}, retrying {len(result.retrying)}, "
               f"failed {len(result.failed)}")
    for key, error in result.errors.items():
        typer.echo(terminal_safe(f"  {key}: {error}"), err=True)
    if not result.ok:
        raise typer.Exit(EXIT_INCOMPLETE)


def summary_cmd(
    ctx: typer.Context,
    period: str | None = typer.Option(
        None, "--period", help="2026-W48, 2026-11 or 2026-11-30 (default: this ISO week)"),
    send: bool = typer.Option(False, "--send", help="queue it and flush the outbox"),
) -> None:
    """The compliance summary: print it, or queue and send it with --send."""
    from auditor.publish.outbox import enqueue, flush
    from auditor.publish.summary import build_summary, default_period

    app = app_context(ctx)
    now = app.settings.clock()
    message = build_summary(app.store, app.settings, period or default_period(now), now)
    if not send:
        # the summary quotes org names and findings: crawled and imported text
        typer.echo(terminal_safe(f"Subject: {message.subject}\nTo: {', '.join(message.to)}\n"))
        typer.echo(terminal_safe(message.text))
        return
    queued = enqueue(app.store, message)
    typer.echo(f"{message.idempotency_key}: " + ("queued" if queued else "already queued"))
    result = flush(app.store, app.settings, now)
    typer.echo(f"sent {len(result.sent)}, retrying {len(result.retrying)}, "
               f"failed {len(result.failed)}")
    if not result.ok:
        raise typer.Exit(EXIT_INCOMPLETE)


def register(app: typer.Typer) -> None:
    app.add_typer(outbox_app, name="outbox")
    app.command("summary")(summary_cmd)
