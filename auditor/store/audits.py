"""The record of audits: started, finished or failed, with findings and assessment.

An audit row is written as ``running`` before any network work, so a crash leaves
a visible trace, and is finished in one transaction with its findings.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from auditor.errors import BadInput
from auditor.models import Assessment, Finding, SiteSnapshot
from auditor.store import Store
from auditor.store.tables import AuditRow, FindingRow, PageValidatorRow


@dataclass
class AuditRecord:
    id: str
    org_id: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    trigger: str
    rating: str | None
    warc_path: str | None
    error: str | None
    assessment: Assessment | None = None
    findings: list[Finding] = field(default_factory=list)
    crawl: dict[str, Any] | None = None


def new_audit_id(org_id: str, now: datetime) -> str:
    """Sortable by time and unique without coordination; the org is its own column."""
    return f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(5)}"


def start_audit(store: Store, org_id: str, trigger: str, now: datetime) -> str:
    audit_id = new_audit_id(org_id, now)
    with store.session() as session:
        session.add(
            AuditRow(id=audit_id, org_id=org_id, started_at=now, status="running",
                     trigger=trigger)
        )
    return audit_id


def finish_audit(
    store: Store,
    audit_id: str,
    snapshot: SiteSnapshot,
    assessment: Assessment,
    now: datetime,
) -> list[Finding]:
    """Store findings (with ids), the assessment and the crawl log; return the findings."""
    findings = []
    with store.session() as session:
        row = session.get(AuditRow, audit_id)
        if row is None:
            raise BadInput(f"no audit {audit_id}")
        for index, finding in enumerate(assessment.findings):
            finding = finding.model_copy(update={"id": f"{audit_id}-{index:03d}"})
            findings.append(finding)
            session.add(
                FindingRow(
                    id=finding.id, audit_id=audit_id, org_id=finding.org_id,
                    check_id=finding.check_id, status=finding.status.value,
                    severity=finding.severity.value, evidence_hash=finding.evidence_hash,
                    data=finding.model_dump(mode="json"),
                )
            )
        stored = assessment.model_copy(update={"findings": findings, "audit_id": audit_id})
        row.status = "done"
        row.finished_at = now
        row.rating = assessment.rating.value
        row.warc_path = snapshot.warc_path
        row.assessment = stored.model_dump(mode="json")
        row.crawl = {
            "pages": [
                {"url": p.url, "final_url": p.final_url, "status": p.status,
                 "outcome": p.outcome.value, "fetcher": p.fetcher.value,
                 "warc_record_id": p.warc_record_id, "sha256": p.sha256}
                for p in snapshot.pages
            ],
            "log": [r.model_dump(mode="json") for r in snapshot.log],
            "notes": snapshot.notes,
            "browser_available": snapshot.browser_available,
            "locale": snapshot.locale,
        }
        for page in snapshot.pages:
            if page.etag or page.last_modified:
                session.merge(
                    PageValidatorRow(
                        org_id=snapshot.org_id, url=page.url, etag=page.etag,
                        last_modified=page.last_modified, sha256=page.sha256,
                        audit_id=audit_id, updated_at=now,
                    )
                )
    return findings


def fail_audit(store: Store, audit_id: str, error: str, now: datetime) -> None:
    with store.session() as session:
        row = session.get(AuditRow, audit_id)
        if row is not None:
            row.status, row.error, row.finished_at = "failed", error[:2000], now


def _record(row: AuditRow, findings: list[Finding] | None = None) -> AuditRecord:
    return AuditRecord(
        id=row.id, org_id=row.org_id, started_at=row.started_at, finished_at=row.finished_at,
        status=row.status, trigger=row.trigger, rating=row.rating, warc_path=row.warc_path,
        error=row.error,
        assessment=Assessment.model_validate(row.assessment) if row.assessment else None,
        findings=findings or [], crawl=row.crawl,
    )


def get_audit(store: Store, audit_id: str) -> AuditRecord:
    with store.session() as session:
        row = session.get(AuditRow, audit_id)
        if row is None:
            raise BadInput(f"no audit with id {audit_id!r}")
        rows = session.scalars(
            select(FindingRow).where(FindingRow.audit_id == audit_id).order_by(FindingRow.id)
        )
        return _record(row, [Finding.model_validate(r.data) for r in rows])


def list_audits(store: Store, org_id: str | None = None, limit: int = 200) -> list[AuditRecord]:
    with store.session() as session:
        query = select(AuditRow).order_by(AuditRow.started_at.desc()).limit(limit)
        if org_id is not None:
            query = query.where(AuditRow.org_id == org_id)
        return [_record(r) for r in session.scalars(query)]


def latest_assessment(
    store: Store, org_id: str, *, before: str | None = None
) -> Assessment | None:
    """The newest finished audit's assessment for the org (optionally older than `before`)."""
    with store.session() as session:
        query = (
            select(AuditRow)
            .where(AuditRow.org_id == org_id, AuditRow.status == "done")
            .order_by(AuditRow.started_at.desc())
        )
        for row in session.scalars(query):
            if before is not None and row.id == before:
                continue
            if row.assessment:
                return Assessment.model_validate(row.assessment)
        return None


def audited_org_ids(store: Store) -> list[str]:
    """Ids of the orgs with at least one finished audit."""
    with store.session() as session:
        return sorted(set(session.scalars(
            select(AuditRow.org_id).where(AuditRow.status == "done").distinct())))


def load_validators(store: Store, org_id: str) -> dict[str, tuple[str | None, str | None]]:
    with store.session() as session:
        rows = session.scalars(select(PageValidatorRow).where(PageValidatorRow.org_id == org_id))
        return {r.url: (r.etag, r.last_modified) for r in rows}


def previous_warc(store: Store, org_id: str) -> str | None:
    """The newest finished audit's archive: where a 304 finds the body it confirms."""
    with store.session() as session:
        row = session.scalars(
            select(AuditRow)
            .where(AuditRow.org_id == org_id, AuditRow.status == "done",
                   AuditRow.warc_path.is_not(None))
            .order_by(AuditRow.started_at.desc())
            .limit(1)
        ).first()
        return row.warc_path if row else None
