"""Migration 0002 (attestations.verified, 64-bit counts): from an empty database, and
from 0001 with rows present, on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from auditor.assess.attestations import sign_attestation
from auditor.models import Attestation, Organization
from auditor.store.db import alembic_config, make_engine, upgrade
from auditor.store.tables import TS

NOW = datetime(2026, 11, 29, tzinfo=UTC)
BIG = 3 * 10**12  # above 2^31: an int4 column overflows


def _attestation(**changes: object) -> Attestation:
    return Attestation.model_validate({
        "org_id": "acme", "signer": {"name": "Ada", "role": "Safety", "email": "a@acme.example"},
        "signed_at": "2026-10-01", "valid_until": "2027-09-30",
        "safeguards": {"coppa_statement": {"implemented": True,
                                           "url": "https://acme.example/kids"},
                       "ai_disclosure": {"implemented": False}},
        **changes})


def _tables() -> tuple[sa.TableClause, sa.TableClause, sa.TableClause]:
    orgs = sa.table("organizations", sa.column("id"), sa.column("name"), sa.column("url"),
                    sa.column("tier"), sa.column("data", sa.JSON), sa.column("updated_at", TS))
    atts = sa.table("attestations", sa.column("id", sa.Integer), sa.column("org_id"),
                    sa.column("signed_at", sa.Date), sa.column("valid_until", sa.Date),
                    sa.column("sha256"), sa.column("data", sa.JSON),
                    sa.column("imported_at", TS))
    rates = sa.table("violation_rates", sa.column("org_id"), sa.column("period_start", sa.Date),
                     sa.column("period_end", sa.Date), sa.column("category"),
                     sa.column("requests", sa.BigInteger), sa.column("violations", sa.BigInteger),
                     sa.column("source"), sa.column("imported_at", TS))
    return orgs, atts, rates


def _columns(engine: sa.Engine, table: str) -> dict[str, sa.types.TypeEngine[object]]:
    return {c["name"]: c["type"] for c in sa.inspect(engine).get_columns(table)}


def _check_empty(url: str) -> None:
    upgrade(url, force=True)
    engine = make_engine(url)
    try:
        assert "verified" in _columns(engine, "attestations")
        assert isinstance(_columns(engine, "violation_rates")["requests"], sa.BigInteger)
        with engine.connect() as conn:
            head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() \
                == head  # the newest migration (0002 or a later one)
    finally:
        engine.dispose()


def _check_from_0001(url: str) -> None:
    private = Ed25519PrivateKey.generate()
    key = base64.b64encode(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    org = Organization(id="acme", name="Acme", url="https://acme.example/",
                       contact_email="a@acme.example", audience="under13",
                       public_key=key.decode())
    signed = sign_attestation(_attestation(), private)
    tampered = signed.model_copy(update={"valid_until": date(2027, 9, 29)})
    unsigned = _attestation(signed_at="2026-09-01")
    command.upgrade(alembic_config(url), "0001")
    engine = make_engine(url)
    orgs, atts, rates = _tables()
    try:
        with engine.begin() as conn:
            conn.execute(orgs.insert().values(id="acme", name="Acme", url=org.url,
                                              tier="standard", data=org.model_dump(mode="json"),
                                              updated_at=NOW))
            for n, att in enumerate((signed, tampered, unsigned), start=1):
                conn.execute(atts.insert().values(
                    id=n, org_id="acme", signed_at=att.signed_at, valid_until=att.valid_until,
                    sha256=f"{n:064d}", data=att.model_dump(mode="json"), imported_at=NOW))
            conn.execute(rates.insert().values(
                org_id="acme", period_start=date(2026, 10, 1), period_end=date(2026, 10, 31),
                category="all", requests=40_000, violations=12, source="t", imported_at=NOW))
        upgrade(url, force=True)
        with engine.begin() as conn:
            verified = dict(conn.execute(sa.text("SELECT id, verified FROM attestations")).all())
            assert {k: bool(v) for k, v in verified.items()} == {1: True, 2: False, 3: False}
            assert conn.execute(sa.text("SELECT requests, violations FROM violation_rates")
                                ).one() == (40_000, 12)
            conn.execute(rates.insert().values(
                org_id="acme", period_start=date(2026, 11, 1), period_end=date(2026, 11, 30),
                category="all", requests=BIG, violations=BIG - 1, source="t", imported_at=NOW))
            assert conn.execute(sa.text("SELECT max(requests) FROM violation_rates")
                                ).scalar() == BIG
    finally:
        engine.dispose()


def test_sqlite_from_empty(tmp_path) -> None:  # type: ignore[no-untyped-def]
    _check_empty(f"sqlite:///{tmp_path / 'empty.db'}")


def test_sqlite_from_0001_with_rows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    _check_from_0001(f"sqlite:///{tmp_path / 'old.db'}")


@pytest.mark.postgres
def test_postgresql_from_empty(fresh_postgres_url: str) -> None:
    _check_empty(fresh_postgres_url)


@pytest.mark.postgres
def test_postgresql_from_0001_with_rows(fresh_postgres_url: str) -> None:
    _check_from_0001(fresh_postgres_url)
