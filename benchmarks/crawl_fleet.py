"""The product path against a peer crawler: `auditor audit --all` on a site farm.

    .venv/bin/python benchmarks/crawl_fleet.py --orgs 100 [--fresh-fraction 0.5] \
        [--peer "PY <bench>/peer_scrapy.py --farm {farm} --concurrency 32"] [--reps 2]

Starts the shared site farm (``shared/bench/sitefarm.py`` beside the checkout, or
$AUDITOR_SITEFARM; or use a running one with ``--farm URL``), and per repetition:

* registers the farm's orgs in a fresh data directory (``auditor orgs import``, not
  timed), then runs ``auditor audit --all`` as its own process: the code users run
  (crawl, detectors, checks, assessment, the SQLite store, HTML/Markdown/JSON reports,
  gzipped WARC evidence), through the one fleet runner and the work-unit ledger;
* runs the peer command in the same repetition, order alternating.

Settings are the production defaults except what a one-host farm needs: per-host
concurrency raised to the global limit and no per-host delay (every farm org shares
one host:port), loopback allowed, and the browser mode of ``--browser``.

Printed per repetition (one JSON row): pages, pages/s (auditor: pages over the span
from its first audit's start to its last audit's end, as the store records them; the
peer: its own crawl span), CPU s (user+sys of the whole process tree, Chromium apart),
CPU ms a page, peak RSS summed over the process tree (sampled every 200 ms; Chromium and
its driver apart) and per quarter of the audits, the CPU split between the auditor's main
process and its analysis workers (parsing and detectors), and the same-run ratio.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shlex
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FARM = Path(os.environ.get("AUDITOR_SITEFARM", ROOT.parent / "shared" / "bench" / "sitefarm.py"))
BROWSER_NAMES = ("chrom", "headless_shell", "node")
TICKS = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- measuring a child tree
def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return out


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += _children(p)
    return out


def _proc(pid: int) -> tuple[int, float, str] | None:
    """(RSS kB, CPU s, command name) of one process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            status = fh.read()
        with open(f"/proc/{pid}/stat") as fh:
            stat = fh.read()
    except OSError:
        return None
    rss = next((int(line.split()[1]) for line in status.splitlines()
                if line.startswith("VmRSS:")), 0)
    comm = stat[stat.index("(") + 1: stat.rindex(")")].lower()
    fields = stat[stat.rindex(")") + 2:].split()
    cpu = (int(fields[11]) + int(fields[12])) / TICKS
    return rss, cpu, comm


def measure(cmd: list[str], env: dict[str, str] | None = None,
            done: Callable[[], int] | None = None, total: int = 0) -> dict[str, Any]:
    """Run `cmd`, sampling its process tree; its JSON line (if any) plus what it cost.
    With `done` (audits finished so far) and `total`, also the tree's peak RSS in each
    quarter of the audits: whether memory levels off or keeps growing with the fleet,
    which a daemon auditing fleet after fleet in one process needs to know."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    peak = {"py": 0, "browser": 0}
    by_quarter = [-1] * 4  # peak RSS kB while the first, ..., last quarter ran (-1: unsampled)
    quarter, next_look = 0, 0.0
    cpu_by_pid: dict[int, tuple[float, int]] = {}  # pid -> (CPU s, depth below the root)
    stop = threading.Event()

    def sample() -> None:
        nonlocal quarter, next_look
        while not stop.is_set():
            py = br = 0
            depth = {proc.pid: 0}
            for p in _tree(proc.pid):
                for c in _children(p):
                    depth[c] = depth.get(p, 0) + 1
                got = _proc(p)
                if got is None:
                    continue
                rss, cpu, comm = got
                if any(n in comm for n in BROWSER_NAMES):
                    br += rss
                else:
                    py += rss
                    cpu_by_pid[p] = (cpu, depth.get(p, 0))
            peak["py"], peak["browser"] = max(peak["py"], py), max(peak["browser"], br)
            if done is not None and total and time.monotonic() >= next_look:
                next_look = time.monotonic() + 2.0
                quarter = min(3, done() * 4 // total)
            by_quarter[quarter] = max(by_quarter[quarter], py)
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    stop.set()
    sampler.join()
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):  # 1: audits done, some findings failing
        raise SystemExit(f"{cmd[:4]} failed ({proc.returncode}):\n{err[-3000:]}")
    lines = [ln for ln in out.splitlines() if ln.strip().startswith("{")]
    result: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    # The command itself is reaped here, so its rusage is exact; its analysis workers
    # and their forkserver are not (nobody waits for the forkserver), so they count as
    # last sampled (up to 0.2 s short each).
    main = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    children = sum(c for c, d in cpu_by_pid.values() if d > 0)
    result.update(
        wall_s=round(wall, 1), cpu_s=round(main + children, 1),
        cpu_main_s=round(main, 1), cpu_children_s=round(children, 1),
        peak_tree_rss_mb=round(peak["py"] / 1024, 1),
        peak_browser_rss_mb=round(peak["browser"] / 1024, 1))
    if done is not None and total:
        # a short run can pass a quarter between two looks at the store: None, not 0
        result["peak_tree_rss_mb_by_quarter"] = [round(kb / 1024, 1) if kb >= 0 else None
                                                 for kb in by_quarter]
    return result


# ---------------------------------------------------------------- the auditor's run
def _env(data: Path, args: argparse.Namespace) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_")}
    env.update({
        "AUDITOR_DATA_DIR": str(data),
        "AUDITOR_CRAWL_ALLOW_PRIVATE_NETWORKS": "true",
        # the farm serves every org from one host:port: per-host limits as for many hosts
        "AUDITOR_CRAWL_PER_HOST_CONCURRENCY": str(args.per_host_concurrency),
        "AUDITOR_CRAWL_PER_HOST_DELAY_S": "0",
        "AUDITOR_CRAWL_BROWSER": args.browser,
    })  # the Chromium is the one the product finds (AUDITOR_CRAWL_BROWSER_PATH, if set)
    for item in args.setting:
        key, _, value = item.partition("=")
        env[key] = value
    return env


def _register(farm: str, data: Path, env: dict[str, str], limit: int) -> int:
    with urllib.request.urlopen(f"{farm}/__farm__/orgs.json") as fh:  # noqa: S310 (loopback)
        urls = json.load(fh)
    if limit:
        urls = urls[:limit]
    data.mkdir(parents=True, exist_ok=True)
    path = data / "orgs.csv"
    with open(path, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "name", "url", "product_urls", "contact_email", "audience",
                      "jurisdictions", "tier"])
        for i, url in enumerate(urls):
            out.writerow([f"org{i}", f"Farm org {i}", url, "", f"org{i}@farm.example",
                          "under13", "US", "standard"])
    subprocess.run([sys.executable, "-m", "auditor", "orgs", "import", str(path)], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    return len(urls)


def _audits_done(data: Path) -> int:
    """Audits the run has finished so far (read-only, while it writes)."""
    try:
        db = sqlite3.connect(f"file:{data / 'auditor.db'}?mode=ro", uri=True, timeout=1)
        try:
            return int(db.execute("SELECT count(*) FROM audits WHERE status = 'done'"
                                  ).fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def _recorded(data: Path) -> dict[str, Any]:
    """Pages and span of the audits the store holds (what the run produced)."""
    db = sqlite3.connect(data / "auditor.db")
    try:
        rows = db.execute("SELECT status, started_at, finished_at, crawl FROM audits").fetchall()
    finally:
        db.close()
    done = [r for r in rows if r[0] == "done"]
    pages = rendered = 0
    for _status, _start, _end, crawl in done:
        for page in json.loads(crawl or "{}").get("pages", []):
            pages += 1
            rendered += page.get("fetcher") == "browser"
    starts = [datetime.fromisoformat(str(r[1])) for r in done]
    ends = [datetime.fromisoformat(str(r[2])) for r in done if r[2]]
    span = (max(ends) - min(starts)).total_seconds() if done else 0.0
    return {"audits": len(done), "failed_audits": len(rows) - len(done), "pages": pages,
            "rendered": rendered, "seconds": round(span, 1)}


def _browser(env: dict[str, str]) -> str | None:
    """The Chromium the audit run launched (None with ``--browser never``), as the
    product's own pool chooses it from the run's settings."""
    from auditor.crawl.browser import BrowserPool
    from auditor.settings import load_settings

    crawl = {"browser": env["AUDITOR_CRAWL_BROWSER"]}
    if env.get("AUDITOR_CRAWL_BROWSER_PATH"):
        crawl["browser_path"] = env["AUDITOR_CRAWL_BROWSER_PATH"]
    return BrowserPool(load_settings(crawl=crawl)).executable


def _cpu_of(pid: int | None) -> float | None:
    got = _proc(pid) if pid else None
    return got[1] if got else None


def run_auditor(farm: str, args: argparse.Namespace, farm_pid: int | None = None
                ) -> dict[str, Any]:
    data = Path(tempfile.mkdtemp(prefix="crawl-fleet-"))
    try:
        env = _env(data, args)
        orgs = _register(farm, data, env, args.limit_orgs)
        farm_before = _cpu_of(farm_pid)
        got = measure([sys.executable, "-m", "auditor", "audit", "--all"], env=env,
                      done=lambda: _audits_done(data), total=orgs)
        farm_after = _cpu_of(farm_pid)
        if farm_before is not None and farm_after is not None:
            got["farm_cpu_s"] = round(farm_after - farm_before, 2)
        got.update(_recorded(data), orgs=orgs, browser_path=_browser(env))
        got["pages_per_s"] = round(got["pages"] / max(got["seconds"], 1e-9), 1)
        got["warc_mb"] = round(sum(p.stat().st_size for p in (data / "evidence").rglob("*"))
                               / 2**20, 1) if (data / "evidence").exists() else 0
        return got
    finally:
        if not args.keep_data:
            shutil.rmtree(data, ignore_errors=True)


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians and ranges over the repetitions: on a shared 2-core host the peer alone
    swings by a fifth between runs of the same farm, so one row's ratio is no verdict."""
    out: dict[str, Any] = {"reps": len(rows)}
    for key in ("ratio_pages_per_s", "auditor_pages_per_s", "peer_pages_per_s",
                "auditor_cpu_ms_per_page", "auditor_peak_tree_rss_mb"):
        values = [row[key] for row in rows if row.get(key) is not None]
        if values:
            out[f"{key}_median"] = round(statistics.median(values), 2)
            out[f"{key}_range"] = [min(values), max(values)]
    return out


# ---------------------------------------------------------------- the farm
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_farm(args: argparse.Namespace) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    cmd = [sys.executable, str(FARM), "--orgs", str(args.orgs), "--port", str(port),
           "--latency-ms", str(args.latency_ms), "--js-fraction", str(args.js_fraction),
           "--fresh-fraction", str(args.fresh_fraction), "--seed", str(args.seed)]
    farm = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/__farm__/stats", timeout=2).close()  # noqa: S310
            return farm, url
        except OSError:
            if time.monotonic() > deadline or farm.poll() is not None:
                farm.kill()
                raise SystemExit(f"the farm did not start: {shlex.join(cmd)}") from None
            time.sleep(0.2)


# ---------------------------------------------------------------- the comparison
def _per_page(row: dict[str, Any]) -> float:
    return round(float(row.get("cpu_s", 0)) * 1000 / max(int(row.get("pages", 0)), 1), 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--farm", help="a running farm's base URL (else one is started)")
    ap.add_argument("--orgs", type=int, default=100, help="orgs of the started farm")
    ap.add_argument("--fresh-fraction", type=float, default=0.5)
    ap.add_argument("--latency-ms", type=int, default=0)
    ap.add_argument("--js-fraction", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--peer", help="peer command line; {farm} is replaced by the farm URL")
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--browser", choices=["auto", "always", "never"], default="auto",
                    help="the crawl's browser setting (default: the product's own, auto: "
                         "pages carrying evidence are confirmed in Chromium)")
    ap.add_argument("--per-host-concurrency", type=int, default=16,
                    help="raised per-host limit (the default global limit is 16)")
    ap.add_argument("--setting", action="append", default=[], metavar="AUDITOR_X=V",
                    help="another setting for the auditor run (repeatable)")
    ap.add_argument("--limit-orgs", type=int, default=0)
    ap.add_argument("--keep-data", action="store_true", help="keep store, reports and WARCs")
    ap.add_argument("--out", help="append result rows (JSON lines) to this file")
    args = ap.parse_args()
    farm_proc, farm = (None, args.farm) if args.farm else start_farm(args)
    peer = shlex.split(args.peer.format(farm=farm)) if args.peer else None
    rows: list[dict[str, Any]] = []
    try:
        for rep in range(args.reps):
            order = ["auditor", "peer"] if peer else ["auditor"]
            if rep % 2:
                order.reverse()
            got = {name: run_auditor(farm, args, farm_proc.pid if farm_proc else None)
                   if name == "auditor" else measure(peer or []) for name in order}
            row: dict[str, Any] = {"rep": rep, "farm": {
                "orgs": args.orgs, "fresh_fraction": args.fresh_fraction,
                "latency_ms": args.latency_ms, "js_fraction": args.js_fraction}}
            for name, res in got.items():
                res["cpu_ms_per_page"] = _per_page(res)
                for key in ("pages", "pages_per_s", "seconds", "wall_s", "cpu_s",
                            "cpu_ms_per_page", "peak_tree_rss_mb", "peak_browser_rss_mb"):
                    row[f"{name}_{key}"] = res.get(key)
            auditor = got["auditor"]
            for key in ("audits", "failed_audits", "rendered", "cpu_main_s", "cpu_children_s",
                        "warc_mb", "farm_cpu_s", "peak_tree_rss_mb_by_quarter", "browser_path"):
                row[f"auditor_{key}"] = auditor.get(key)
            if auditor.get("farm_cpu_s"):
                # the farm served the same bytes in every run: its CPU is a load gauge
                row["auditor_cpu_per_farm_cpu"] = round(
                    auditor["cpu_s"] / max(auditor["farm_cpu_s"], 1e-9), 2)
            if peer:
                row["ratio_pages_per_s"] = round(
                    auditor["pages_per_s"] / max(got["peer"]["pages_per_s"], 1e-9), 2)
            print(json.dumps(row), flush=True)
            rows.append(row)
            if args.out:
                with open(args.out, "a") as fh:
                    fh.write(json.dumps(row) + "\n")
        if len(rows) > 1:
            print(json.dumps({"summary": summarise(rows)}), flush=True)
    finally:
        if farm_proc is not None:
            farm_proc.terminate()
            farm_proc.wait(10)


if __name__ == "__main__":
    main()
