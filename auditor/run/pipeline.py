"""One audit of one organization, end to end: the code every driver calls.

registry -> crawl -> signals -> checks -> reviews -> assess -> store -> enforce -> publish.
The CLI, the daemon and Celery workers all call :func:`audit_org`; they differ only
in how many they run at once and who records the unit of work.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import checks
from auditor.assess.assessment import assess
from auditor.assess.attestations import latest_attestation
from auditor.assess.feeds import rates_for
from auditor.assess.review import apply_reviews
from auditor.crawl import BrowserPool, crawl_site
from auditor.enforce.cases import deadline_passed
from auditor.errors import AuditError, CouldNotComplete, TargetRefused
from auditor.models import Assessment, Case, Organization, Rating, SiteSnapshot, Status
from auditor.net.http import HttpFetcher
from auditor.net.ssrf import check_url
from auditor.publish import write_reports
from auditor.run.casework import evaluate
from auditor.settings import Settings
from auditor.store import Store, audits
from checks.signals import analyse_page

log = logging.getLogger(__name__)


@dataclass
class AuditOutcome:
    """What one audit produced, for the driver to print or record."""

    audit_id: str
    org: Organization
    assessment: Assessment
    case: Case | None
    reports: dict[str, Path]
    pages: int
    snapshot_notes: list[str] = field(default_factory=list)

    @property
    def failing(self) -> int:
        return len(self.assessment.failing)

    @property
    def compliant(self) -> bool:
        return self.failing == 0 and self.assessment.rating is Rating.COMPLIANT


def preflight(org: Organization, settings: Settings) -> None:
    """Refuse start URLs the SSRF guard does not allow, before anything is recorded."""
    for url in [org.url, *org.product_urls]:
        try:
            check_url(url, settings)
        except TargetRefused as exc:
            raise TargetRefused(
                f"{exc}; loopback and private addresses are audited only with "
                "--allow-private (setting crawl.allow_private_networks) or a network listed "
                "in crawl.allow_networks", url=url, org_id=org.id) from None


def new_fetcher(settings: Settings) -> HttpFetcher:
    """An HTTP fetcher; on Celery workers its per-host limits are shared through Redis."""
    from auditor.run.limiter import host_limiter

    return HttpFetcher(settings, host_limiter=host_limiter(settings))


@asynccontextmanager
async def _fetcher_for(settings: Settings, given: HttpFetcher | None) -> AsyncIterator[HttpFetcher]:
    if given is not None:
        yield given
        return
    fetcher = new_fetcher(settings)
    try:
        yield fetcher
    finally:
        await fetcher.aclose()
        if fetcher.host_limiter is not None:
            await fetcher.host_limiter.aclose()  # type: ignore[attr-defined]


async def audit_org_async(
    org: Organization,
    settings: Settings,
    store: Store,
    *,
    trigger: str = "cli",
    now: datetime | None = None,
    browser: BrowserPool | None = None,
    report_dir: Path | None = None,
    fetcher: HttpFetcher | None = None,
    executor: Executor | None = None,
) -> AuditOutcome:
    """Audit one org now: crawl, judge, assess, record, evaluate its case, report.

    A fleet passes one shared `browser`, `fetcher` (global and per-host limits) and
    `executor` (a process pool that parses and runs the detectors on both cores).
    """
    now = now or settings.clock()
    preflight(org, settings)
    audit_id = audits.start_audit(store, org.id, trigger, now)
    try:
        attestation = latest_attestation(store, org.id)
        seeds = [c.url for c in attestation.safeguards.values() if c.url] if attestation else []
        async with _fetcher_for(settings, fetcher) as http:
            snapshot: SiteSnapshot = await crawl_site(
                org, settings, audit_id=audit_id, started_at=now, seeds=seeds,
                validators=audits.load_validators(store, org.id), browser=browser,
                fetcher=http, executor=executor, analyser=analyse_page,
                previous_warc=audits.previous_warc(store, org.id),
            )
        findings = apply_reviews(store, checks.run_checks(snapshot, org, settings, now))
        previous = audits.latest_assessment(store, org.id, before=audit_id)
        assessment = assess(
            org, findings, attestation, rates_for(store, org.id), settings, now,
            snapshot=snapshot, audit_id=audit_id,
            remediation_deadline_passed=deadline_passed(store, org.id, now),
        )
        stored = audits.finish_audit(store, audit_id, snapshot, assessment, settings.clock())
        assessment = assessment.model_copy(update={"findings": stored, "audit_id": audit_id})
        case = evaluate(store, settings, org, assessment, now)
        reports = write_reports(
            settings, org, assessment, snapshot=snapshot, case=case, previous=previous,
            out_dir=report_dir or settings.reports_dir,
        )
    except AuditError as exc:
        audits.fail_audit(store, audit_id, str(exc), settings.clock())
        raise
    except Exception as exc:
        audits.fail_audit(store, audit_id, f"{type(exc).__name__}: {exc}", settings.clock())
        raise
    log.info("audited %s: %s, %d failing", org.id, assessment.rating.value,
             len(assessment.failing))
    return AuditOutcome(audit_id, org, assessment, case, reports, len(snapshot.pages),
                        snapshot.notes)


def audit_org(
    org: Organization, settings: Settings, store: Store, **kwargs: object
) -> AuditOutcome:
    """Synchronous :func:`audit_org_async` with its own browser pool."""

    async def _run() -> AuditOutcome:
        async with BrowserPool(settings) as browser:
            return await audit_org_async(org, settings, store, browser=browser, **kwargs)  # type: ignore[arg-type]

    return asyncio.run(_run())


@dataclass
class FleetResult:
    outcomes: list[AuditOutcome] = field(default_factory=list)
    errors: dict[str, AuditError | Exception] = field(default_factory=dict)


async def audit_fleet_async(
    orgs: Sequence[Organization],
    settings: Settings,
    store: Store,
    *,
    trigger: str = "cli",
    on_done: Callable[[Organization, AuditOutcome | None, Exception | None], None] | None = None,
    report_dir: Path | None = None,
) -> FleetResult:
    """Audit many orgs on this machine, a bounded number at once, one shared browser."""
    result = FleetResult()
    limit = asyncio.Semaphore(settings.executor.orgs_at_once)
    pool = analysis_pool(len(orgs))
    async with BrowserPool(settings) as browser, _fetcher_for(settings, None) as fetcher:

        async def one(org: Organization) -> None:
            async with limit:
                try:
                    outcome = await audit_org_async(
                        org, settings, store, trigger=trigger, browser=browser,
                        report_dir=report_dir, fetcher=fetcher, executor=pool,
                    )
                except Exception as exc:  # recorded per org; the fleet goes on
                    result.errors[org.id] = exc
                    if on_done:
                        on_done(org, None, exc)
                    if not isinstance(exc, AuditError):
                        log.exception("audit of %s failed", org.id)
                    return
                result.outcomes.append(outcome)
                if on_done:
                    on_done(org, outcome, None)

        try:
            await asyncio.gather(*(one(org) for org in orgs))
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
    return result


def analysis_pool(org_count: int) -> Executor | None:
    """A process pool for parsing and detectors when a fleet can use more than one core.

    forkserver, not fork: the parent runs an event loop, threads and a browser driver.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if org_count < 2 or not cores or cores < 2:
        return None
    from auditor.run.process import tune_gc

    return ProcessPoolExecutor(max_workers=cores, initializer=tune_gc,
                               mp_context=multiprocessing.get_context("forkserver"))


def audit_fleet(orgs: Sequence[Organization], settings: Settings, store: Store,
                **kwargs: object) -> FleetResult:
    return asyncio.run(audit_fleet_async(orgs, settings, store, **kwargs))  # type: ignore[arg-type]


def exit_code_for(outcomes: Sequence[AuditOutcome], errors: int = 0) -> int:
    """0 all compliant, 1 failing findings, 3 some audit could not complete."""
    if errors:
        return CouldNotComplete.exit_code
    if any(o.failing or any(f.status is Status.FAIL for f in o.assessment.findings
                            if not f.advisory) for o in outcomes):
        return 1
    return 0
