"""`auditor evidence` and `auditor recheck`: show archived evidence, re-judge it offline."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from auditor.cli.context import (
    EXIT_FINDINGS,
    app_context,
    console,
    print_json,
    terminal_safe,
    untrusted,
)
from auditor.crawl.archive import ArchivedPage, iter_pages, rebuild_snapshot
from auditor.errors import BadInput
from auditor.models import Finding
from auditor.parse.page import decode
from checks.signals import analyse_page


def _warc(ctx: typer.Context, audit_id: str) -> tuple[Any, Path]:
    from auditor.store.audits import get_audit

    audit = get_audit(app_context(ctx).store, audit_id)
    if not audit.warc_path or not Path(audit.warc_path).is_file():
        raise BadInput(f"audit {audit_id} has no evidence archive ({audit.warc_path or 'none'})")
    return audit, Path(audit.warc_path)


def _pick(records: list[ArchivedPage], url: str) -> ArchivedPage | None:
    """The record a page was judged on: its rendered DOM if any, else its last response."""
    mine = [r for r in records if r.url == url and r.kind in ("dom", "response")]
    dom = [r for r in mine if r.kind == "dom"]
    chosen = dom or mine
    return chosen[-1] if chosen else None


def evidence_cmd(
    ctx: typer.Context,
    audit_id: str = typer.Argument(..., metavar="AUDIT_ID"),
    url: str | None = typer.Argument(None, help="print this URL's archived content"),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """List an audit's archived records, or print one URL's archived content."""
    _audit, path = _warc(ctx, audit_id)
    records = [r for r in iter_pages(path) if r.kind != "index"]
    if url is None:
        rows = [{"kind": r.kind, "url": r.url, "status": r.status, "bytes": len(r.body),
                 "sha256": r.sha256, "record_id": r.record_id} for r in records]
        if as_json:
            print_json({"audit_id": audit_id, "warc": str(path), "records": rows})
            return
        table = Table("kind", "status", "bytes", "url", "record id", title=str(path))
        for r in records:
            table.add_row(r.kind, str(r.status or ""), str(len(r.body)), untrusted(r.url),
                          untrusted(r.record_id))
        console.print(table)
        return
    record = _pick(records, url)
    if record is None:
        raise BadInput(f"{url} is not in the archive of audit {audit_id}")
    ctype = dict((k.lower(), v) for k, v in record.headers).get("content-type")
    text, charset = decode(record.body, ctype or "text/html; charset=utf-8")
    shots = [r.record_id for r in records if r.url == url and r.kind == "screenshot"]
    if as_json:
        print_json({"url": record.url, "kind": record.kind, "record_id": record.record_id,
                    "sha256": record.sha256, "status": record.status, "charset": charset,
                    "headers": record.headers, "screenshots": shots, "body": text})
        return
    console.print(f"# {record.kind} {record.record_id} sha256={record.sha256}", markup=False)
    text = terminal_safe(text)  # crawled bytes: no escape sequence reaches the terminal
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


@dataclass
class Comparison:
    reproduced: bool
    same: list[str]
    changed: list[dict[str, Any]]


def compare(before: list[Finding], after: list[Finding]) -> Comparison:
    """Match findings by check id; a finding reproduces when status and evidence hash agree."""
    old = {f.check_id: f for f in before}
    new = {f.check_id: f for f in after}
    same, changed = [], []
    for check_id in sorted(old.keys() | new.keys()):
        a, b = old.get(check_id), new.get(check_id)
        if a is not None and b is not None and a.status is b.status \
                and a.evidence_hash == b.evidence_hash:
            same.append(check_id)
            continue
        changed.append({"check_id": check_id,
                        "before": a.status.value if a else None,
                        "after": b.status.value if b else None,
                        "evidence_changed": bool(a and b and a.evidence_hash != b.evidence_hash),
                        "reason_after": b.reason if b else None})
    return Comparison(not changed, same, changed)


def recheck_cmd(
    ctx: typer.Context,
    audit_id: str = typer.Argument(..., metavar="AUDIT_ID"),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """Re-run the checks on an audit's archived evidence, offline (exit 1 if findings differ)."""
    import checks
    from auditor.registry import get_org

    app = app_context(ctx)
    audit, path = _warc(ctx, audit_id)
    org = get_org(app.store, audit.org_id)
    snapshot = rebuild_snapshot(path, org, analyse_page)
    findings = checks.run_checks(snapshot, org, app.settings, audit.started_at)
    result = compare(audit.findings, findings)
    if as_json:
        print_json({"audit_id": audit_id, "reproduced": result.reproduced,
                    "pages": len(snapshot.pages), "same": result.same,
                    "changed": result.changed})
    else:
        console.print(f"recheck {audit_id}: {len(snapshot.pages)} archived pages, "
                      f"{len(result.same)} findings reproduced, {len(result.changed)} differ")
        for change in result.changed:
            console.print(f"  {change['check_id']}: {change['before']} -> {change['after']}"
                          + (" (evidence changed)" if change["evidence_changed"] else ""),
                          markup=False)
    if not result.reproduced:
        raise typer.Exit(EXIT_FINDINGS)


def register(app: typer.Typer) -> None:
    app.command("evidence")(evidence_cmd)
    app.command("recheck")(recheck_cmd)
