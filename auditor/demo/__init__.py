"""The demo: bundled org sites on loopback, audited through the whole pipeline.

Runs on embedded defaults (SQLite and a Maildir in the data directory). Nothing is
sent to an organization: remediation requests wait for a person's approval, exactly
as in production; only the auditors' compliance summary is delivered (to the Maildir).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from auditor.models import Organization
from auditor.registry import import_orgs
from auditor.resources import demo_dir
from auditor.run.fleet import FleetResult, new_period, run_fleet
from auditor.run.pipeline import AuditOutcome
from auditor.settings import Settings
from auditor.store import Store

from .server import DEMO_ORGS, SiteServer

__all__ = ["DEMO_ORGS", "DemoResult", "SiteServer", "prepare_demo_files", "run_demo"]


@dataclass
class DemoResult:
    fleet: FleetResult
    base_url: str
    fleet_report: Path | None = None
    summary_path: Path | None = None
    mail_dir: Path | None = None
    pending_cases: list[str] = field(default_factory=list)


def prepare_demo_files(base_url: str, out: Path) -> tuple[Path, Path, list[Path]]:
    """Write the demo orgs, feed and attestations with the server's address filled in."""
    out.mkdir(parents=True, exist_ok=True)
    src = demo_dir()
    orgs = out / "orgs.csv"
    orgs.write_text((src / "orgs.csv").read_text().replace("{base}", base_url))
    feed = out / "feed.csv"
    feed.write_text((src / "feed.csv").read_text())
    attestations = []
    for path in sorted((src / "attestations").glob("*.yaml")):
        site = f"{base_url}/{path.stem}/"
        target = out / path.name
        target.write_text(path.read_text().replace("{site}", site))
        attestations.append(target)
    return orgs, feed, attestations


def run_demo(
    settings: Settings,
    store: Store,
    on_done: Callable[[Organization, AuditOutcome | None, Exception | None], None] | None = None,
) -> DemoResult:
    """Serve the demo sites, register them, import feed and attestations, audit all."""
    from auditor.assess.attestations import import_attestations
    from auditor.assess.feeds import import_feed
    from auditor.publish import outbox, summary
    from auditor.publish.fleet import write_fleet_report
    from auditor.registry import list_orgs

    now = settings.clock()
    with SiteServer() as server:
        orgs_file, feed_file, attestation_files = prepare_demo_files(
            server.base_url, settings.data_dir / "demo-input"
        )
        import_orgs(store, orgs_file, now)
        orgs = [o for o in list_orgs(store) if o.id in DEMO_ORGS]
        import_feed(store, str(feed_file), settings)
        import_attestations(store, attestation_files, orgs)
        fleet = run_fleet(orgs, settings, store, trigger="demo", on_done=on_done,
                          period=new_period("demo", settings), executor="local")
    result = DemoResult(fleet=fleet, base_url=server.base_url, mail_dir=settings.data_dir / "mail")
    result.fleet_report = write_fleet_report(store, settings, settings.reports_dir)
    period = f"{now:%Y-%m-%d}-demo"
    outbox.enqueue(store, summary.build_summary(store, settings, period, now))
    outbox.flush(store, settings, settings.clock())
    result.pending_cases = [o.case.id for o in fleet.outcomes if o.case and o.case.pending]
    return result
