"""Audit every org of a running site farm with the full crawl path; compare with a peer.

    python benchmarks/crawl_fleet.py --farm http://127.0.0.1:8800 \
        [--peer "PY .../peer_scrapy.py --farm {farm} --concurrency 32"] [--reps 2]

Each auditor run is a child process (so its CPU and memory are its own): orgs are
handed out one at a time (a shared counter) to one worker process per core, so
none idles while another has orgs left; each worker runs ``crawl_site`` (fetch,
robots, sitemap, parse once with lxml, signals, gzipped WARC, browser escalation)
for several orgs at once over one shared fetcher and one lazily started Chromium.
Per-host limits are lifted because the farm serves every org from one host.
A peer command (``{farm}`` is substituted) runs in the same run, alternating order
per repetition. Printed per run: pages, pages/s, CPU s (user+sys of the whole
process tree), peak RSS (sum over the tree, sampled; Chromium listed apart), and
for the auditor the fraction of pages rendered and whether every page's
``key-content-<org>-`` marker (the farm's JS-only text for JS orgs) was seen.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import resource
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BROWSER_NAMES = ("chrom", "headless_shell", "node")


# ---------------------------------------------------------------- measuring a child
def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except OSError:
            continue
    return out


def _rss_kb(pid: int) -> tuple[int, bool]:
    try:
        with open(f"/proc/{pid}/status") as fh:
            text = fh.read()
        with open(f"/proc/{pid}/comm") as fh:
            comm = fh.read().strip().lower()
    except OSError:
        return 0, False
    rss = next((int(line.split()[1]) for line in text.splitlines() if line.startswith("VmRSS:")), 0)
    return rss, any(n in comm for n in BROWSER_NAMES)


def measure(cmd: list[str]) -> dict[str, Any]:
    """Run `cmd`, sampling the RSS of its process tree; return its JSON line plus costs."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = {"py": 0, "browser": 0, "total": 0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            py = br = 0
            for p in _tree(proc.pid):
                rss, is_browser = _rss_kb(p)
                if is_browser:
                    br += rss
                else:
                    py += rss
            peak["py"], peak["browser"] = max(peak["py"], py), max(peak["browser"], br)
            peak["total"] = max(peak["total"], py + br)
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    stop.set()
    sampler.join()
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    lines = [ln for ln in out.splitlines() if ln.strip().startswith("{")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"{cmd[:3]} failed ({proc.returncode}):\n{err[-3000:]}")
    result = json.loads(lines[-1])
    result.update(
        wall_s=round(wall, 1),
        cpu_s=round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 1),
        peak_rss_mb=round(peak["py"] / 1024, 1),
        peak_browser_rss_mb=round(peak["browser"] / 1024, 1),
        peak_tree_rss_mb=round(peak["total"] / 1024, 1))
    return result


# ---------------------------------------------------------------- the auditor run
def _settings(data_dir: Path, args: argparse.Namespace) -> Any:
    from auditor.settings import load_settings

    return load_settings(data_dir=data_dir, crawl={
        "allow_private_networks": True, "concurrency": args.concurrency,
        "per_host_concurrency": args.concurrency, "per_host_delay_s": 0.0,
        "read_timeout_s": args.timeout, "connect_timeout_s": args.timeout,
        "page_timeout_s": args.timeout * 2, "browser": args.browser,
        "max_open_pages": 2, "budget": {"max_pages": 25, "max_depth": 2}})


async def _shard(urls: list[tuple[int, str]], args: argparse.Namespace, data_dir: Path,
                 deadline: float, taken: Any) -> dict[str, Any]:
    """One worker: `orgs_at_once` loops, each taking the next org nobody has taken
    (`taken` is a counter shared by the workers), so no worker idles while another
    still has a queue of orgs."""
    from auditor.crawl import BrowserPool, crawl_site
    from auditor.models import FetchCause, Fetcher, Organization
    from checks.signals import analyse_page
    from auditor.net.http import HttpFetcher

    settings = _settings(data_dir, args)
    fetcher = HttpFetcher(settings)
    stats: dict[str, Any] = {"orgs": 0, "pages": 0, "ok": 0, "rendered": 0, "marker_seen": 0,
                             "app_shells": 0, "causes": {}, "missing_marker": []}

    def next_org() -> tuple[int, str] | None:
        with taken.get_lock():
            k = taken.value
            if k >= len(urls) or time.monotonic() > deadline:
                return None
            taken.value = k + 1
        return urls[k]

    async def loop(browser: BrowserPool) -> None:
        while (item := next_org()) is not None:
            await one(*item, browser)

    async def one(i: int, url: str, browser: BrowserPool) -> None:
        org = Organization(id=f"org{i}", name=f"Org {i}", url=url,
                           contact_email="bench@example.com", audience="under13")
        snap = await crawl_site(org, settings, audit_id=f"bench-{i}",
                                started_at=datetime.now(UTC), browser=browser,
                                fetcher=fetcher, analyser=analyse_page)
        stats["orgs"] += 1
        for page in snap.pages:
            stats["pages"] += 1
            stats["causes"][page.outcome.value] = stats["causes"].get(page.outcome.value, 0) + 1
            stats["rendered"] += page.fetcher is Fetcher.BROWSER
            stats["app_shells"] += page.app_shell
            if page.outcome is FetchCause.OK:
                stats["ok"] += 1
                if f"key-content-{i}-" in page.text:
                    stats["marker_seen"] += 1
                elif len(stats["missing_marker"]) < 20:
                    stats["missing_marker"].append(
                        [page.url, page.fetcher.value, page.render_reason, page.app_shell,
                         [r.reason for r in snap.log if r.url == page.url][-1:]])
        if snap.warc_path and not args.keep_warcs:
            Path(snap.warc_path).unlink(missing_ok=True)

    async with BrowserPool(settings) as browser:
        try:
            await asyncio.gather(*(loop(browser) for _ in range(args.orgs_at_once)))
        finally:
            await fetcher.aclose()
        stats["browser_renders"] = browser.renders
    return stats


def _worker(urls: list[tuple[int, str]], args: argparse.Namespace, data_dir: str,
            deadline: float, taken: Any, queue: Any) -> None:
    if args.no_signals:  # diagnostic: the crawl stage's own cost, detectors left out
        import checks.signals

        checks.signals.analyze = lambda doc, page=None: []  # type: ignore[assignment]
    queue.put(asyncio.run(_shard(urls, args, Path(data_dir), deadline, taken)))


def run_auditor(args: argparse.Namespace) -> None:
    """Child mode: audit every farm org, print one JSON line."""
    with urllib.request.urlopen(f"{args.farm}/__farm__/orgs.json") as fh:  # noqa: S310
        urls = list(enumerate(json.load(fh)))
    if args.limit_orgs:
        urls = urls[: args.limit_orgs]
    started = time.monotonic()
    deadline = started + (args.time_limit or 1e9)
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    taken = ctx.Value("i", 0)
    with tempfile.TemporaryDirectory(prefix="crawl-fleet-") as data_dir:
        procs = [ctx.Process(target=_worker, args=(urls, args, data_dir, deadline, taken, queue))
                 for _ in range(args.workers)]
        for p in procs:
            p.start()
        shards = [queue.get() for _ in procs]
        for p in procs:
            p.join()
    seconds = time.monotonic() - started
    total: dict[str, Any] = {"crawler": "auditor", "causes": {}, "missing_marker": []}
    for s in shards:
        for key in ("orgs", "pages", "ok", "rendered", "marker_seen", "app_shells",
                    "browser_renders"):
            total[key] = total.get(key, 0) + s[key]
        for k, v in s["causes"].items():
            total["causes"][k] = total["causes"].get(k, 0) + v
        total["missing_marker"] += s["missing_marker"][:5]
    total.update(seconds=round(seconds, 1), pages_per_s=round(total["pages"] / seconds, 1),
                 rendered_fraction=round(total["rendered"] / max(total["pages"], 1), 3),
                 capped=bool(args.time_limit and seconds >= args.time_limit))
    print(json.dumps(total))


# ---------------------------------------------------------------- the comparison
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--farm", required=True, help="site farm base URL (serves /__farm__/orgs.json)")
    ap.add_argument("--peer", help="peer command line; {farm} is replaced by --farm")
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--concurrency", type=int, default=32, help="requests in flight per worker")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes")
    ap.add_argument("--orgs-at-once", type=int, default=16, help="orgs crawled at once per worker")
    ap.add_argument("--browser", choices=["auto", "always", "never"], default="auto")
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--time-limit", type=float, default=0.0, help="stop starting orgs after S s")
    ap.add_argument("--limit-orgs", type=int, default=0)
    ap.add_argument("--keep-warcs", action="store_true")
    ap.add_argument("--no-signals", action="store_true",
                    help="diagnostic: skip checks.signals.analyze to measure the crawl stage alone")
    ap.add_argument("--out", help="append result rows (JSON lines) to this file")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        run_auditor(args)
        return
    own = [sys.executable, __file__, "--child", "--farm", args.farm,
           "--concurrency", str(args.concurrency), "--workers", str(args.workers),
           "--orgs-at-once", str(args.orgs_at_once), "--browser", args.browser,
           "--timeout", str(args.timeout), "--time-limit", str(args.time_limit),
           "--limit-orgs", str(args.limit_orgs)] + (["--no-signals"] if args.no_signals else [])
    peer = shlex.split(args.peer.format(farm=args.farm)) if args.peer else None
    rows = []
    for rep in range(args.reps):
        order = [("auditor", own)] + ([("peer", peer)] if peer else [])
        if rep % 2:
            order.reverse()
        got = {name: measure(cmd) for name, cmd in order}
        row = {"rep": rep, **{f"{k}_{m}": got[k].get(m) for k in got for m in (
            "pages", "pages_per_s", "cpu_s", "peak_rss_mb", "peak_browser_rss_mb", "wall_s")}}
        if peer:
            row["ratio_pages_per_s"] = round(got["auditor"]["pages_per_s"]
                                             / max(got["peer"]["pages_per_s"], 1e-9), 2)
        for key in ("rendered_fraction", "marker_seen", "ok", "app_shells", "causes",
                    "missing_marker", "capped"):
            row[f"auditor_{key}"] = got["auditor"].get(key)
        rows.append(row)
        print(json.dumps(row), flush=True)
        if args.out:
            with open(args.out, "a") as fh:
                fh.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
