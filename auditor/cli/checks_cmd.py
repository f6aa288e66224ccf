"""`auditor checks list|frameworks`: what the checks are and which requirements they serve."""

from __future__ import annotations

from typing import Any

import typer

from auditor.cli.context import app_context, print_json
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
    for row in rows:
        scope = ", ".join(row["audiences"])
        if row["jurisdictions"]:
            scope += " in " + ", ".join(row["jurisdictions"][:3]) + (
                f" (+{len(row['jurisdictions']) - 3})" if len(row["jurisdictions"]) > 3 else "")
        if row["product_kinds"]:
            scope += "; products: " + ", ".join(row["product_kinds"])
        state = "" if row["enabled"] else "  (disabled)"
        typer.echo(f"{row['id']}  [{row['severity']}]  {row['title']}{state}")
        typer.echo(f"    applies to: {scope}; from: {row['applies_from'] or 'always'}")
        for fid, reqs in row["frameworks"].items():
            typer.echo(f"    {fid}: {', '.join(reqs)}")


def list_frameworks(
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """List the frameworks and which checks serve each requirement."""
    from checks import frameworks

    known = frameworks()
    if as_json:
        print_json([fw.model_dump(mode="json") for fw in known.values()])
        return
    for fw in known.values():
        typer.echo(f"{fw.id}  {fw.title}")
        for req in fw.requirements:
            served = ", ".join(req.checks) or "manual (attestation or reviewer)"
            since = f" (from {req.applies_from})" if req.applies_from else ""
            typer.echo(f"    {req.id} [{req.section}]{since}: {served}")


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="The checks and the frameworks they serve.",
                        no_args_is_help=True, rich_markup_mode=None)
    group.command("list")(list_checks)
    group.command("frameworks")(list_frameworks)
    app.add_typer(group, name="checks")
