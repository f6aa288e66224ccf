"""The store: SQLAlchemy tables, Alembic migrations and the session factory."""

from auditor.store.db import Store, upgrade

__all__ = ["Store", "upgrade"]
