"""Report inputs read back from the store, for ``auditor report`` and the fleet page.

Why separate: the pipeline hands :func:`~auditor.publish.write_reports` what it just
computed; a person asking later needs the same inputs rebuilt from the latest
stored audits, cases and registry rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from auditor.enforce import cases
from auditor.errors import BadInput
from auditor.models import Assessment, Case, Organization
from auditor.publish.reports import FleetRow
from auditor.registry import find_org, list_orgs
from auditor.store import Store, audits


@dataclass(frozen=True)
class StoredReport:
    org: Organization
    assessment: Assessment
    previous: Assessment | None
    case: Case | None


def load_report(store: Store, org_id: str) -> StoredReport:
    """The latest finished audit of `org_id`, the one before it, and its current case."""
    org = find_org(store, org_id)
    if org is None:
        raise BadInput(f"organization {org_id!r} is not in the registry", org_id=org_id)
    found = [r.assessment for r in audits.finished_assessments(store, org_id, limit=2)]
    if not found:
        raise BadInput(f"organization {org_id!r} has no finished audit yet; run "
                       f"`auditor audit {org_id}`", org_id=org_id)
    return StoredReport(org, found[0], found[1] if len(found) > 1 else None,
                        cases.latest_case(store, org_id))


def fleet_rows(store: Store, reports_dir: Path | None = None) -> list[FleetRow]:
    """One row per registered org from its latest finished audit and latest case."""
    latest = audits.latest_assessments(store)
    case_of = cases.latest_cases(store)
    rows = []
    for org in sorted(list_orgs(store), key=lambda o: o.id):
        a = latest.get(org.id)
        report = reports_dir / f"{org.id}.html" if reports_dir is not None else None
        case = case_of.get(org.id)
        rows.append(FleetRow(
            org_id=org.id, name=org.name, tier=org.tier,
            rating=a.rating if a else None, failing=len(a.failing) if a else 0,
            rate_state=a.violation_rate.state if a else None,
            case_state=case.state if case else None,
            pending=case is not None and case.pending is not None,
            report_path=report if report is not None and report.exists() else None,
        ))
    return rows
