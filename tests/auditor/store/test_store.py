"""The store: migrations on first use, UTC round trips, SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import inspect, text

from auditor.errors import BadInput, StoreError
from auditor.models import Organization
from auditor.registry import get_org, save_orgs
from auditor.store import Store
from auditor.store.audits import archive_ref, archived_before
from auditor.store.tables import AuditRow

ORG = Organization(id="acme", name="Acme", url="https://acme.example/",
                   contact_email="a@acme.example", audience="under13", jurisdictions=["US"])


def roundtrip(store: Store) -> None:
    tables = set(inspect(store.engine).get_table_names())
    assert {"organizations", "audits", "findings", "cases", "outbox", "work_units"} <= tables
    save_orgs(store, [ORG], datetime(2026, 1, 1, tzinfo=UTC))
    assert get_org(store, "acme") == ORG
    started = datetime(2026, 3, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    with store.session() as s:
        s.add(AuditRow(id="a1", org_id="acme", started_at=started, status="running",
                       trigger="test"))
    with store.session() as s:
        row = s.get(AuditRow, "a1")
        assert row is not None
        assert row.started_at == started
        assert row.started_at.tzinfo is not None and row.started_at.utcoffset() == timedelta(0)


def earlier_archives_found(store: Store) -> None:
    """Reports open an audit's archive and the org's earlier ones through light
    queries: only finished audits that have an archive, started before, newest first."""
    t = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    rows = [("done-old", t, "done", "old.warc.gz"), ("done-new", t + timedelta(days=2), "done",
                                                      "new.warc.gz"),
            ("failed", t + timedelta(days=3), "failed", "f.warc.gz"),
            ("no-warc", t + timedelta(days=4), "done", None),
            ("current", t + timedelta(days=5), "done", "cur.warc.gz"),
            ("later", t + timedelta(days=6), "done", "later.warc.gz")]
    with store.session() as s:
        for audit_id, started, status, warc in rows:
            s.add(AuditRow(id=audit_id, org_id="acme", started_at=started, status=status,
                           trigger="test", warc_path=warc))
        s.add(AuditRow(id="other-org", org_id="zeta", started_at=t, status="done",
                       trigger="test", warc_path="z.warc.gz"))
    current = archive_ref(store, "current")
    assert (current.org_id, current.warc_path) == ("acme", "cur.warc.gz")
    found = archived_before(store, "acme", current.started_at)
    assert [a.id for a in found] == ["done-new", "done-old"]
    with pytest.raises(BadInput):
        archive_ref(store, "nope")


def test_earlier_archives_are_found_with_light_queries(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    earlier_archives_found(store)


def test_sqlite_created_on_first_use_in_wal_mode(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'db.sqlite'}"
    store = Store(url)
    roundtrip(store)
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    # a second Store on the same file sees the data without migrating again
    assert get_org(Store(url), "acme").name == "Acme"


@pytest.mark.postgres
def test_postgresql_works_the_same(fresh_postgres_url: str) -> None:
    store = Store(fresh_postgres_url)
    roundtrip(store)
    earlier_archives_found(store)
    store.dispose()


def test_naive_datetime_is_refused(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with pytest.raises(StoreError), store.session() as s:
        s.add(AuditRow(id="a1", org_id="x", started_at=datetime(2026, 1, 1), status="running",
                       trigger="test"))


def test_db_upgrade_command(cli, tmp_path) -> None:
    code, out, err = cli("db", "upgrade")
    assert code == 0, err
    assert "up to date" in out
    assert (tmp_path / "data" / "auditor.db").exists()


def test_unreachable_database_is_could_not_complete(cli, monkeypatch) -> None:
    monkeypatch.setenv("AUDITOR_DATABASE_URL",
                       "postgresql+psycopg://nobody:pw@127.0.0.1:1/none?connect_timeout=2")
    code, _, err = cli("orgs", "list")
    assert code == 3
    assert "pw" not in err
