"""Which failures are outages (wait and retry) and which are not (raise at once)."""

from __future__ import annotations

import sqlite3

import pytest
import redis.exceptions
from sqlalchemy import exc as sa
from sqlalchemy import text

from auditor.errors import StoreError
from auditor.run import outage
from auditor.store import Store
from tests.servicekit import free_port


def _refused_store_error() -> StoreError:
    """What the store raises when nothing listens on the database's port."""
    store = Store(f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none", migrate=False)
    try:
        with store.session() as session:
            session.execute(text("SELECT 1"))
    except StoreError as exc:
        return exc
    finally:
        store.dispose()
    raise AssertionError("a database on a closed port answered")


def test_an_unreachable_database_is_an_outage() -> None:
    assert outage.is_outage(_refused_store_error())


def test_sqlite_errors_and_bugs_are_not_outages() -> None:
    missing_table = sa.OperationalError("SELECT * FROM nowhere", {},
                                        sqlite3.OperationalError("no such table: nowhere"))
    assert not outage.is_outage(missing_table)
    assert not outage.is_outage(StoreError("database error"))
    assert not outage.is_outage(ValueError("bad value"))
    duplicate = sa.IntegrityError("INSERT", {}, Exception("duplicate key"))
    assert not outage.is_outage(duplicate)


def test_redis_and_broker_connection_errors_are_outages() -> None:
    import kombu.exceptions

    assert outage.is_outage(redis.exceptions.ConnectionError("Connection refused"))
    assert outage.is_outage(kombu.exceptions.OperationalError("Error 111 connecting"))
    assert not outage.is_outage(redis.exceptions.ResponseError("WRONGTYPE"))


def test_patiently_retries_an_outage_and_raises_anything_else(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outage, "FIRST_WAIT_S", 0.001)
    failure = _refused_store_error()
    calls = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise failure
        return "ok"

    assert outage.patiently(flaky) == "ok" and len(calls) == 3

    def broken() -> None:
        calls.append(1)
        raise ValueError("a bug")

    calls.clear()
    with pytest.raises(ValueError):
        outage.patiently(broken)
    assert len(calls) == 1


def test_patience_runs_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outage, "FIRST_WAIT_S", 0.001)
    monkeypatch.setattr(outage, "PATIENCE_S", 0.05)
    failure = _refused_store_error()

    def down() -> None:
        raise failure

    with pytest.raises(StoreError):
        outage.patiently(down)


def test_async_retries_log_the_first_and_every_tenth_try(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    import asyncio
    import logging

    monkeypatch.setattr(outage, "FIRST_WAIT_S", 0.0005)
    monkeypatch.setattr(outage, "MAX_WAIT_S", 0.001)
    failure = _refused_store_error()
    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) <= 12:
            raise failure
        return "back"

    async def fresh() -> str:
        return flaky()

    with caplog.at_level(logging.DEBUG, logger="auditor.run.outage"):
        assert asyncio.run(outage.patiently_async(flaky)) == "back"
        calls.clear()
        assert asyncio.run(outage.patiently_await(fresh, "ledger")) == "back"
    ours = [r for r in caplog.records if r.name == "auditor.run.outage"]
    warnings = [r for r in ours if r.levelno == logging.WARNING]
    assert len(calls) == 13
    assert [str(getattr(r, "outage", "")).rsplit(".", 1)[-1] for r in warnings] == [
        "flaky", "flaky", "ledger", "ledger"]
    assert sum(r.levelno == logging.DEBUG for r in ours) == 20
