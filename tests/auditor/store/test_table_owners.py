"""Each table is read and written by the one module that owns it (issue 13).

Other modules go through the owner's functions, so a query such as "the latest finished
assessment" has one definition. The test reads every module's imports (also those inside
functions) of row classes from ``auditor.store.tables``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import auditor
import checks

OWNERS = {
    "OrganizationRow": {"auditor.registry"},
    "AuditRow": {"auditor.store.audits"},
    "FindingRow": {"auditor.store.audits"},
    "PageValidatorRow": {"auditor.store.audits"},
    "ViolationRateRow": {"auditor.assess.feeds"},
    "FeedSourceRow": {"auditor.assess.feeds"},
    "AttestationRow": {"auditor.assess.attestations"},
    "ReviewRow": {"auditor.assess.review"},
    "CaseRow": {"auditor.enforce.cases"},
    "CaseEventRow": {"auditor.enforce.cases"},
    "OutboxRow": {"auditor.publish.outbox"},
    "WorkUnitRow": {"auditor.run.workunits"},
}


def _modules() -> list[tuple[str, Path]]:
    out = []
    for package in (auditor, checks):
        root = Path(package.__file__).parent
        for path in sorted(root.rglob("*.py")):
            rel = path.relative_to(root.parent).with_suffix("")
            out.append((".".join(rel.parts).removesuffix(".__init__"), path))
    return out


def _row_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "auditor.store.tables":
            found |= {a.name for a in node.names if a.name.endswith("Row")}
    return found


def test_every_row_class_has_an_owner() -> None:
    from auditor.store import tables

    rows = {name for name in dir(tables) if name.endswith("Row") and name != "Row"}
    assert rows == set(OWNERS)


def test_tables_are_queried_only_by_their_owner() -> None:
    trespass = {module: sorted(r for r in _row_imports(path) if module not in OWNERS[r])
                for module, path in _modules()}
    assert {m: rows for m, rows in trespass.items() if rows} == {}


def test_the_check_sees_a_trespass(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from auditor.store.tables import AuditRow, OutboxRow\n")
    assert _row_imports(bad) == {"AuditRow", "OutboxRow"}
