"""Migration 0003 (attestation revocation): from 0002 with a stored attestation, up and
back down, on SQLite and PostgreSQL; the newest revision is what `upgrade` reaches."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from auditor.store.db import alembic_config, make_engine, upgrade
from auditor.store.tables import TS

NOW = datetime(2026, 11, 29, tzinfo=UTC)
ATTESTATION = {"schema_version": 1, "org_id": "acme",
               "signer": {"name": "Ada", "role": "Safety", "email": "a@acme.example"},
               "signed_at": "2026-10-01", "valid_until": "2027-09-30",
               "safeguards": {"coppa_statement": {"implemented": True}}}


def _columns(engine: sa.Engine) -> set[str]:
    return {c["name"] for c in sa.inspect(engine).get_columns("attestations")}


def _check(url: str) -> None:
    cfg = alembic_config(url)
    command.upgrade(cfg, "0002")
    atts = sa.table("attestations", sa.column("id", sa.Integer), sa.column("org_id"),
                    sa.column("signed_at", sa.Date), sa.column("valid_until", sa.Date),
                    sa.column("sha256"), sa.column("data", sa.JSON),
                    sa.column("imported_at", TS))
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(atts.insert().values(
                id=1, org_id="acme", signed_at=date(2026, 10, 1),
                valid_until=date(2027, 9, 30), sha256="0" * 64, data=ATTESTATION,
                imported_at=NOW))
        upgrade(url, force=True)
        assert {"revoked_at", "revoked_by", "revoke_reason"} <= _columns(engine)
        with engine.begin() as conn:
            head = ScriptDirectory.from_config(cfg).get_current_head()
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")
                                ).scalar() == head
            assert conn.execute(sa.text(
                "SELECT revoked_at, revoked_by, revoke_reason FROM attestations")
            ).one() == (None, None, None)
        command.downgrade(cfg, "0002")
        assert not {"revoked_at", "revoked_by", "revoke_reason"} & _columns(engine)
        with engine.begin() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM attestations")).scalar() == 1
        upgrade(url, force=True)
        assert "revoked_at" in _columns(engine)
    finally:
        engine.dispose()


def test_sqlite_from_0002_with_rows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    _check(f"sqlite:///{tmp_path / 'old.db'}")


def test_postgresql_from_0002_with_rows(fresh_postgres_url: str) -> None:
    _check(fresh_postgres_url)
