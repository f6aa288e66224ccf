"""The auditor's front door: `auditor COMMAND`. Commands hold no logic of their own.

Each command module in this package has ``register(app)``; the list below is the
whole CLI (imported plainly: a module that fails to import fails the CLI loudly).
Only this package maps the error tree to exit codes:
0 done and compliant, 1 done with failing findings, 2 bad usage or input,
3 could not complete.
"""

from __future__ import annotations

import sys

import typer

from auditor.cli import (
    attest,
    audit,
    cases,
    checks_cmd,
    daemon_cmd,
    db,
    demo,
    diff,
    evidence,
    feeds,
    inspect_cmd,
    orgs,
    outbox,
    report,
    review,
    schedules,
    worker,
)
from auditor.cli.context import app_callback, run_guarded
from auditor.run.process import tune_gc

_COMMAND_MODULES = (orgs, audit, demo, db, inspect_cmd, checks_cmd, evidence, diff, feeds,
                    attest, cases, review, outbox, report, schedules, daemon_cmd, worker)

app = typer.Typer(
    name="auditor",
    help="Audit organizations whose AI products minors can use.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.callback()(app_callback)

for _module in _COMMAND_MODULES:
    _module.register(app)


def run(argv: list[str]) -> int:
    """Run one command line in-process and return its exit code (tests use this)."""
    return run_guarded(app, argv)


def main() -> None:
    """Console entry point: the process is a crawling one, so it owns the GC tuning."""
    tune_gc()
    sys.exit(run_guarded(app))
