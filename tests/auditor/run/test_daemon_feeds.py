"""The daemon's feed refresh: one bad feed never costs the feeds after it their refresh."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from auditor.assess.feeds import rates_for
from auditor.models import Organization
from auditor.registry import save_orgs
from auditor.run import workunits
from auditor.run.daemon import Daemon
from auditor.run.schedules import parse_schedules
from auditor.settings import load_settings
from auditor.store import Store
from tests.auditor.loopback import Site

NOW = datetime(2026, 11, 29, tzinfo=UTC)
HEADER = "org_id,period_start,period_end,requests,violations\n"


def test_a_bad_feed_does_not_stop_the_feeds_after_it(tmp_path: Path) -> None:
    site = Site()
    try:
        site.page("/traceback.csv", HEADER + f"acme,2026-10-01,2026-10-31,{2**64},1\n",
                  ctype="text/csv")
        site.page("/unreadable.csv", HEADER + "acme,2026-09-01,2026-09-30,10,1,"
                  + "x" * 200_000 + "\n", ctype="text/csv")
        site.page("/good.csv", HEADER + "acme,2026-11-01,2026-11-30,5000,7\n", ctype="text/csv")
        urls = ",".join(f"{site.url}/{name}.csv" for name in
                        ("traceback", "missing", "unreadable", "good"))
        settings = load_settings(data_dir=tmp_path / "data", testing=True,
                                 crawl={"allow_private_networks": True, "retries": 0},
                                 feeds={"urls": urls})
        store = Store(settings.database_url)
        save_orgs(store, [Organization(id="acme", name="Acme", url="https://acme.example/",
                                       contact_email="ops@acme.example",
                                       audience="teens")], NOW)
        schedule = parse_schedules('[jobs.feeds]\ntask = "refresh_feeds"\nevery = "1h"\n', "s")
        daemon = Daemon(settings, store, schedule)
        daemon.run_job("feeds")
        assert site.hits.get("/good.csv") == 1, site.hits
        assert [(r.requests, r.violations) for r in rates_for(store, "acme")] == [(5000, 7)]
        units = workunits.list_units(store, task="refresh_feeds")
        assert len(units) == 1 and units[0].status == "failed"
        assert "missing.csv" in (units[0].reason or "")  # the failed feed is named
        store.dispose()
    finally:
        site.close()
