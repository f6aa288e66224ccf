"""Where fleet audits run: on this machine (asyncio) or on Celery workers.

Both run the same :func:`auditor.run.units.run_unit` for each org, and both go
through the work-unit ledger, which decides that an org is audited once per period.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.run.schedules import period_label
from auditor.settings import Settings
from auditor.store import Store

if TYPE_CHECKING:
    from auditor.models import Organization
    from auditor.run.pipeline import AuditOutcome, FleetResult

__all__ = ["new_period", "run_fleet"]


def new_period(trigger: str, settings: Settings) -> str:
    """A fresh period for a one-off run (the CLI): its own, never deduplicated."""
    return f"{period_label(trigger, settings.clock())}-{secrets.token_hex(2)}"


def run_fleet(
    orgs: Sequence[Organization],
    settings: Settings,
    store: Store,
    *,
    trigger: str = "cli",
    on_done: Callable[[Organization, AuditOutcome | None, Exception | None], None] | None = None,
    period: str | None = None,
    stop: threading.Event | None = None,
    grace_s: float | None = None,
    report_dir: Path | None = None,
) -> FleetResult:
    """Audit `orgs` with the executor `settings.executor.kind` names, once per `period`.

    `report_dir` applies to the local executor; Celery workers write reports under their
    own ``reports_dir`` (results and evidence are in the shared store either way).
    """
    period = period or new_period(trigger, settings)
    if settings.executor.kind == "celery":
        from auditor.run.celery_fleet import run_celery

        return run_celery(orgs, settings, store, period=period, trigger=trigger,
                          on_done=on_done, stop=stop)
    from auditor.run.local import run_local_async

    grace = grace_s if grace_s is not None else max(0.5, settings.daemon.shutdown_grace_s - 2)
    return asyncio.run(run_local_async(orgs, settings, store, period=period, trigger=trigger,
                                       on_done=on_done, stop=stop, grace_s=grace,
                                       report_dir=report_dir))
