"""`auditor review list|decide`: people settle the findings a check could not."""

from __future__ import annotations

import typer
from rich.table import Table
from rich.text import Text

from auditor.assess import review
from auditor.cli.context import app_context, console, print_json

review_app = typer.Typer(help="Review findings marked needs_review.", no_args_is_help=True)


@review_app.command("list")
def list_cmd(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """Findings of the latest audits that wait for a person's verdict."""
    queue = review.review_queue(app_context(ctx).store)
    if as_json:
        print_json(queue)
        return
    table = Table("finding", "org", "check", "reason")
    for f in queue:
        table.add_row(f.id or "", f.org_id, f.check_id, Text(f.reason))
    console.print(table)
    console.print(f"{len(queue)} finding(s) to review", markup=False)


@review_app.command("decide")
def decide_cmd(
    ctx: typer.Context,
    finding_id: str = typer.Argument(..., metavar="FINDING"),
    verdict: str = typer.Option(..., "--verdict", help="pass or fail"),
    by: str = typer.Option(..., "--by", help="who decides (recorded)"),
    note: str = typer.Option(..., "--note", help="why"),
) -> None:
    """Record a verdict; it stands in later audits until the evidence changes."""
    app = app_context(ctx)
    result = review.decide(app.store, finding_id, verdict, by, note, app.settings.clock())
    console.print(f"finding {finding_id}: {result.verdict} by {result.by} "
                  f"(evidence {result.evidence_hash[:12]})", markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")
