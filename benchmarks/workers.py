#!/usr/bin/env python3
"""One vs two Celery workers auditing the shared site farm: pages/s and orgs/hour.

Needs Redis and PostgreSQL (the URLs below, as ``.ci/run`` exports them) and the farm
at shared/bench/sitefarm.py beside the checkout (or $AUDITOR_SITEFARM). Each run
registers fresh org ids, starts W ``auditor worker`` processes (each one fleet runner:
``--concurrency`` audits at once as threads, one analysis pool over the cores),
enqueues the fleet with :func:`auditor.run.fleet.run_fleet` and times it from the
first task sent to the last unit recorded. CPU s is that of the workers' process trees.

    .venv/bin/python benchmarks/workers.py --orgs 40 --workers 1 2
    .venv/bin/python benchmarks/workers.py --orgs 6 --workers 1 --browser always   # rendering

Politeness is off (``testing``) and all farm orgs share one loopback host, so this
measures what a worker can process; the per-host delay bounds real crawls separately
(see docs/deployment.md).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from auditor.models import Organization
from auditor.registry import save_orgs
from auditor.run.fleet import run_fleet
from auditor.settings import load_settings
from auditor.store import Store, audits

FARM = Path(os.environ.get("AUDITOR_SITEFARM", Path(__file__).resolve().parents[2]
                           / "shared" / "bench" / "sitefarm.py"))
REDIS = os.environ.get("AUDITOR_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
POSTGRES = os.environ.get("AUDITOR_TEST_POSTGRES_URL",
                          "postgresql+psycopg://auditor:auditor@127.0.0.1:5432/auditor_test")


def _env(data: Path, browser: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_")}
    env.update({"AUDITOR_DATA_DIR": str(data), "AUDITOR_TESTING": "true",
                "AUDITOR_DATABASE_URL": POSTGRES, "AUDITOR_EXECUTOR_KIND": "celery",
                "AUDITOR_EXECUTOR_BROKER_URL": REDIS,
                "AUDITOR_CRAWL_ALLOW_PRIVATE_NETWORKS": "true", "AUDITOR_CRAWL_BROWSER": browser,
                "AUDITOR_CRAWL_PER_HOST_CONCURRENCY": "16",
                "AUDITOR_CRAWL_BROWSER_PATH": "/usr/bin/chromium"})
    return env


def _tree_cpu_s(pid: int) -> float:
    """CPU seconds of a worker's process tree (the worker, forkserver, analysis workers)."""
    from crawl_fleet import _proc, _tree

    return sum(got[1] for p in _tree(pid) if (got := _proc(p)) is not None)


def run(orgs: int, workers: int, port: int, browser: str,
        concurrency: int) -> dict[str, object]:
    data = Path(tempfile.mkdtemp(prefix="bench-workers-"))
    env = _env(data, browser)
    os.environ.update(env)
    settings = load_settings()
    store = Store(POSTGRES)
    tag = f"b{secrets.token_hex(2)}-"
    fleet = [Organization(id=f"{tag}{i:03d}", name=f"Farm org {i}",
                          url=f"http://127.0.0.1:{port}/org/{i}/",
                          contact_email=f"org{i}@farm.example", audience="under13",
                          jurisdictions=["US"], tier="bench") for i in range(orgs)]
    save_orgs(store, fleet, datetime.now(UTC))
    procs = [subprocess.Popen([sys.executable, "-m", "auditor", "worker", "-n",
                               f"bench{i}-{tag}@%h", "-c", str(concurrency),
                               "--log-level", "WARNING"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True) for i in range(workers)]
    try:
        time.sleep(4)  # workers connect to the broker
        idle = sum(_tree_cpu_s(proc.pid) for proc in procs)
        started = time.monotonic()
        result = run_fleet(fleet, settings, store, trigger="worker", period=f"bench@{tag}")
        elapsed = time.monotonic() - started
        cpu = sum(_tree_cpu_s(proc.pid) for proc in procs) - idle
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            proc.wait(30)
    rows = [r for r in audits.list_audits(store, limit=1_000_000)
            if r.org_id.startswith(tag) and r.status == "done"]
    pages = sum(len((r.crawl or {}).get("pages", [])) for r in rows)
    rendered = sum(1 for r in rows for p in (r.crawl or {}).get("pages", [])
                   if p.get("fetcher") == "browser")
    return {"workers": workers, "concurrency": concurrency, "orgs": orgs, "browser": browser,
            "audited": len(rows), "errors": len(result.errors), "pages": pages,
            "rendered_pages": rendered, "seconds": round(elapsed, 1),
            "pages_per_s": round(pages / elapsed, 1), "workers_cpu_s": round(cpu, 1),
            "cpu_ms_per_page": round(cpu * 1000 / max(pages, 1), 1),
            "orgs_per_hour": round(len(rows) / elapsed * 3600)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=20)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--port", type=int, default=0, help="farm port (default: a free one)")
    parser.add_argument("--latency-ms", type=int, default=20)
    parser.add_argument("--browser", choices=["never", "auto", "always"], default="never")
    parser.add_argument("--concurrency", type=int, default=4, help="audits at once per worker")
    parser.add_argument("--fresh-fraction", type=float, default=0.5)
    parser.add_argument("--js-fraction", type=float, default=0.3)
    args = parser.parse_args()
    if not args.port:
        with socket.socket() as sock:  # a fixed port may already serve someone else's farm
            sock.bind(("127.0.0.1", 0))
            args.port = sock.getsockname()[1]
    farm = subprocess.Popen([sys.executable, str(FARM), "--orgs", str(args.orgs), "--port",
                             str(args.port), "--seed", "7", "--latency-ms",
                             str(args.latency_ms), "--js-fraction", str(args.js_fraction),
                             "--fresh-fraction", str(args.fresh_fraction)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.5)
        for workers in args.workers:
            print(json.dumps(run(args.orgs, workers, args.port, args.browser,
                                 args.concurrency)), flush=True)
    finally:
        farm.terminate()
        farm.wait(10)


if __name__ == "__main__":
    main()
