"""`auditor report ORG [--format html|md|json]` and `auditor report --fleet`.

Both rebuild their inputs from the latest stored audits and write into the reports
folder (``<data dir>/reports`` unless ``--out``); the path written is printed.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from auditor.cli.context import app_context
from auditor.errors import ConfigError


class Format(StrEnum):
    HTML = "html"
    MD = "md"
    JSON = "json"


def report_cmd(
    ctx: typer.Context,
    org_id: str | None = typer.Argument(None, metavar="ORG", help="organization id"),
    fmt: Annotated[Format, typer.Option("--format", "-f", help="which file to print")] = (
        Format.HTML),
    fleet: bool = typer.Option(False, "--fleet", help="every org in one table (HTML)"),
    out: Annotated[Path | None, typer.Option("--out", help="folder to write into")] = None,
) -> None:
    """Write an org's audit report (HTML, Markdown, JSON) or the fleet table."""
    from auditor.publish import write_reports
    from auditor.publish.fleet import write_fleet_report
    from auditor.publish.stored import load_report

    app = app_context(ctx)
    settings = app.settings
    out_dir = out or settings.reports_dir
    if fleet == (org_id is not None):
        raise ConfigError("give either ORG or --fleet")
    if fleet:
        typer.echo(str(write_fleet_report(app.store, settings, out_dir)))
        return
    assert org_id is not None
    stored = load_report(app.store, org_id)
    paths = write_reports(settings, stored.org, stored.assessment, snapshot=None,
                          case=stored.case, previous=stored.previous, out_dir=out_dir,
                          store=app.store)
    typer.echo(str(paths[fmt.value]))


def register(app: typer.Typer) -> None:
    app.command("report")(report_cmd)
