"""`auditor cases list|show|approve|reject|resolve|sweep`: the enforcement ladder's desk.

Every consequential step waits here for a named person; the commands only call
:mod:`auditor.enforce.cases` and print what it returns.
"""

from __future__ import annotations

import typer
from rich.table import Table

from auditor.cli.context import app_context, console, print_json
from auditor.enforce import cases
from auditor.models import Case
from auditor.run import casework

cases_app = typer.Typer(help="Enforcement cases: approve, reject, resolve, sweep.",
                        no_args_is_help=True)


def _state(case: Case) -> str:
    if case.pending is not None:
        return f"{case.state.value} -> {case.pending.to_state.value} (pending_approval)"
    return case.state.value + (f" ({case.outcome})" if case.outcome else "")


def _summary(case: Case) -> str:
    deadline = f", deadline {case.deadline.isoformat()}" if case.deadline else ""
    return f"case {case.id} ({case.org_id}): {_state(case)}{deadline}"


@cases_app.command("list")
def list_cmd(
    ctx: typer.Context,
    state: str | None = typer.Option(
        None, "--state", help="a case state, or pending_approval for cases awaiting a person"),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """List cases, most recently changed first."""
    found = cases.list_cases(app_context(ctx).store, state)
    if as_json:
        print_json(found)
        return
    table = Table("case", "org", "state", "deadline", "missing safeguards")
    for case in found:
        table.add_row(case.id, case.org_id, _state(case),
                      case.deadline.isoformat() if case.deadline else "",
                      ", ".join(s.value for s in case.missing_safeguards))
    console.print(table)


@cases_app.command("show")
def show_cmd(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="CASE"),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """Show one case with its full history: what, when, who, why, evidence."""
    case = cases.get_case(app_context(ctx).store, case_id)
    if as_json:
        print_json(case)
        return
    console.print(_summary(case), markup=False)
    console.print("missing: " + (", ".join(s.value for s in case.missing_safeguards) or "-"),
                  markup=False)
    if case.pending is not None:
        console.print(f"waiting for approval: {case.pending.to_state.value} "
                      f"({case.pending.reason})", markup=False)
    for e in case.events:
        move = f"{e.from_state or '-'} -> {e.to_state or '-'}" if e.to_state else ""
        console.print(f"{e.at.isoformat()}  {e.kind:<15} {e.actor:<20} {move}  {e.reason}",
                      markup=False, soft_wrap=True)
        for ev in e.evidence:
            console.print(f"    evidence: {ev.url} {ev.locator} {ev.snippet!r}", markup=False,
                          soft_wrap=True)


@cases_app.command("approve")
def approve_cmd(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="CASE"),
    by: str = typer.Option(..., "--by", help="who approves (recorded)"),
    note: str | None = typer.Option(None, "--note", help="why"),
) -> None:
    """Approve the step a case waits on; queues the letter if it sends one."""
    app = app_context(ctx)
    case = casework.approve(app.store, app.settings, case_id, by, note, app.settings.clock())
    console.print(_summary(case), markup=False)


@cases_app.command("reject")
def reject_cmd(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="CASE"),
    by: str = typer.Option(..., "--by", help="who rejects (recorded)"),
    note: str = typer.Option(..., "--note", help="why"),
) -> None:
    """Reject the step a case waits on; the case stays where it is."""
    app = app_context(ctx)
    case = cases.reject(app.store, app.settings, case_id, by, note, app.settings.clock())
    console.print(_summary(case), markup=False)


@cases_app.command("resolve")
def resolve_cmd(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="CASE"),
    by: str = typer.Option(..., "--by", help="who closes the case (recorded)"),
    note: str = typer.Option(..., "--note", help="why"),
) -> None:
    """Close a case by hand (decided: closed after a recommendation, else resolved)."""
    app = app_context(ctx)
    case = cases.resolve(app.store, case_id, by, note, app.settings.clock())
    console.print(_summary(case), markup=False)


@cases_app.command("sweep")
def sweep_cmd(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """Re-weigh every case against deadlines and the latest assessments and feed periods."""
    app = app_context(ctx)
    changed = casework.sweep(app.store, app.settings, app.settings.clock())
    if as_json:
        print_json(changed)
        return
    for case in changed:
        console.print(_summary(case), markup=False)
    console.print(f"{len(changed)} case(s) changed", markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(cases_app, name="cases")
