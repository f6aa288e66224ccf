"""Run a fleet: the one entry point of `auditor audit --all`, the daemon and the demo.

Audits run on this machine (the local executor) or on Celery workers; either way each
org is audited by a :class:`~auditor.run.runner.FleetRunner` (one per process) and
recorded through the work-unit ledger, which decides that an org is audited once per
period.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from auditor.run.runner import FleetResult, FleetRunner, OnDone, RunnerThread
from auditor.run.schedules import period_label
from auditor.settings import Settings
from auditor.store import Store

if TYPE_CHECKING:
    from auditor.models import Organization

__all__ = ["FleetResult", "new_period", "run_fleet"]


def new_period(trigger: str, settings: Settings) -> str:
    """A fresh period for a one-off run (the CLI): its own, never deduplicated."""
    return f"{period_label(trigger, settings.clock())}-{secrets.token_hex(2)}"


def run_fleet(
    orgs: Sequence[Organization],
    settings: Settings,
    store: Store,
    *,
    trigger: str = "cli",
    on_done: OnDone | None = None,
    period: str | None = None,
    stop: threading.Event | None = None,
    grace_s: float | None = None,
    report_dir: Path | None = None,
    runner: RunnerThread | None = None,
    executor: Literal["local", "celery"] | None = None,
    keep_outcomes: bool = True,
) -> FleetResult:
    """Audit `orgs` once per `period` on `executor` (default: ``settings.executor.kind``).

    Locally the fleet runs on `runner` when the caller keeps one for the life of its
    process (the daemon), else on a runner opened for this fleet. `report_dir` applies to
    the local executor; Celery workers write reports under their own ``reports_dir``
    (results and evidence are in the shared store either way). With `keep_outcomes`
    off, each outcome goes to `on_done` only, and the result counts them.
    """
    from auditor.run.local import run_local

    period = period or new_period(trigger, settings)
    if (executor or settings.executor.kind) == "celery":
        from auditor.run.celery_fleet import run_celery

        return run_celery(orgs, settings, store, period=period, trigger=trigger,
                          on_done=on_done, stop=stop, keep_outcomes=keep_outcomes)
    grace = grace_s if grace_s is not None else max(0.5, settings.daemon.shutdown_grace_s - 2)

    async def fleet(on: FleetRunner) -> FleetResult:
        return await run_local(on, orgs, period=period, trigger=trigger, on_done=on_done,
                               stop=stop, grace_s=grace, report_dir=report_dir,
                               keep_outcomes=keep_outcomes)

    if runner is not None:
        return runner.call(fleet)

    async def own_runner() -> FleetResult:
        async with FleetRunner(settings, store, pool=len(orgs) > 1) as on:
            return await fleet(on)

    return asyncio.run(own_runner())
