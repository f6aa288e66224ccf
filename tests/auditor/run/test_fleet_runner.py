"""The one fleet runner: the audits of a process share one fetcher, so per-host limits
hold across the whole fleet; and running a fleet (or the daemon) from library code
leaves the process's own settings alone (GC thresholds, signal handlers)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from auditor.run import workunits
from auditor.run.fleet import run_fleet
from auditor.settings import load_settings
from auditor.store import Store
from tests.auditor.fleetkit import FarmLoad, farm_orgs, org_farm, register

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]

REPO = Path(__file__).resolve().parents[3]


def test_per_host_limit_holds_across_the_fleet(tmp_path: Path) -> None:
    """Four orgs at once on one host with a per-host limit of one: one request at a time
    (a fetcher per org would have let each org open its own)."""
    load = FarmLoad()
    settings = load_settings(data_dir=tmp_path / "data", testing=True, executor={
        "orgs_at_once": 4}, crawl={"allow_private_networks": True, "browser": "never",
                                   "per_host_concurrency": 1, "concurrency": 16})
    store = Store(settings.database_url)
    with org_farm(latency_s=0.03, load=load) as base:
        orgs = farm_orgs(base, 8)
        register(store, orgs)
        result = run_fleet(orgs, settings, store, trigger="cli", period="runner-test@1")
    assert len(result.outcomes) == 8 and not result.errors
    assert load.total > 8 * 3, "the fleet crawled several pages per org"
    assert load.peak == 1, f"{load.peak} requests at once to one host"
    units = workunits.list_units(store, period="runner-test@1")
    assert Counter(u.status for u in units) == Counter({"done": 8})


_PROBE = """
import gc, json, signal, sys, threading
from pathlib import Path
from auditor.run.daemon import Daemon
from auditor.run.fleet import run_fleet
from auditor.run.schedules import load_schedules
from auditor.settings import load_settings
from auditor.store import Store
from tests.auditor.fleetkit import farm_orgs, org_farm, register

data = Path(sys.argv[1])
before = (gc.get_threshold(), signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT))
settings = load_settings(data_dir=data, testing=True,
                         crawl={"allow_private_networks": True, "browser": "never"})
store = Store(settings.database_url)
with org_farm() as base:
    orgs = farm_orgs(base, 3)
    register(store, orgs)
    audited = len(run_fleet(orgs, settings, store).outcomes)
    schedule = data / "s.toml"
    schedule.write_text('[jobs.sweep]\\ntask = "sweep_cases"\\nevery = "1d"\\n')
    daemon = Daemon(settings, store, load_schedules(schedule))
    threading.Timer(1.0, daemon.stop.set).start()
    daemon.run()
after = (gc.get_threshold(), signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT))
print(json.dumps({"audited": audited, "same": before == after, "gc": after[0]}))
"""


def test_library_code_leaves_process_settings_alone(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_")}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run([sys.executable, "-c", _PROBE, str(tmp_path / "data")], env=env,
                          capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["audited"] == 3
    assert report["same"], report
    assert report["gc"] == [700, 10, 10]


def test_audit_all_prints_every_audit(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`auditor audit --all`: the same fleet runner, each audit printed as it ends (JSON) or
    in the table, the exit code of the worst outcome."""
    settings = load_settings(data_dir=tmp_path / "data")
    store = Store(settings.database_url)
    with org_farm() as base:
        orgs = farm_orgs(base, 6)
        register(store, orgs)
        code, out, err = cli("audit", "--all", "--json", "--allow-private")
        data = json.loads(out)
        assert code in (0, 1), err
        assert sorted(a["org"]["id"] for a in data["audits"]) == sorted(o.id for o in orgs)
        assert data["errors"] == {}
        assert all(a["assessment"]["findings"] and a["pages"] for a in data["audits"])
        assert code == (1 if any(f["status"] == "fail" and not f["advisory"]
                                 for a in data["audits"]
                                 for f in a["assessment"]["findings"]) else 0)
        code, out, err = cli("audit", "--all", "--allow-private")
        assert code in (0, 1), err
        assert all(o.id in out for o in orgs)
    done = Counter(u.org_id for u in workunits.list_units(store) if u.status == "done")
    assert done == Counter({o.id: 2 for o in orgs}), "each run is its own period"
