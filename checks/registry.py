"""Find, validate and run the checks.

Every module in ``checks/`` is a check unless its name starts with ``_`` or is one of
the infrastructure modules below. A check module declares ``META = CheckMeta(...)``
and a pure ``run(snapshot, org) -> list[Finding]``. The id maps to the module name
mechanically (``coppa.notice_published`` lives in ``coppa_notice_published.py``);
a mismatch, a duplicate id or bad metadata raises :class:`CheckError` when the
checks are loaded, as Prowler rejects a check whose name and metadata disagree.

Checks are turned off by id in ``settings.checks.disabled``; the registry skips them
and logs it, so no check carries an ``if`` about itself.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

from pydantic import ValidationError

from auditor.errors import CheckError
from auditor.models import CheckMeta, Finding, Organization, SiteSnapshot, Status

if TYPE_CHECKING:
    from auditor.settings import Settings

log = logging.getLogger("checks")

_PACKAGE = "checks"
_INFRASTRUCTURE = frozenset({"registry", "framework", "signals", "corpus", "scoring",
                            "challenge", "wildset"})
_ID = re.compile(r"^[a-z][a-z0-9]*\.[a-z][a-z0-9_]*$")

RunFn = Callable[[SiteSnapshot, Organization], list[Finding]]


@dataclass(frozen=True)
class CheckSpec:
    """One loaded check: its metadata and its pure run function."""

    meta: CheckMeta
    run: RunFn
    module: str

    @property
    def id(self) -> str:
        return self.meta.id


def module_name(check_id: str) -> str:
    """Where a check id must live: ``coppa.notice_published`` -> ``coppa_notice_published``."""
    return check_id.replace(".", "_")


def _spec(module: ModuleType, name: str) -> CheckSpec:
    meta = getattr(module, "META", None)
    run = getattr(module, "run", None)
    if not isinstance(meta, CheckMeta):
        raise CheckError(f"checks/{name}.py declares no META = CheckMeta(...)")
    try:  # re-validate: a META built with model_construct or mutated later is caught here
        meta = CheckMeta.model_validate(meta.model_dump())
    except ValidationError as exc:
        raise CheckError(f"checks/{name}.py: invalid META: {exc}", check_id=meta.id) from None
    if not _ID.match(meta.id):
        raise CheckError(f"checks/{name}.py: id {meta.id!r} is not like 'family.name'",
                         check_id=meta.id)
    if module_name(meta.id) != name:
        raise CheckError(
            f"checks/{name}.py declares id {meta.id!r}, which belongs in "
            f"checks/{module_name(meta.id)}.py", check_id=meta.id)
    for field in ("title", "policy_section", "requirement"):
        if not getattr(meta, field).strip():
            raise CheckError(f"checks/{name}.py: META.{field} is empty", check_id=meta.id)
    if not callable(run):
        raise CheckError(f"checks/{name}.py has no run(snapshot, org)", check_id=meta.id)
    return CheckSpec(meta=meta, run=run, module=module.__name__)


def validate(specs: Sequence[CheckSpec]) -> list[CheckSpec]:
    """Reject duplicate ids; return the checks sorted by id."""
    seen: dict[str, str] = {}
    for spec in specs:
        if spec.id in seen:
            raise CheckError(f"duplicate check id {spec.id!r} in {seen[spec.id]} and "
                             f"{spec.module}", check_id=spec.id)
        seen[spec.id] = spec.module
    return sorted(specs, key=lambda s: s.id)


@cache
def _all_checks() -> tuple[CheckSpec, ...]:
    package = importlib.import_module(_PACKAGE)
    specs = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_") or info.name in _INFRASTRUCTURE or info.ispkg:
            continue
        module = importlib.import_module(f"{_PACKAGE}.{info.name}")
        specs.append(_spec(module, info.name))
    return tuple(validate(specs))


def load_checks(settings: Settings | None = None) -> list[CheckSpec]:
    """Every check, validated; with `settings`, without the disabled ones (logged)."""
    specs = list(_all_checks())
    if settings is None:
        return specs
    disabled = set(settings.checks.disabled)
    known = {s.id for s in specs}
    for unknown in sorted(disabled - known):
        log.warning("settings.checks.disabled names unknown check %r; ignored", unknown)
    for check_id in sorted(disabled & known):
        log.info("check %s disabled by settings.checks.disabled; skipped", check_id)
    return [s for s in specs if s.id not in disabled]


def applicable(meta: CheckMeta, org: Organization) -> str | None:
    """None when the check applies to `org`, else why it does not."""
    if org.audience not in meta.audiences:
        wanted = ", ".join(a.value for a in meta.audiences)
        return f"applies to audiences {wanted}; {org.id} declares {org.audience.value}"
    if meta.jurisdictions and not any(org.serves(j) for j in meta.jurisdictions):
        served = ", ".join(org.jurisdictions) or "none"
        return (f"applies to organizations serving {_short(meta.jurisdictions)}; "
                f"{org.id} serves {served}")
    if meta.product_kinds and org.product_kind not in meta.product_kinds:
        return (f"applies to {', '.join(meta.product_kinds)} products; {org.id} offers "
                f"a {org.product_kind} product")
    return None


def _short(items: Sequence[str]) -> str:
    return ", ".join(items[:3]) + (f" (+{len(items) - 3})" if len(items) > 3 else "")


def _na(meta: CheckMeta, org: Organization, why: str) -> Finding:
    return Finding(check_id=meta.id, org_id=org.id, status=Status.NOT_APPLICABLE,
                   severity=meta.severity, title=meta.title,
                   reason=f"Not applicable: the check {why}.",
                   policy_section=meta.policy_section, legal_refs=list(meta.legal_refs),
                   remediation=meta.remediation, applies_from=meta.applies_from,
                   safeguard=meta.safeguard)


def _error(meta: CheckMeta, org: Organization, error: CheckError) -> Finding:
    return Finding(check_id=meta.id, org_id=org.id, status=Status.ERROR,
                   severity=meta.severity, title=meta.title,
                   reason=f"The check could not complete: {error}.",
                   policy_section=meta.policy_section, legal_refs=list(meta.legal_refs),
                   remediation=meta.remediation, applies_from=meta.applies_from,
                   safeguard=meta.safeguard)


def run_one(spec: CheckSpec, snapshot: SiteSnapshot, org: Organization,
            as_of: datetime) -> list[Finding]:
    """One check over one snapshot; a raising or misbehaving check becomes an error."""
    meta = spec.meta
    why = applicable(meta, org)
    if why is not None:
        return [_na(meta, org, why)]
    try:
        findings = spec.run(snapshot, org)
        if not findings:
            raise CheckError("the check returned no finding", check_id=meta.id, org_id=org.id)
        for f in findings:
            if f.check_id != meta.id or f.org_id != org.id:
                raise CheckError(f"the check returned a finding for {f.check_id}/{f.org_id}",
                                 check_id=meta.id, org_id=org.id)
    except Exception as exc:
        error = exc if isinstance(exc, CheckError) else CheckError(
            f"{type(exc).__name__}: {exc}", check_id=meta.id, org_id=org.id)
        log.error("check %s failed for %s: %s", meta.id, org.id, error, exc_info=exc)
        return [_error(meta, org, error)]
    day = as_of.astimezone(UTC).date()
    out = []
    for f in findings:
        starts = f.applies_from or meta.applies_from
        out.append(f.model_copy(update={
            "applies_from": starts,
            "advisory": f.advisory or (starts is not None and day < starts),
        }))
    return out


def run_checks(snapshot: SiteSnapshot, org: Organization, settings: Settings,
               as_of: datetime) -> list[Finding]:
    """Every enabled check over one snapshot, as of `as_of` (no I/O, no clock)."""
    if as_of.tzinfo is None:
        raise CheckError("as_of must be timezone-aware", org_id=org.id)
    findings: list[Finding] = []
    for spec in load_checks(settings):
        findings.extend(run_one(spec, snapshot, org, as_of))
    return findings
