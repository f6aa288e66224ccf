"""APScheduler's job table: its name and the one read of it outside the scheduler.

The daemon keeps its persistent jobs there (SQLAlchemyJobStore); ``auditor status``
reads the next run times back without starting a scheduler.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import inspect, text

from auditor.store import Store

JOBS_TABLE = "apscheduler_jobs"


def next_runs(store: Store) -> dict[str, datetime | None]:
    """Next run time per persistent job, read straight from APScheduler's table."""
    if not inspect(store.engine).has_table(JOBS_TABLE):
        return {}
    with store.engine.connect() as conn:
        rows = conn.execute(text(f"SELECT id, next_run_time FROM {JOBS_TABLE}"))
        return {r[0]: None if r[1] is None else datetime.fromtimestamp(r[1], UTC)
                for r in rows}
