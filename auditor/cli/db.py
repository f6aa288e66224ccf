"""`auditor db upgrade`: create or migrate the store (also done on first use)."""

from __future__ import annotations

import typer

from auditor.cli.context import app_context, console
from auditor.store.db import redact, upgrade

db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade_cmd(ctx: typer.Context) -> None:
    """Bring the database schema to the newest revision."""
    url = app_context(ctx).settings.database_url
    upgrade(url, force=True)
    console.print(f"database at {redact(url)} is up to date", markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
