"""`auditor feeds import|show`: violation-rate feeds in, the rate judgement out."""

from __future__ import annotations

import typer
from rich.table import Table

from auditor.assess.feeds import import_feed, rates_for
from auditor.assess.ratejudge import judge_rates
from auditor.cli.context import (
    EXIT_BAD_INPUT,
    app_context,
    console,
    err_console,
    print_json,
    print_problems,
    untrusted,
)
from auditor.registry import find_org

feeds_app = typer.Typer(help="Import and inspect violation-rate feeds.", no_args_is_help=True)


@feeds_app.command("import")
def import_cmd(
    ctx: typer.Context,
    source: str = typer.Argument(..., metavar="FILE_OR_URL", help="CSV or JSON Lines feed"),
    skip_invalid: bool = typer.Option(
        False, "--skip-invalid", help="import the valid rows and report the others"
    ),
) -> None:
    """Import a feed; any refused row exits 2 (and, without --skip-invalid, imports nothing)."""
    app = app_context(ctx)
    result = import_feed(app.store, source, app.settings, skip_invalid=skip_invalid)
    if result.not_modified:
        console.print(f"{source}: not modified since the last import; nothing to do",
                      markup=False)
        return
    console.print(
        f"imported {source}: {result.imported} period(s), {result.replaced} replaced, "
        f"{len({p.line for p in result.refused})} row(s) refused", markup=False,
    )
    print_problems(result.refused, "refused ")
    if result.unknown_orgs:
        err_console.print(f"  unknown org ids: {', '.join(result.unknown_orgs)}", markup=False)
    if result.refused:
        raise typer.Exit(EXIT_BAD_INPUT)


@feeds_app.command("show")
def show_cmd(
    ctx: typer.Context,
    org_id: str = typer.Argument(..., metavar="ORG"),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """Show an org's stored periods and the current rate judgement."""
    app = app_context(ctx)
    rates = rates_for(app.store, org_id)
    org = find_org(app.store, org_id)
    judgement = judge_rates(
        rates, tier=org.tier if org else "standard", feeds=app.settings.feeds,
        as_of=app.settings.clock(),
    )
    if as_json:
        print_json({
            "org_id": org_id,
            "periods": [r.model_dump(mode="json") for r in rates],
            "judgement": judgement.model_dump(mode="json", exclude={"periods"}),
        })
        return
    table = Table("period", "category", "requests", "violations", "rate", "source")
    for r in rates:  # category and source come from the feed: text, never markup
        table.add_row(f"{r.period_start}..{r.period_end}", untrusted(r.category),
                      str(r.requests), str(r.violations), f"{r.rate * 100:.2f}%",
                      untrusted(r.source or ""))
    console.print(table)
    console.print(f"state: {judgement.state.value}", markup=False)
    console.print(judgement.reason, markup=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.add_typer(feeds_app, name="feeds")
