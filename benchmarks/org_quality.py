"""Detector quality on the path users run: the real-page corpus served as org sites,
audited by ``auditor audit --all``, each org's observed safeguards scored against the
labels of its documents.

    .venv/bin/python benchmarks/org_quality.py [--split dev|test ...] [--half A|B] \
        [--browser never|auto] [--verbose] [--json] [--keep-data]

`benchmarks/quality.py` scores pages one by one as ``auditor inspect FILE`` reads them;
an auditor sees something else: an org's site crawled over HTTP, every page's signals
combined by the checks into one status per safeguard. Here each service of the corpus
(the first part of a document id) becomes one org on a local server, under its own path
(``/o/<service>/``): a home page linking to its documents with the titles a site would
give them, each document served as a site serves it (HTML as stored, Markdown rendered
to HTML, plain text as ``text/plain``). The orgs are registered in a fresh data
directory (SQLite) and audited by ``auditor audit --all`` as its own process, with the
production settings except what one local host needs (loopback allowed, per-host limits
raised, no per-host delay). Every org is declared to serve children under 13 in the US,
so every check applies.

Scored per org (an org has a safeguard when any of its documents is labelled with the
signal that shows it): observed means the assessment's status is ``verified`` or
``observed_unattested`` (nothing is attested here). Beside each figure, the same orgs
scored from ``auditor inspect FILE`` on each document (any document's signal): the
difference is what crawling, serving and the checks add or lose. Also: orgs whose
documents only disclaim children yet get ``coppa_statement`` observed, and how many
served documents the crawl fetched.

Held-out rule: the test part is scored, never listed; org names are printed (with
``--verbose``) for the development part only.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from auditor.parse.files import MARKDOWN_SUFFIXES  # noqa: E402
from auditor.parse.textdoc import render_markdown  # noqa: E402
from checks import corpus  # noqa: E402
from checks.scoring import Counts, LabeledPage, load_real, predict_files  # noqa: E402

SAFEGUARDS: dict[str, str] = {
    "coppa_statement": "coppa_notice",
    "age_verification": "age_assurance",
    "content_moderation": "content_moderation",
    "monitoring_reporting": "reporting_mechanism",
    "educational_resources": "minors_education",
}
"""Safeguard of the assessment -> the page signal whose label says the org shows it.
``ai_disclosure`` is left out on purpose: its check wants the disclosure where users
chat (`checks.ai_disclosure_present`), and a policy page alone never shows that."""
OBSERVED = frozenset({"verified", "observed_unattested"})
TITLES = {
    "privacy_policy": "Privacy Policy", "terms": "Terms of Service", "ai_terms": "AI Terms",
    "community_guidelines": "Community Guidelines", "usage_policy": "Usage Policy",
    "help_article": "Help Centre", "safety_centre": "Safety Centre", "other": "Legal",
}
"""The link text a site's home page would give each kind of document."""


@dataclass
class Org:
    """One service of the corpus served as an org site."""

    service: str
    docs: list[tuple[str, corpus.Document]] = field(default_factory=list)
    """(path under the org, document) of each document."""
    labels: dict[str, bool] = field(default_factory=dict)
    inspected: dict[str, bool] = field(default_factory=dict)
    disclaimer_only: bool = False


def build_orgs(pages: list[LabeledPage], docs: dict[str, corpus.Document]) -> dict[str, Org]:
    """Orgs by service, each with its documents and its labels folded (any document)."""
    orgs: dict[str, Org] = {}
    for page in pages:
        service, _, name = page.file.partition("/")
        org = orgs.setdefault(service, Org(service=service))
        org.docs.append((name, docs[page.file]))
        for signal, value in page.labels.items():
            org.labels[signal] = org.labels.get(signal, False) or value
    for org in orgs.values():
        org.disclaimer_only = (org.labels.get("children_disclaimer", False)
                               and not org.labels.get("coppa_notice", False))
    return orgs


# ---------------------------------------------------------------- serving the sites
def _page(title: str, body: str) -> bytes:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}"
            f"</title></head><body>{body}</body></html>").encode()


def render(doc: corpus.Document) -> tuple[bytes, str]:
    """A stored document as a site would serve it: (body, content type)."""
    suffix = doc.path.suffix.lower()
    if suffix in (".html", ".htm"):
        return doc.path.read_bytes(), "text/html"
    if suffix not in MARKDOWN_SUFFIXES:  # .txt, .rst: read as text by either path
        return doc.path.read_bytes(), "text/plain"
    return (_page(TITLES[doc.doc_type], render_markdown(doc.text(), mdx=suffix == ".mdx")),
            "text/html; charset=utf-8")


def serve(orgs: dict[str, Org]) -> tuple[ThreadingHTTPServer, str]:
    """A local server for every org (a thread of this process); returns it and its base URL."""
    routes: dict[str, corpus.Document | bytes] = {}
    for org in orgs.values():
        links = "".join(f"<li><a href='{html.escape(name)}'>"
                        f"{html.escape(TITLES[doc.doc_type])}</a></li>" for name, doc in org.docs)
        routes[f"/o/{org.service}/"] = _page(org.service, f"<h1>{html.escape(org.service)}"
                                             f"</h1><nav><ul>{links}</ul></nav>")
        for name, doc in org.docs:
            routes[f"/o/{org.service}/{name}"] = doc

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            route = routes.get(unquote(urlsplit(self.path).path))
            if route is None:
                self.send_error(404)
                return
            data, kind = (route, "text/html") if isinstance(route, bytes) else render(route)
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# ---------------------------------------------------------------- auditing them
def audit(orgs: dict[str, Org], base: str, data: Path, browser: str) -> dict[str, Any]:
    """Register the orgs and run ``auditor audit --all``; the latest assessment and the
    fetched URLs of each org, by service."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_")}
    env.update({"AUDITOR_DATA_DIR": str(data), "AUDITOR_CRAWL_ALLOW_PRIVATE_NETWORKS": "true",
                "AUDITOR_CRAWL_PER_HOST_CONCURRENCY": "16", "AUDITOR_CRAWL_PER_HOST_DELAY_S": "0",
                "AUDITOR_CRAWL_BROWSER": browser,
                "AUDITOR_CRAWL_BROWSER_PATH": os.environ.get("AUDITOR_CRAWL_BROWSER_PATH",
                                                             "/usr/bin/chromium")})
    ids = {f"org{i}": org.service for i, org in enumerate(sorted(orgs.values(),
                                                                  key=lambda o: o.service))}
    with open(data / "orgs.csv", "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "name", "url", "product_urls", "contact_email", "audience",
                      "jurisdictions", "tier"])
        for org_id, service in ids.items():
            out.writerow([org_id, service, f"{base}/o/{service}/", "",
                          f"{org_id}@orgs.example", "under13", "US", "standard"])
    subprocess.run([sys.executable, "-m", "auditor", "orgs", "import", str(data / "orgs.csv")],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "auditor", "audit", "--all"], env=env, check=False,
                   stdout=subprocess.DEVNULL)
    db = sqlite3.connect(data / "auditor.db")
    try:
        rows = db.execute("SELECT org_id, status, assessment, crawl FROM audits "
                          "ORDER BY started_at").fetchall()
    finally:
        db.close()
    out_rows: dict[str, Any] = {}
    for org_id, status, assessment, crawl in rows:
        if status == "done":
            out_rows[ids[org_id]] = (json.loads(assessment), json.loads(crawl or "{}"))
    return out_rows


# ---------------------------------------------------------------- scoring
def score(orgs: dict[str, Org], audited: dict[str, Any]) -> dict[str, Any]:
    """Per safeguard, counts over orgs for the audit and for the inspect path."""
    report: dict[str, Any] = {"orgs": len(orgs), "audited": len(audited), "safeguards": {}}
    served = fetched = 0
    for org in orgs.values():
        served += len(org.docs)
        _assessment, crawl = audited.get(org.service, ({}, {}))
        urls = {unquote(urlsplit(p.get("final_url") or p["url"]).path)
                for p in crawl.get("pages", []) if p.get("status") == 200}
        fetched += sum(f"/o/{org.service}/{name}" in urls for name, _doc in org.docs)
    report["documents_served"], report["documents_fetched"] = served, fetched
    disclaimers = called = 0
    for safeguard, signal in SAFEGUARDS.items():
        by_audit, by_inspect = Counts(), Counts()
        for org in orgs.values():
            truth = org.labels.get(signal, False)
            assessment, _crawl = audited.get(org.service, ({}, {}))
            status = (assessment.get("safeguards", {}).get(safeguard) or {}).get("status")
            for counts, said in ((by_audit, status in OBSERVED),
                                 (by_inspect, org.inspected.get(signal, False))):
                if said and truth:
                    counts.tp += 1
                elif said:
                    counts.fp += 1
                    counts.false_positives.append(org.service)
                elif truth:
                    counts.fn += 1
                    counts.false_negatives.append(org.service)
                else:
                    counts.tn += 1
            if safeguard == "coppa_statement" and org.disclaimer_only:
                disclaimers += 1
                called += status in OBSERVED
        report["safeguards"][safeguard] = {"signal": signal, "audit": by_audit.as_dict(),
                                           "inspect": by_inspect.as_dict()}
    report["disclaimer_only_orgs"] = disclaimers
    report["disclaimer_only_called_coppa_statement"] = called
    return report


def render_text(split: str, report: dict[str, Any], verbose: bool) -> str:
    lines = [f"== {split} part: {report['orgs']} orgs, {report['audited']} audited, "
             f"{report['documents_fetched']} of {report['documents_served']} documents fetched",
             "", f"{'safeguard':22} {'signal':20} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4}"
             f" {'prec':>6} {'recall':>6} {'F1':>6}   inspect F1", "-" * 92]
    for safeguard, row in report["safeguards"].items():
        a, i = row["audit"], row["inspect"]
        lines.append(f"{safeguard:22} {row['signal']:20} {a['tp']:4} {a['fp']:4} {a['fn']:4} "
                     f"{a['tn']:4} {a['precision']:6.3f} {a['recall']:6.3f} {a['f1']:6.3f}"
                     f"   {i['f1']:6.3f}")
    lines += ["", f"orgs whose documents only disclaim children, called coppa_statement: "
              f"{report['disclaimer_only_called_coppa_statement']} of "
              f"{report['disclaimer_only_orgs']}"]
    if verbose and split == "dev":
        for safeguard, row in report["safeguards"].items():
            a = row["audit"]
            if a["false_positives"] or a["false_negatives"]:
                lines.append(f"  {safeguard}: observed, not labelled: "
                             f"{', '.join(a['false_positives']) or '-'}; labelled, not "
                             f"observed: {', '.join(a['false_negatives']) or '-'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", action="append", choices=("dev", "test"))
    parser.add_argument("--half", choices=("A", "B"))
    parser.add_argument("--root", type=Path, default=None)
    parser.add_argument("--browser", choices=("never", "auto"), default="never")
    parser.add_argument("--service", action="append", default=[],
                        help="only this service (repeatable; the development part only)")
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep-data", action="store_true",
                        help="keep each split's data directory (its path is printed)")
    args = parser.parse_args(argv)
    root = args.root or corpus.default_root()
    docs = corpus.load_documents(root)
    out: dict[str, Any] = {}
    for split in args.split or ["dev", "test"]:
        pages = load_real(split, root, half=args.half)
        if args.service:
            if split == "test":
                parser.error("--service lists development services only")
            pages = [p for p in pages if p.file.partition("/")[0] in args.service]
        orgs = build_orgs(pages, docs)
        for page, predicted in ((p, predict_files([p])[p.file]) for p in pages):
            org = orgs[page.file.partition("/")[0]]
            for signal, value in predicted.signals.items():
                org.inspected[signal] = org.inspected.get(signal, False) or value
        server, base = serve(orgs)
        data = Path(tempfile.mkdtemp(prefix=f"org-quality-{split}-"))
        started = time.monotonic()
        try:
            report = score(orgs, audit(orgs, base, data, args.browser))
        finally:
            server.shutdown()
            if not args.keep_data:
                shutil.rmtree(data, ignore_errors=True)
        report["seconds"] = round(time.monotonic() - started, 1)
        if split == "test":  # scored, never listed
            for row in report["safeguards"].values():
                for counts in (row["audit"], row["inspect"]):
                    counts["false_positives"] = counts["false_negatives"] = []
        out[split] = report
        if not args.json:
            print(render_text(split, report, args.verbose), flush=True)
            if args.keep_data:
                print(f"data: {data}")
            print()
    if args.json:
        print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
