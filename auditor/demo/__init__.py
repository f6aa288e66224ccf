"""The demo: bundled org sites on loopback, audited through the whole pipeline.

Runs on embedded defaults (SQLite and a Maildir in the data directory). Nothing is
sent to an organization: remediation requests wait for a person's approval, exactly
as in production; only the auditors' compliance summary is delivered (to the Maildir).

:func:`run_demo` audits the sites once; :func:`demo_daemon` keeps them served and runs
the daemon on them with the fast demo schedule, so scheduled audits, the summary and
the metrics endpoint can be watched. Both serve the sites on the same port when it is
free, so the org URLs, and with them the page diffs between audits, stay the same.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.models import Organization
from auditor.registry import import_orgs
from auditor.resources import demo_dir
from auditor.run.fleet import FleetResult, new_period, run_fleet
from auditor.run.pipeline import AuditOutcome
from auditor.settings import Settings
from auditor.store import Store

if TYPE_CHECKING:
    from auditor.run.daemon import Daemon

from .server import DEMO_ORGS, DEMO_PORT, SiteServer

__all__ = ["DEMO_ORGS", "DEMO_PORT", "DEMO_SCHEDULE", "DemoDaemon", "DemoResult", "SiteServer",
           "demo_daemon", "prepare_demo_files", "register_demo", "run_demo"]

DEMO_SCHEDULE = "fast-demo.toml"
"""The bundled schedule the demo daemon runs: the fleet at once then hourly, the
summary as soon as the fleet run is finished."""
METRICS_PORT = 9464


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


def register_demo(settings: Settings, store: Store, base_url: str) -> list[Organization]:
    """Register the demo orgs at `base_url`, import their feed and attestations."""
    from auditor.assess.attestations import import_attestations
    from auditor.assess.feeds import import_feed
    from auditor.registry import list_orgs

    orgs_file, feed_file, attestation_files = prepare_demo_files(
        base_url, settings.data_dir / "demo-input")
    import_orgs(store, orgs_file, settings.clock())
    orgs = [o for o in list_orgs(store) if o.id in DEMO_ORGS]
    import_feed(store, str(feed_file), settings)
    import_attestations(store, attestation_files, orgs)
    return orgs


def run_demo(
    settings: Settings,
    store: Store,
    on_done: Callable[[Organization, AuditOutcome | None, Exception | None], None] | None = None,
) -> DemoResult:
    """Serve the demo sites, register them, import feed and attestations, audit all."""
    from auditor.publish import outbox, summary
    from auditor.publish.fleet import write_fleet_report

    now = settings.clock()
    with SiteServer(port=DEMO_PORT) as server:
        orgs = register_demo(settings, store, server.base_url)
        fleet = run_fleet(orgs, settings, store, trigger="demo", on_done=on_done,
                          period=new_period("demo", settings), executor="local")
    result = DemoResult(fleet=fleet, base_url=server.base_url, mail_dir=settings.data_dir / "mail")
    result.fleet_report = write_fleet_report(store, settings, settings.reports_dir)
    period = f"{now:%Y-%m-%d}-demo"
    outbox.enqueue(store, summary.build_summary(store, settings, period, now))
    outbox.flush(store, settings, settings.clock())
    result.pending_cases = [o.case.id for o in fleet.outcomes if o.case and o.case.pending]
    return result


@dataclass
class DemoDaemon:
    """The daemon over the served demo sites; run it with ``daemon.run()``."""

    daemon: Daemon
    base_url: str
    metrics_url: str
    schedule_file: Path


def free_port(preferred: int) -> int:
    """`preferred` when it is free on 127.0.0.1, else any free port."""
    for port in (preferred, 0):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(sock.getsockname()[1])
    raise OSError("no free port on 127.0.0.1")


@contextmanager
def demo_daemon(settings: Settings, store: Store, *, schedule_file: Path | None = None,
                metrics_port: int | None = None) -> Iterator[DemoDaemon]:
    """Serve the demo sites, register them, and make the daemon that audits them on the
    demo schedule; the sites are served until the block ends (after the daemon stops)."""
    from auditor.resources import schedules_dir
    from auditor.run.daemon import Daemon
    from auditor.run.schedules import load_schedules

    path = (schedule_file or schedules_dir() / DEMO_SCHEDULE).resolve()
    schedule = load_schedules(path)
    port = free_port(metrics_port or METRICS_PORT)
    with SiteServer(port=DEMO_PORT) as server:
        register_demo(settings, store, server.base_url)
        daemon = Daemon(settings, store, schedule, metrics_port=port)
        yield DemoDaemon(daemon, server.base_url, f"http://127.0.0.1:{port}/metrics", path)
