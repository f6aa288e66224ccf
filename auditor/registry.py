"""Who is audited: organizations imported from CSV, TOML or YAML into the store.

An import is all or nothing: every problem in the file is collected with its line
and field, and a file with any problem imports nothing. Re-importing an org updates
it in place.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy import select

from auditor.errors import Problem, RegistryError
from auditor.inputs import read_text
from auditor.models import Organization
from auditor.store import Store
from auditor.store.tables import OrganizationRow

CSV_HEADER = (
    "id",
    "name",
    "url",
    "product_urls",
    "contact_email",
    "audience",
    "jurisdictions",
    "tier",
)
_LIST_FIELDS = ("product_urls", "jurisdictions")
MAX_FILE_BYTES = 20 * 1024 * 1024


def load_orgs(path: Path) -> list[Organization]:
    """Read and validate an orgs file; raise RegistryError naming every problem."""
    text = read_text(path, max_bytes=MAX_FILE_BYTES, error=RegistryError)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        entries = list(_csv_entries(text, str(path)))
    elif suffix == ".toml":
        entries = _toml_entries(text, str(path))
    elif suffix in (".yaml", ".yml"):
        entries = _yaml_entries(text, str(path))
    else:
        raise RegistryError(f"{path}: unknown format {suffix!r} (use .csv, .toml or .yaml)")
    return _validate(entries, str(path))


def _csv_entries(text: str, name: str) -> Iterable[tuple[int | None, dict[str, Any]]]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise RegistryError(f"{name}: empty file") from None
    header = [h.strip() for h in header]
    missing = [h for h in CSV_HEADER if h not in header]
    unknown = [h for h in header if h not in CSV_HEADER]
    if missing or unknown:
        problems = [Problem(name, 1, h, "required column missing") for h in missing]
        problems += [Problem(name, 1, h, "unknown column") for h in unknown]
        raise RegistryError(
            f"{name}: header must be {','.join(CSV_HEADER)}", problems=problems
        )
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield line, {"__error__": f"expected {len(header)} fields, found {len(row)}"}
            continue
        entry: dict[str, Any] = {}
        for key, cell in zip(header, row, strict=True):
            cell = cell.strip()
            if key in _LIST_FIELDS:
                entry[key] = [part.strip() for part in cell.split(";") if part.strip()]
            elif cell or key not in ("tier",):
                entry[key] = cell
        yield line, entry


def _toml_entries(text: str, name: str) -> list[tuple[int | None, dict[str, Any]]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{name}: not valid TOML: {exc}") from None
    orgs = data.get("orgs")
    if not isinstance(orgs, list):
        raise RegistryError(f"{name}: expected [[orgs]] tables")
    lines = [i + 1 for i, line in enumerate(text.splitlines()) if line.strip() == "[[orgs]]"]
    return [
        (lines[i] if i < len(lines) else None, org if isinstance(org, dict) else {})
        for i, org in enumerate(orgs)
    ]


def _yaml_entries(text: str, name: str) -> list[tuple[int | None, dict[str, Any]]]:
    try:
        nodes = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RegistryError(f"{name}: not valid YAML: {exc}") from None
    if isinstance(data, dict):
        data = data.get("orgs")
        nodes = next((v for k, v in nodes.value if k.value == "orgs"), None) if nodes else None
    if not isinstance(data, list):
        raise RegistryError(f"{name}: expected a list of orgs (or a mapping with 'orgs')")
    lines: list[int | None] = []
    for i in range(len(data)):
        try:
            lines.append(nodes.value[i].start_mark.line + 1)  # type: ignore[union-attr]
        except (AttributeError, IndexError):
            lines.append(None)
    return [(lines[i], org if isinstance(org, dict) else {}) for i, org in enumerate(data)]


def _validate(
    entries: Iterable[tuple[int | None, dict[str, Any]]], name: str
) -> list[Organization]:
    orgs: list[Organization] = []
    problems: list[Problem] = []
    seen: dict[str, int | None] = {}
    for line, entry in entries:
        if "__error__" in entry:
            problems.append(Problem(name, line, None, entry["__error__"]))
            continue
        try:
            org = Organization.model_validate(entry)
        except ValidationError as exc:
            for err in exc.errors():
                field = ".".join(str(p) for p in err["loc"]) or None
                msg = err["msg"].removeprefix("Value error, ")
                problems.append(Problem(name, line, field, msg))
            continue
        if org.id in seen:
            first = f"duplicate id (first on line {seen[org.id]})"
            problems.append(Problem(name, line, "id", first))
            continue
        seen[org.id] = line
        orgs.append(org)
    if problems:
        lines = sorted({p.line for p in problems if p.line is not None})
        raise RegistryError(
            f"{name}: {len(problems)} problem(s) on {len(lines)} line(s); nothing imported",
            problems=problems,
        )
    if not orgs:
        raise RegistryError(f"{name}: no organizations in file")
    return orgs


def save_orgs(store: Store, orgs: list[Organization], now: datetime) -> tuple[int, int]:
    """Insert or update orgs in one transaction; returns (added, updated)."""
    added = updated = 0
    with store.session() as session:
        for org in orgs:
            row = session.get(OrganizationRow, org.id)
            data = org.model_dump(mode="json")
            if row is None:
                session.add(
                    OrganizationRow(
                        id=org.id, name=org.name, url=org.url, tier=org.tier, data=data,
                        updated_at=now,
                    )
                )
                added += 1
            else:
                row.name, row.url, row.tier, row.data, row.updated_at = (
                    org.name, org.url, org.tier, data, now,
                )
                updated += 1
    return added, updated


def import_orgs(store: Store, path: Path, now: datetime) -> tuple[int, int]:
    """Validate the whole file, then save it; nothing is saved when any row is bad."""
    return save_orgs(store, load_orgs(path), now)


def list_orgs(store: Store, *, tier: str | None = None) -> list[Organization]:
    with store.session() as session:
        query = select(OrganizationRow).order_by(OrganizationRow.id)
        if tier is not None:
            query = query.where(OrganizationRow.tier == tier)
        return [Organization.model_validate(r.data) for r in session.scalars(query)]


def get_org(store: Store, org_id: str) -> Organization:
    with store.session() as session:
        row = session.get(OrganizationRow, org_id)
        if row is None:
            raise RegistryError(f"no organization with id {org_id!r}", org_id=org_id)
        return Organization.model_validate(row.data)


def find_org(store: Store, org_id: str) -> Organization | None:
    with store.session() as session:
        row = session.get(OrganizationRow, org_id)
        return None if row is None else Organization.model_validate(row.data)
