"""Engine and sessions, with the schema created or upgraded on first use.

SQLite is the embedded default (WAL, foreign keys, a busy timeout so the daemon and a
CLI can share it); a ``postgresql+psycopg://`` URL works the same. Alembic owns the
schema; :func:`upgrade` runs the bundled migrations programmatically so an installed
wheel needs no ``alembic.ini``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from auditor.errors import StoreError

MIGRATIONS = Path(__file__).with_name("migrations")
_upgraded: set[str] = set()
_lock = threading.Lock()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; creates the SQLite file's folder when needed."""
    try:
        if url.startswith("sqlite"):
            path = url.split("///", 1)[1] if "///" in url else ""
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StoreError(f"cannot open database {redact(url)}: {exc}") from None
    return engine


def redact(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, *, force: bool = False) -> None:
    """Bring the schema at `url` to the newest revision (once per process)."""
    with _lock:
        if url in _upgraded and not force:
            return
        try:
            command.upgrade(alembic_config(url), "heads")
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot migrate database {redact(url)}: {exc}") from None
        _upgraded.add(url)


class Store:
    """The database behind one settings object: an engine and a session factory."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        if migrate:
            upgrade(url)
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise StoreError(f"database error: {exc}") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
