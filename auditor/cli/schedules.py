"""`auditor schedules list|validate`: the daemon's schedule files."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from auditor.cli.context import app_context, console, print_json
from auditor.run.schedules import load_schedules, next_fire_times, schedule_path

schedules_app = typer.Typer(help="Show and check the daemon's schedules.",
                            no_args_is_help=True)


@schedules_app.command("list")
def list_cmd(
    ctx: typer.Context,
    file: Path | None = typer.Option(None, "--schedules", help="schedule file (default: "
                                     "settings daemon.schedules, else the bundled default)"),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """List jobs with their next run times (as if the daemon started now)."""
    settings = app_context(ctx).settings
    schedule = load_schedules(schedule_path(settings, file))
    now = settings.clock()
    rows: list[dict[str, str | None]] = []
    for name, job in sorted(schedule.jobs.items()):
        nxt = next_fire_times(job, now, 1)
        rows.append({"name": name, "task": job.task.value, "tier": job.tier,
                     "when": job.when(), "misfire_grace_s": str(job.misfire_grace_s),
                     "next_run": nxt[0].isoformat() if nxt else None,
                     "description": job.description})
    if as_json:
        print_json({"source": schedule.source, "jobs": rows})
        return
    table = Table("job", "task", "tier", "when", "next run (UTC)", title=schedule.source)
    for row in rows:
        table.add_row(row["name"], row["task"], row["tier"] or "", row["when"],
                      row["next_run"] or "never")
    console.print(table)


@schedules_app.command("validate")
def validate_cmd(file: Path = typer.Argument(..., help="schedule TOML file")) -> None:
    """Check a schedule file; every problem is printed with its line and field (exit 2)."""
    schedule = load_schedules(file)
    console.print(f"{file}: {len(schedule.jobs)} jobs, valid")


def register(app: typer.Typer) -> None:
    app.add_typer(schedules_app, name="schedules")
