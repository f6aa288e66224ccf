"""`auditor audit` and `auditor audits list`: audit now, and the record of audits."""

from __future__ import annotations

import json
import re
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from auditor.cli.context import AppContext, app_context, console, err_console, print_json
from auditor.errors import BadInput
from auditor.models import Audience, Organization
from auditor.registry import find_org, list_orgs
from auditor.store.audits import list_audits

if TYPE_CHECKING:
    from collections.abc import Callable

    from auditor.run.fleet import FleetResult
    from auditor.run.pipeline import AuditOutcome
    from auditor.settings import Settings
    from auditor.store import Store

audits_app = typer.Typer(help="The record of audits.", no_args_is_help=True)

_STATUS_STYLE = {"pass": "green", "fail": "bold red", "needs_review": "yellow",
                 "blocked": "magenta", "error": "magenta", "not_applicable": "dim"}


def adhoc_org(url: str, audience: Audience) -> Organization:
    """An unregistered org for auditing a URL directly."""
    host = urlsplit(url).hostname or "adhoc"
    slug = re.sub(r"[^a-z0-9.-]+", "-", host.lower()).strip("-.")[:56] or "adhoc"
    return Organization(id=f"adhoc-{slug}", name=host, url=url,
                        contact_email="unknown@auditor.invalid", audience=audience,
                        jurisdictions=["US"], tier="adhoc")


def _resolve(app: AppContext, target: str, audience: Audience) -> Organization:
    if re.match(r"^https?://", target, re.IGNORECASE):
        return adhoc_org(target, audience)
    org = find_org(app.store, target)
    if org is None:
        raise BadInput(f"{target!r} is neither a registered org id nor an http(s) URL "
                       "(see `auditor orgs list`)")
    return org


def _print_outcome(outcome: AuditOutcome) -> None:
    a = outcome.assessment
    rate = a.violation_rate.state.value
    console.print(f"[bold]{escape(outcome.org.name)}[/] ({outcome.org.id}) audit "
                  f"{outcome.audit_id}: rating [bold]{a.rating.value}[/], violation rate {rate}, "
                  f"{outcome.pages} pages", highlight=False)
    table = Table("check", "status", "severity", "reason", show_lines=False)
    for f in sorted(a.findings, key=lambda f: (f.status.value != "fail", f.check_id)):
        style = _STATUS_STYLE.get(f.status.value, "")
        status = f.status.value + (" (advisory)" if f.advisory else "")
        table.add_row(f.check_id, f"[{style}]{status}[/]" if style else status,
                      f.severity.value, escape(f.reason))
    console.print(table)
    if outcome.case is not None:
        pending = (f" -> {outcome.case.pending.to_state.value}, awaiting approval"
                   if outcome.case.pending else "")
        console.print(f"case {outcome.case.id}: {outcome.case.state.value}{pending}")
    for kind, path in outcome.reports.items():
        console.print(f"{kind} report: {path}", markup=False)


def _outcome_json(outcome: AuditOutcome) -> dict[str, object]:
    return {
        "audit_id": outcome.audit_id,
        "org": outcome.org.model_dump(mode="json"),
        "assessment": outcome.assessment.model_dump(mode="json"),
        "case": outcome.case.model_dump(mode="json") if outcome.case else None,
        "reports": {k: str(v) for k, v in outcome.reports.items()},
        "pages": outcome.pages,
    }


def audit_cmd(
    ctx: typer.Context,
    target: str | None = typer.Argument(None, help="registered org id, or a URL (ad-hoc org)"),
    all_orgs: bool = typer.Option(False, "--all", help="audit every registered org"),
    as_json: bool = typer.Option(False, "--json", help="print the audit as JSON"),
    report_dir: Path | None = typer.Option(None, "--report-dir", help="where reports go"),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="allow loopback and private addresses (demo, tests)"),
    audience: Audience = typer.Option(Audience.UNDER13, help="audience of an ad-hoc URL org"),
    executor: str | None = typer.Option(None, help="local or celery (default: settings)"),
) -> None:
    """Audit one org (or --all) now: crawl, check, assess, record, report.

    Exit 0 when compliant, 1 with failing findings, 2 bad input, 3 could not complete.
    """
    from auditor.run.pipeline import audit_org, exit_code_for

    app = app_context(ctx)
    if allow_private:
        app.override("crawl", "allow_private_networks", True)
    if executor:
        app.override("executor", "kind", executor)
    if all_orgs == (target is not None):
        raise BadInput("give exactly one of TARGET or --all")
    settings, store = app.settings, app.store
    if target is not None:
        org = _resolve(app, target, audience)
        with err_console.status(f"auditing {org.id}: crawling {org.url} (budget: "
                                f"{settings.crawl.budget_for(org.tier).max_pages} pages)",
                                spinner="dots") if not as_json else nullcontext():
            outcome = audit_org(org, settings, store, report_dir=report_dir)
        if as_json:
            print_json(_outcome_json(outcome))
        else:
            _print_outcome(outcome)
        raise typer.Exit(exit_code_for([outcome]))
    orgs = list_orgs(store)
    if not orgs:
        raise BadInput("no organizations registered (auditor orgs import FILE)")
    rows: list[tuple[str, ...]] = []
    worst = [0]
    stream = _AuditStream() if as_json else None
    with Progress(TextColumn("auditing"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=err_console, disable=as_json) as progress:
        task = progress.add_task("", total=len(orgs))

        def done(org: Organization, outcome: AuditOutcome | None, exc: Exception | None) -> None:
            progress.update(task, advance=1, description=org.id if exc is None
                            else f"{org.id} failed: {exc}")
            if outcome is None:
                return
            worst[0] = max(worst[0], exit_code_for([outcome]))
            if stream is not None:
                stream.add(_outcome_json(outcome))
            else:
                rows.append(_row(outcome))

        result = _run_fleet(orgs, settings, store, done, report_dir)
    if stream is not None:
        stream.close({k: str(v) for k, v in result.errors.items()})
    else:
        table = Table("org", "rating", "failing", "rate", "case", "report")
        for row in sorted(rows):
            table.add_row(*row)
        for org_id, exc in sorted(result.errors.items()):
            table.add_row(org_id, "[magenta]error[/]", "-", "-", "-", escape(str(exc)))
        console.print(table)
    raise typer.Exit(exit_code_for([], len(result.errors)) or worst[0])


def _row(o: AuditOutcome) -> tuple[str, ...]:
    return (o.org.id, o.assessment.rating.value, str(o.failing),
            o.assessment.violation_rate.state.value, o.case.state.value if o.case else "-",
            str(o.reports.get("html", "")))


class _AuditStream:
    """``{"audits": [...], "errors": {...}}`` written one audit at a time, as each ends,
    so a fleet of any size is never held in memory to be printed at the end."""

    def __init__(self) -> None:
        self._first = True
        sys.stdout.write('{\n  "audits": [')

    def add(self, audit: dict[str, object]) -> None:
        text = json.dumps(audit, indent=2, default=str).replace("\n", "\n    ")
        sys.stdout.write(("\n    " if self._first else ",\n    ") + text)
        self._first = False

    def close(self, errors: dict[str, str]) -> None:
        sys.stdout.write(("" if self._first else "\n  ") + "],\n  \"errors\": "
                         + json.dumps(errors, indent=2).replace("\n", "\n  ") + "\n}\n")
        sys.stdout.flush()


def _run_fleet(orgs: list[Organization], settings: Settings, store: Store,
               done: Callable[[Organization, AuditOutcome | None, Exception | None], None],
               report_dir: Path | None) -> FleetResult:
    """The fleet on the configured executor (local asyncio, or Celery workers)."""
    from auditor.run.fleet import run_fleet

    return run_fleet(orgs, settings, store, trigger="cli", on_done=done, report_dir=report_dir,
                     keep_outcomes=False)


@audits_app.command("list")
def audits_list_cmd(
    ctx: typer.Context,
    org: str | None = typer.Option(None, "--org", help="only this org"),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """List recorded audits, newest first."""
    records = list_audits(app_context(ctx).store, org)
    rows = [{"id": r.id, "org": r.org_id, "started": r.started_at.isoformat(),
             "finished": r.finished_at.isoformat() if r.finished_at else None,
             "status": r.status, "trigger": r.trigger, "rating": r.rating, "error": r.error}
            for r in records]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "org", "started", "finished", "status", "trigger", "rating")
    for r in rows:
        table.add_row(*(str(r[k] or "-") for k in
                        ("id", "org", "started", "finished", "status", "trigger", "rating")))
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("audit")(audit_cmd)
    app.add_typer(audits_app, name="audits")
