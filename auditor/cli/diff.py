"""`auditor diff AUDIT_A AUDIT_B [URL]`: how the pages that matter changed between audits.

The comparison is :mod:`auditor.publish.changes` over the two audits' archives; this
only prints it. Crawled text reaches the terminal as plain `Text` (never read as Rich
markup) with control characters already stripped, so a page cannot restyle or move
the terminal.
"""

from __future__ import annotations

from dataclasses import asdict

import typer
from rich.text import Text

from auditor.cli.context import app_context, console, print_json, untrusted
from auditor.publish.changes import AuditDiff

_STYLE = {"+": "green", "-": "red", "@": "dim", " ": "dim"}


def _when(diff: AuditDiff, before: bool) -> str:
    at = diff.before_at if before else diff.after_at
    return at.strftime("%Y-%m-%d %H:%M UTC") if at else "?"


def print_diff(diff: AuditDiff) -> None:
    """The diff as a person reads it in a terminal."""
    head = untrusted(f"{diff.org_id}: audit {diff.before_id} ({_when(diff, True)}) -> "
                     f"{diff.after_id} ({_when(diff, False)})", style="bold")
    console.print(head)
    if not diff.pages:
        console.print(Text("No change in the children's notice, privacy policy, terms or "
                           "chat pages."))
        return
    for page in diff.pages:
        console.print()
        console.print(untrusted(f"{page.role}: {page.title}", style="bold"))
        console.print(untrusted(page.url, style="cyan"))
        console.print(untrusted(page.summary))
        for line in page.lines:
            text = "…" if line.op == "@" else f"{line.op} {line.text}"
            console.print(untrusted(text, style=_STYLE.get(line.op, "")))
        if page.truncated:
            console.print(Text("(diff cut short)", style="dim"))


def diff_cmd(
    ctx: typer.Context,
    audit_a: str = typer.Argument(..., metavar="AUDIT_A", help="the earlier audit id"),
    audit_b: str = typer.Argument(..., metavar="AUDIT_B", help="the later audit id"),
    url: str | None = typer.Argument(None, metavar="[URL]", help="only this page (any page)"),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """Show how an org's children's notice, privacy policy, terms and chat pages changed
    between two audits, from their archives (no network)."""
    from auditor.publish.changes import diff_audits

    diff = diff_audits(app_context(ctx).store, audit_a, audit_b, url)
    if as_json:
        data = asdict(diff)
        for page, change in zip(data["pages"], diff.pages, strict=True):
            page["summary"] = change.summary
        print_json(data)
        return
    print_diff(diff)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff_cmd)
