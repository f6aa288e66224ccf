"""SQLAlchemy 2 tables. Rich objects are stored as validated JSON of the models.

The schema is owned by the Alembic migrations in ``auditor/store/migrations``; this
module mirrors them for queries. Columns that are filtered or joined on are real
columns; the rest of a model lives in its ``data`` JSON.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in and out, also on SQLite (which drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


TS = UtcDateTime()


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, datetime: TS}


class OrganizationRow(Base):
    __tablename__ = "organizations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(Text)
    tier: Mapped[str] = mapped_column(String(64), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(TS)


class AuditRow(Base):
    __tablename__ = "audits"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(64), index=True)
    started_at: Mapped[datetime] = mapped_column(TS)
    finished_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)
    status: Mapped[str] = mapped_column(String(20))  # running, done, failed
    trigger: Mapped[str] = mapped_column(String(20))  # cli, daemon, demo, worker
    rating: Mapped[str | None] = mapped_column(String(20), nullable=True)
    warc_path: Mapped[str | None] = mapped_column(Text, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    assessment: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    crawl: Mapped[dict[str, Any] | None] = mapped_column(
        JSON, nullable=True
    )  # crawl log and page index (no page bodies: those are in the WARC)


class FindingRow(Base):
    __tablename__ = "findings"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    audit_id: Mapped[str] = mapped_column(ForeignKey("audits.id"), index=True)
    org_id: Mapped[str] = mapped_column(String(64), index=True)
    check_id: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(20), index=True)
    severity: Mapped[str] = mapped_column(String(20))
    evidence_hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class ViolationRateRow(Base):
    __tablename__ = "violation_rates"
    __table_args__ = (
        UniqueConstraint("org_id", "period_start", "period_end", "category", name="uq_rate_period"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_id: Mapped[str] = mapped_column(String(64), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(64))
    requests: Mapped[int] = mapped_column(BigInteger)  # 64 bits: counts reach MAX_COUNT
    violations: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str | None] = mapped_column(Text, nullable=True)
    imported_at: Mapped[datetime] = mapped_column(TS)


class AttestationRow(Base):
    __tablename__ = "attestations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_id: Mapped[str] = mapped_column(String(64), index=True)
    signed_at: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    imported_at: Mapped[datetime] = mapped_column(TS)
    verified: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Its signature verifies with the org's current public key (re-checked when the
    key changes); False for an org without a key."""
    revoked_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)
    """When a person withdrew it (`auditor attest revoke`); audits after that ignore it."""
    revoked_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    revoke_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class CaseRow(Base):
    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(40), index=True)
    pending: Mapped[bool] = mapped_column(default=False)
    deadline: Mapped[datetime | None] = mapped_column(TS, nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(TS)


class CaseEventRow(Base):
    __tablename__ = "case_events"
    __table_args__ = (UniqueConstraint("case_id", "cause", name="uq_case_event_cause"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[datetime] = mapped_column(TS)
    kind: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    cause: Mapped[str | None] = mapped_column(String(200), nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class ReviewRow(Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_id: Mapped[str] = mapped_column(String(64), index=True)
    check_id: Mapped[str] = mapped_column(String(80))
    finding_id: Mapped[str] = mapped_column(String(40))
    evidence_hash: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[str] = mapped_column(String(10))
    by: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(TS)


class OutboxRow(Base):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    idempotency_key: Mapped[str] = mapped_column(String(300), unique=True)
    message_id: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(40))
    org_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    case_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(TS)
    sent_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class WorkUnitRow(Base):
    """One audit of one org in one period: the daemon's and workers' ledger."""

    __tablename__ = "work_units"
    __table_args__ = (UniqueConstraint("period", "task", "org_id", name="uq_work_unit"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    period: Mapped[str] = mapped_column(String(64))
    task: Mapped[str] = mapped_column(String(40))
    org_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), index=True)  # pending, running, done, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(200), nullable=True)
    audit_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)


class PageValidatorRow(Base):
    """ETag / Last-Modified from the previous audit, for conditional requests."""

    __tablename__ = "page_validators"

    org_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_modified: Mapped[str | None] = mapped_column(Text, nullable=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    audit_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(TS)


class FeedSourceRow(Base):
    """Validators of a remote feed, for conditional GET."""

    __tablename__ = "feed_sources"

    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_modified: Mapped[str | None] = mapped_column(Text, nullable=True)
    fetched_at: Mapped[datetime] = mapped_column(TS)


Index("ix_findings_org_check", FindingRow.org_id, FindingRow.check_id)
Index("ix_audits_org_started", AuditRow.org_id, AuditRow.started_at)

__all__ = [
    "AttestationRow",
    "AuditRow",
    "Base",
    "CaseEventRow",
    "CaseRow",
    "FeedSourceRow",
    "FindingRow",
    "OrganizationRow",
    "OutboxRow",
    "PageValidatorRow",
    "ReviewRow",
    "ViolationRateRow",
    "WorkUnitRow",
]
