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
from sqlalchemy.orm import Session

from auditor.errors import BadInput
from auditor.models import Assessment, Finding, SiteSnapshot, Status
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


def add_finished(store: Store, assessment: Assessment, trigger: str) -> None:
    """Record an already finished audit from its assessment (imports and worked examples)."""
    with store.session() as session:
        session.add(AuditRow(id=assessment.audit_id or new_audit_id(assessment.org_id,
                                                                    assessment.as_of),
                             org_id=assessment.org_id, started_at=assessment.as_of,
                             finished_at=assessment.as_of, status="done", trigger=trigger,
                             rating=assessment.rating.value,
                             assessment=assessment.model_dump(mode="json")))


def interrupt_running(session: Session, org_id: str, since: datetime, error: str,
                      now: datetime) -> None:
    """Mark the org's audits still running since `since` failed (inside the caller's
    transaction: the ledger does it while it holds the work unit)."""
    for audit in session.scalars(select(AuditRow).where(
            AuditRow.org_id == org_id, AuditRow.status == "running",
            AuditRow.started_at >= since)):
        audit.status, audit.error, audit.finished_at = "failed", error, now


def first_done_since(session: Session, org_id: str,
                     since: datetime) -> tuple[str, datetime | None] | None:
    """(id, finished_at) of the org's first audit finished since `since`, in the caller's
    transaction."""
    row = session.scalars(select(AuditRow).where(
        AuditRow.org_id == org_id, AuditRow.status == "done", AuditRow.started_at >= since)
        .order_by(AuditRow.started_at)).first()
    return (row.id, row.finished_at) if row is not None else None


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


@dataclass(frozen=True)
class ArchiveRef:
    """Where an audit's evidence is, without its crawl log, findings or assessment:
    what reports and diffs need to open archives (the full rows are large)."""

    id: str
    org_id: str
    started_at: datetime
    warc_path: str | None


_REF_COLUMNS = (AuditRow.id, AuditRow.org_id, AuditRow.started_at, AuditRow.warc_path)


def archive_ref(store: Store, audit_id: str) -> ArchiveRef:
    with store.session() as session:
        row = session.execute(select(*_REF_COLUMNS).where(AuditRow.id == audit_id)).first()
    if row is None:
        raise BadInput(f"no audit with id {audit_id!r}")
    return ArchiveRef(*row)


def archived_before(store: Store, org_id: str, before: datetime,
                    limit: int = 200) -> list[ArchiveRef]:
    """The org's finished audits with an archive started before `before`, newest first."""
    with store.session() as session:
        rows = session.execute(
            select(*_REF_COLUMNS)
            .where(AuditRow.org_id == org_id, AuditRow.status == "done",
                   AuditRow.warc_path.is_not(None))
            .order_by(AuditRow.started_at.desc()).limit(limit)).all()
    # the time is compared here, as the row type reads it back (SQLite keeps text)
    return [ref for ref in (ArchiveRef(*row) for row in rows) if ref.started_at < before]


@dataclass(frozen=True)
class FinishedAssessment:
    audit_id: str
    org_id: str
    started_at: datetime
    assessment: Assessment


def finished_assessments(store: Store, org_id: str | None = None,
                         limit: int | None = None) -> list[FinishedAssessment]:
    """Assessments of finished audits, newest first (of one org, or of every org)."""
    with store.session() as session:
        query = (select(AuditRow.id, AuditRow.org_id, AuditRow.started_at, AuditRow.assessment)
                 .where(AuditRow.status == "done", AuditRow.assessment.is_not(None))
                 .order_by(AuditRow.started_at.desc(), AuditRow.id.desc()))
        if org_id is not None:
            query = query.where(AuditRow.org_id == org_id)
        if limit is not None:
            query = query.limit(limit)
        rows = session.execute(query).all()
    return [FinishedAssessment(a, o, s, Assessment.model_validate(data))
            for a, o, s, data in rows if data]


def latest_assessments(store: Store) -> dict[str, Assessment]:
    """Each org's newest finished assessment, by org id."""
    latest: dict[str, Assessment] = {}
    for row in finished_assessments(store):
        latest.setdefault(row.org_id, row.assessment)
    return latest


def latest_assessment(
    store: Store, org_id: str, *, before: str | None = None
) -> Assessment | None:
    """The newest finished audit's assessment for the org (optionally older than `before`)."""
    for row in finished_assessments(store, org_id):
        if row.audit_id != before:
            return row.assessment
    return None


def latest_done_audit_ids(store: Store) -> dict[str, str]:
    """Each org's newest finished audit id, by org id."""
    with store.session() as session:
        rows = session.execute(select(AuditRow.id, AuditRow.org_id)
                               .where(AuditRow.status == "done")
                               .order_by(AuditRow.started_at)).all()
    return {org_id: audit_id for audit_id, org_id in rows}


def findings_needing_review(store: Store, audit_ids: list[str]) -> list[Finding]:
    """The `needs_review` findings of the given audits, by org then id."""
    if not audit_ids:
        return []
    with store.session() as session:
        rows = session.scalars(
            select(FindingRow).where(FindingRow.audit_id.in_(sorted(audit_ids)),
                                     FindingRow.status == Status.NEEDS_REVIEW.value)
            .order_by(FindingRow.org_id, FindingRow.id))
        return [_finding(r) for r in rows]


def get_finding(store: Store, finding_id: str) -> Finding | None:
    """One stored finding, or None."""
    with store.session() as session:
        row = session.get(FindingRow, finding_id)
        return _finding(row) if row is not None else None


def _finding(row: FindingRow) -> Finding:
    finding = Finding.model_validate(row.data)
    return finding if finding.id else finding.model_copy(update={"id": row.id})


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
