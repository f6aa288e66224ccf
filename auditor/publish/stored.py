"""Report inputs read back from the store, for ``auditor report`` and the fleet page.

Why separate: the pipeline hands :func:`~auditor.publish.write_reports` what it just
computed; a person asking later needs the same inputs rebuilt from the latest
stored audits, cases and registry rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from auditor.errors import BadInput
from auditor.models import Assessment, Case, Organization
from auditor.publish.reports import FleetRow
from auditor.store import Store
from auditor.store.tables import AuditRow, CaseRow, OrganizationRow


@dataclass(frozen=True)
class StoredReport:
    org: Organization
    assessment: Assessment
    previous: Assessment | None
    case: Case | None


def _latest_case(store: Store, org_id: str) -> Case | None:
    from auditor.enforce import cases

    with store.session() as session:
        case_id = session.scalar(select(CaseRow.id).where(CaseRow.org_id == org_id)
                                 .order_by(CaseRow.updated_at.desc(), CaseRow.id.desc()))
    return cases.get_case(store, case_id) if case_id else None


def load_report(store: Store, org_id: str) -> StoredReport:
    """The latest finished audit of `org_id`, the one before it, and its current case."""
    with store.session() as session:
        row = session.get(OrganizationRow, org_id)
        if row is None:
            raise BadInput(f"organization {org_id!r} is not in the registry", org_id=org_id)
        org = Organization.model_validate(row.data)
        rows = session.scalars(
            select(AuditRow.assessment)
            .where(AuditRow.org_id == org_id, AuditRow.status == "done",
                   AuditRow.assessment.is_not(None))
            .order_by(AuditRow.started_at.desc()).limit(2)).all()
    if not rows:
        raise BadInput(f"organization {org_id!r} has no finished audit yet; run "
                       f"`auditor audit {org_id}`", org_id=org_id)
    found = [Assessment.model_validate(r) for r in rows if r]
    return StoredReport(org, found[0], found[1] if len(found) > 1 else None,
                        _latest_case(store, org_id))


def fleet_rows(store: Store, reports_dir: Path | None = None) -> list[FleetRow]:
    """One row per registered org from its latest finished audit and latest case."""
    with store.session() as session:
        orgs = list(session.scalars(select(OrganizationRow).order_by(OrganizationRow.id)))
        audits = session.execute(
            select(AuditRow.org_id, AuditRow.assessment)
            .where(AuditRow.status == "done", AuditRow.assessment.is_not(None))
            .order_by(AuditRow.started_at)).all()
        case_rows = session.execute(
            select(CaseRow.org_id, CaseRow.data).order_by(CaseRow.updated_at, CaseRow.id)).all()
    latest = {org_id: data for org_id, data in audits}  # later rows win
    case_of = {org_id: Case.model_validate({**data, "events": []}) for org_id, data in case_rows}
    rows = []
    for org in orgs:
        data = latest.get(org.id)
        a = Assessment.model_validate(data) if data else None
        report = reports_dir / f"{org.id}.html" if reports_dir is not None else None
        case = case_of.get(org.id)
        rows.append(FleetRow(
            org_id=org.id, name=org.name, tier=org.tier,
            rating=a.rating if a else None, failing=len(a.failing) if a else 0,
            rate_state=a.violation_rate.state if a else None,
            case_state=case.state if case else None,
            report_path=report if report is not None and report.exists() else None,
        ))
    return rows
