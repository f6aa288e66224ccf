"""`auditor orgs import|list|show`: the registry of audited organizations."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from auditor.assess.attestations import import_orgs_rechecked
from auditor.cli.context import app_context, console, print_json, untrusted
from auditor.registry import get_org, list_orgs

orgs_app = typer.Typer(help="Register and look up audited organizations.", no_args_is_help=True)


@orgs_app.command("import")
def import_cmd(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="CSV, TOML or YAML file of organizations"),
) -> None:
    """Import organizations; a file with any bad row imports nothing (exit 2).

    When an org's public key changes, its stored attestations are verified again with
    the new key; those that no longer verify stop counting."""
    app = app_context(ctx)
    result = import_orgs_rechecked(app.store, file, app.settings.clock())
    console.print(f"imported {file}: {result.added} added, {result.updated} updated",
                  markup=False)
    for check in result.rechecked:
        console.print(f"{check.org_id}: public key changed; stored attestations re-checked: "
                      f"{check.verified} verify, {check.not_verified} do not", markup=False)


@orgs_app.command("list")
def list_cmd(
    ctx: typer.Context,
    tier: str | None = typer.Option(None, help="only this tier"),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """List registered organizations."""
    orgs = list_orgs(app_context(ctx).store, tier=tier)
    if as_json:
        print_json(orgs)
        return
    table = Table("id", "name", "audience", "jurisdictions", "tier", "url")
    for org in orgs:  # what an orgs file says is text, never markup
        table.add_row(org.id, untrusted(org.name), org.audience.value,
                      ";".join(org.jurisdictions), untrusted(org.tier), untrusted(org.url))
    console.print(table)


@orgs_app.command("show")
def show_cmd(
    ctx: typer.Context,
    org_id: str = typer.Argument(..., metavar="ID"),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """Show one organization."""
    org = get_org(app_context(ctx).store, org_id)
    if as_json:
        print_json(org)
        return
    for key, value in org.model_dump(mode="json").items():
        console.print(f"[bold]{key}[/]: ", end="")
        console.print(value if not isinstance(value, list) else ", ".join(value), markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(orgs_app, name="orgs")
