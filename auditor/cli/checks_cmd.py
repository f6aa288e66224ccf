"""`auditor checks list|frameworks`: what the checks are and which requirements they serve."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from auditor.cli.context import app_context, console, print_json
from auditor.errors import ConfigError


def _framework_map(framework: str | None) -> tuple[dict[str, Any], list[str] | None]:
    from checks import frameworks

    known = frameworks()
    if framework is not None and framework not in known:
        raise ConfigError(f"unknown framework {framework!r}; known: {', '.join(sorted(known))}")
    chosen = [framework] if framework else sorted(known)
    only = known[framework].check_ids if framework else None
    return {k: known[k] for k in chosen}, only


def list_checks(
    ctx: typer.Context,
    framework: str | None = typer.Option(
        None, "--framework", "-f", help="only the checks serving this framework"),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """List the checks with their metadata."""
    from checks import load_checks

    disabled = set(app_context(ctx).settings.checks.disabled)
    chosen, only = _framework_map(framework)
    rows = []
    for spec in load_checks():
        if only is not None and spec.id not in only:
            continue
        serves = {fid: [r.id for r in fw.requirements_for(spec.id)] for fid, fw in chosen.items()}
        rows.append({**spec.meta.model_dump(mode="json"), "enabled": spec.id not in disabled,
                     "frameworks": {k: v for k, v in serves.items() if v}})
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"checks serving {framework}" if framework else "checks")
    for column in ("id", "severity", "applies", "from", "serves", "title"):
        table.add_column(column)
    for row in rows:
        scope = "/".join(row["audiences"])
        if row["jurisdictions"]:
            scope += " in " + ",".join(row["jurisdictions"][:2]) + (
                "…" if len(row["jurisdictions"]) > 2 else "")
        if row["product_kinds"]:
            scope += " (" + ",".join(row["product_kinds"]) + ")"
        serves = "; ".join(f"{k}: {', '.join(v)}" for k, v in row["frameworks"].items())
        label = row["id"] + ("" if row["enabled"] else " (disabled)")
        table.add_row(*(escape(str(x)) for x in (
            label, row["severity"], scope, row["applies_from"] or "-", serves, row["title"])))
    console.print(table)


def list_frameworks(
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """List the frameworks and which checks serve each requirement."""
    from checks import frameworks

    known = frameworks()
    if as_json:
        print_json([fw.model_dump(mode="json") for fw in known.values()])
        return
    table = Table(title="frameworks")
    for column in ("framework", "requirement", "section", "checks"):
        table.add_column(column)
    for fw in known.values():
        for req in fw.requirements:
            served = ", ".join(req.checks) or "manual (attestation or reviewer)"
            table.add_row(*(escape(x) for x in (fw.id, req.id, req.section, served)))
    console.print(table)


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="The checks and the frameworks they serve.",
                        no_args_is_help=True, rich_markup_mode=None)
    group.command("list")(list_checks)
    group.command("frameworks")(list_frameworks)
    app.add_typer(group, name="checks")
