"""One audit of one organization, end to end: the code every driver calls.

registry -> crawl -> signals -> checks -> reviews -> assess -> store -> enforce -> publish.
`auditor audit ORG` calls :func:`audit_org`; fleets (`auditor audit --all`, the daemon,
Celery workers, the demo) call :func:`audit_org_async` through the one fleet runner,
:class:`auditor.run.runner.FleetRunner`, which shares a fetcher, a browser and an
analysis pool between the audits of a process.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from concurrent.futures import Executor
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
from auditor.models import (
    Assessment,
    Case,
    Finding,
    Organization,
    Rating,
    SiteSnapshot,
    Status,
)
from auditor.net.http import HttpFetcher
from auditor.net.ssrf import check_url
from auditor.publish import write_reports
from auditor.run.casework import evaluate
from auditor.run.outage import patiently_async
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

    A fleet passes the shared `browser`, `fetcher` (global and per-host limits) and
    `executor` (a process pool that parses and runs the detectors on every core); see
    :class:`auditor.run.runner.FleetRunner`. Each store call waits out an outage of
    the database (:mod:`auditor.run.outage`), so a restart pauses the audit instead
    of failing it; the crawl itself does not touch the store.
    """
    now = now or settings.clock()
    preflight(org, settings)
    audit_id = await patiently_async(audits.start_audit, store, org.id, trigger, now)
    try:
        attestation = await patiently_async(latest_attestation, store, org.id)
        seeds = [c.url for c in attestation.safeguards.values() if c.url] if attestation else []
        validators = await patiently_async(audits.load_validators, store, org.id)
        previous_warc = await patiently_async(audits.previous_warc, store, org.id)
        snapshot: SiteSnapshot = await crawl_site(
            org, settings, audit_id=audit_id, started_at=now, seeds=seeds,
            validators=validators, browser=browser, fetcher=fetcher, executor=executor,
            analyser=analyse_page, previous_warc=previous_warc,
        )
        judged = checks.run_checks(snapshot, org, settings, now)
        findings = await patiently_async(apply_reviews, store, judged)
        previous = await patiently_async(audits.latest_assessment, store, org.id,
                                         before=audit_id)
        rates = await patiently_async(rates_for, store, org.id)
        overdue = await patiently_async(deadline_passed, store, org.id, now)
        assessment = assess(
            org, findings, attestation, rates, settings, now,
            snapshot=snapshot, audit_id=audit_id, remediation_deadline_passed=overdue,
        )
        stored = await _finish(store, audit_id, snapshot, assessment, settings)
        assessment = assessment.model_copy(update={"findings": stored, "audit_id": audit_id})
        case = await patiently_async(evaluate, store, settings, org, assessment, now)
        reports = write_reports(
            settings, org, assessment, snapshot=snapshot, case=case, previous=previous,
            out_dir=report_dir or settings.reports_dir, store=store,
        )
    except Exception as exc:
        reason = str(exc) if isinstance(exc, AuditError) else f"{type(exc).__name__}: {exc}"
        await patiently_async(audits.fail_audit, store, audit_id, reason, settings.clock())
        raise
    log.info("audited %s: %s, %d failing", org.id, assessment.rating.value,
             len(assessment.failing))
    return AuditOutcome(audit_id, org, assessment, case, reports, len(snapshot.pages),
                        snapshot.notes)


async def _finish(store: Store, audit_id: str, snapshot: SiteSnapshot, assessment: Assessment,
                  settings: Settings) -> list[Finding]:
    """Record the audit as done, once, even when the connection drops around the commit.

    Recording is one transaction; if the connection fails, the commit may or may not have
    happened, so each later try first looks whether the audit is already done.
    """
    tried = False

    def record() -> list[Finding]:
        nonlocal tried
        if tried:
            done = audits.get_audit(store, audit_id)
            if done.status == "done":
                return done.findings
        tried = True
        return audits.finish_audit(store, audit_id, snapshot, assessment, settings.clock())

    return await patiently_async(record)


def audit_org(
    org: Organization, settings: Settings, store: Store, **kwargs: object
) -> AuditOutcome:
    """Synchronous :func:`audit_org_async` with its own browser pool (one org: no pool)."""

    async def _run() -> AuditOutcome:
        async with BrowserPool(settings) as browser:
            return await audit_org_async(org, settings, store, browser=browser, **kwargs)  # type: ignore[arg-type]

    return asyncio.run(_run())


def exit_code_for(outcomes: Sequence[AuditOutcome], errors: int = 0) -> int:
    """0 all compliant, 1 failing findings, 3 some audit could not complete."""
    if errors:
        return CouldNotComplete.exit_code
    if any(o.failing or any(f.status is Status.FAIL for f in o.assessment.findings
                            if not f.advisory) for o in outcomes):
        return 1
    return 0
