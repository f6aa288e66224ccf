"""Score the page-level signal detectors against a labelled corpus.

    python benchmarks/quality.py [--corpus DIR] [--verbose] [--json]
    python benchmarks/quality.py --real [--root DIR] [--verbose] [--json]

``--real`` scores the real-page corpus (``benchmarks/realpages``, adjudicated labels)
through the path of ``auditor inspect FILE --json``, the development and the test part
separately; the test part is only scored, its misclassified documents never listed.
Without it, the invented unit corpus (``tests/corpus``) is scored as below.

Every ``.html`` file in the corpus is parsed with ``auditor.parse.htmldoc.parse`` at the URL
its label gives, run through ``checks.signals.analyze`` and compared with
``labels.toml``. Printed: TP/FP/FN/TN, precision, recall and F1 per signal with a 90 %
bootstrap interval of F1 (companies resampled; see :func:`f1_intervals`);
micro-averaged scores for the COPPA notice elements (and per element); how many
disclaimer-only pages (``children_disclaimer`` true, ``coppa_notice`` false) were
called ``coppa_notice``; with ``--verbose`` the misclassified pages per signal.

Exit status: 0 whatever the scores (and when the detectors are not there yet, with a
message saying so); 2 when the corpus is malformed.

The loading and scoring functions (`load_corpus`, `predict`, `score`) are imported by
``tests/checks/test_signal_corpus.py`` and run by ``benchmarks/quality.py``, so the test
and the report never disagree.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.models import COPPA_ELEMENTS, SIGNAL_NAMES
from checks import corpus

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_CORPUS = ROOT / "tests" / "corpus"
BOOL_SIGNALS: tuple[str, ...] = tuple(s for s in SIGNAL_NAMES if s != "coppa_elements")
_REQUIRED = {"source", "language", "url", "coppa_elements", *BOOL_SIGNALS}
_ALLOWED = _REQUIRED | {"note"}


class CorpusError(Exception):
    """The corpus or its labels are malformed (exit status 2)."""


class DetectorsMissing(Exception):
    """``checks.signals.analyze`` cannot be imported yet."""


@dataclass(frozen=True)
class LabeledPage:
    file: str
    path: Path
    url: str
    language: str
    source: str
    note: str
    labels: dict[str, bool]
    elements: frozenset[str]
    company: str = ""
    """A real document's company (pages of one company share wording); "" elsewhere."""


@dataclass
class Prediction:
    signals: dict[str, bool]
    elements: frozenset[str]
    error: str | None = None


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "false_positives": sorted(self.false_positives),
            "false_negatives": sorted(self.false_negatives),
        }


# --------------------------------------------------------------------------- corpus


def load_corpus(corpus: Path | str = DEFAULT_CORPUS) -> list[LabeledPage]:
    """Read ``labels.toml`` and check it against the ``.html`` files; raise CorpusError."""
    corpus = Path(corpus)
    labels_path = corpus / "labels.toml"
    if not labels_path.is_file():
        raise CorpusError(f"{labels_path}: missing")
    try:
        data = tomllib.loads(labels_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{labels_path}: {exc}") from exc
    unknown_top = set(data) - {"pages"}
    if unknown_top:
        raise CorpusError(f"{labels_path}: unknown top-level keys {sorted(unknown_top)}")
    tables = data.get("pages")
    if not isinstance(tables, dict) or not tables:
        raise CorpusError(f"{labels_path}: no [pages.\"NAME.html\"] tables")
    problems: list[str] = []
    html_files = {p.name for p in corpus.glob("*.html")}
    for name in sorted(html_files - set(tables)):
        problems.append(f"{name}: page has no label table")
    for name in sorted(set(tables) - html_files):
        problems.append(f"{name}: labelled but the file does not exist")
    pages: list[LabeledPage] = []
    for name, table in sorted(tables.items()):
        where = f"{labels_path.name} [pages.{json.dumps(name)}]"
        if not isinstance(table, dict):
            problems.append(f"{where}: not a table")
            continue
        missing = _REQUIRED - set(table)
        extra = set(table) - _ALLOWED
        if missing:
            problems.append(f"{where}: missing {sorted(missing)}")
        if extra:
            problems.append(f"{where}: unknown keys {sorted(extra)}")
        if missing or extra:
            continue
        bad_bools = [s for s in BOOL_SIGNALS if not isinstance(table[s], bool)]
        if bad_bools:
            problems.append(f"{where}: not booleans: {bad_bools}")
            continue
        for key in ("source", "language", "url", "note"):
            if key in table and not (isinstance(table[key], str) and table[key].strip()):
                problems.append(f"{where}: {key} must be a non-empty string")
        if not str(table["url"]).startswith(("http://", "https://")):
            problems.append(f"{where}: url must be http(s)")
        elements = table["coppa_elements"]
        if not isinstance(elements, list) or not all(isinstance(e, str) for e in elements):
            problems.append(f"{where}: coppa_elements must be a list of strings")
            continue
        unknown_el = [e for e in elements if e not in COPPA_ELEMENTS]
        if unknown_el:
            problems.append(f"{where}: unknown coppa_elements {unknown_el}")
        if len(set(elements)) != len(elements):
            problems.append(f"{where}: duplicate coppa_elements")
        if elements and not table["coppa_notice"]:
            problems.append(f"{where}: coppa_elements given but coppa_notice is false")
        if table["ai_disclosure"] and table["ai_mention_only"]:
            problems.append(f"{where}: ai_disclosure and ai_mention_only are both true")
        pages.append(LabeledPage(
            file=name, path=corpus / name, url=table["url"], language=table["language"],
            source=table["source"], note=table.get("note", ""),
            labels={s: table[s] for s in BOOL_SIGNALS}, elements=frozenset(elements),
        ))
    if problems:
        raise CorpusError("malformed corpus:\n  " + "\n  ".join(problems))
    return pages


# --------------------------------------------------------------------------- detectors


def load_analyze() -> Callable[..., Any]:
    """Import ``checks.signals.analyze`` lazily; raise DetectorsMissing if absent."""
    try:
        from checks import signals  # imported lazily on purpose
    except ImportError as exc:
        raise DetectorsMissing(f"checks.signals cannot be imported ({exc})") from exc
    analyze = getattr(signals, "analyze", None)
    if not callable(analyze):
        raise DetectorsMissing("checks.signals has no analyze(doc, page=None) function yet")
    return analyze  # type: ignore[no-any-return]


def to_prediction(signals: Iterable[Any]) -> Prediction:
    values = dict.fromkeys(BOOL_SIGNALS, False)
    elements: set[str] = set()
    for sig in signals:
        name = getattr(sig, "name", None)
        if name in values:
            values[name] = values[name] or bool(getattr(sig, "value", False))
        elif name == "coppa_elements":
            elements.update(getattr(sig, "elements", None) or [])
    return Prediction(signals=values, elements=frozenset(elements))


def predict(pages: list[LabeledPage],
            analyze: Callable[..., Any] | None = None) -> dict[str, Prediction]:
    """Run the detectors over every page; a crash on one page is recorded, not raised."""
    from auditor.parse.htmldoc import parse

    analyze = analyze or load_analyze()
    out: dict[str, Prediction] = {}
    for page in pages:
        try:
            doc = parse(page.path.read_bytes(), page.url)
            out[page.file] = to_prediction(analyze(doc))
        except Exception as exc:  # a broken detector is a finding here
            out[page.file] = Prediction(dict.fromkeys(BOOL_SIGNALS, False), frozenset(),
                                        error=f"{type(exc).__name__}: {exc}")
    return out


# --------------------------------------------------------------------------- scoring


def score(pages: list[LabeledPage], predictions: dict[str, Prediction]) -> dict[str, Any]:
    """Confusion counts and P/R/F1 per signal, element scores, disclaimer-only check."""
    per_signal = {s: Counts() for s in BOOL_SIGNALS}
    per_element = {e: Counts() for e in COPPA_ELEMENTS}
    micro = Counts()
    disclaimer_only_called_notice: list[str] = []
    both_ai_flags: list[str] = []
    by_language: dict[str, dict[str, int]] = {}
    for page in pages:
        pred = predictions[page.file]
        lang = by_language.setdefault(page.language, {"pages": 0, "exact": 0})
        lang["pages"] += 1
        exact = True
        for sig, counts in per_signal.items():
            want, got = page.labels[sig], pred.signals.get(sig, False)
            if want and got:
                counts.tp += 1
            elif got:
                counts.fp += 1
                counts.false_positives.append(page.file)
                exact = False
            elif want:
                counts.fn += 1
                counts.false_negatives.append(page.file)
                exact = False
            else:
                counts.tn += 1
        lang["exact"] += exact
        for el, counts in per_element.items():
            want, got = el in page.elements, el in pred.elements
            for c in (counts, micro):
                if want and got:
                    c.tp += 1
                elif got:
                    c.fp += 1
                elif want:
                    c.fn += 1
                else:
                    c.tn += 1
            if got and not want:
                counts.false_positives.append(page.file)
            elif want and not got:
                counts.false_negatives.append(page.file)
        if (page.labels["children_disclaimer"] and not page.labels["coppa_notice"]
                and pred.signals.get("coppa_notice")):
            disclaimer_only_called_notice.append(page.file)
        if pred.signals.get("ai_disclosure") and pred.signals.get("ai_mention_only"):
            both_ai_flags.append(page.file)
    disclaimer_only = sum(1 for p in pages
                          if p.labels["children_disclaimer"] and not p.labels["coppa_notice"])
    intervals = f1_intervals(pages, predictions)
    signals = {s: {**c.as_dict(), "f1_ci90": intervals[s]} for s, c in per_signal.items()}
    micro_out = {k: v for k, v in micro.as_dict().items()
                 if k not in ("false_positives", "false_negatives")}
    micro_out["f1_ci90"] = intervals["coppa_elements"]
    return {
        "pages": len(pages),
        "signals": signals,
        "coppa_elements": {
            "micro": micro_out,
            "per_element": {e: c.as_dict() for e, c in per_element.items()},
        },
        "disclaimer_only_pages": disclaimer_only,
        "disclaimer_only_called_notice": sorted(disclaimer_only_called_notice),
        "both_ai_flags_predicted": sorted(both_ai_flags),
        "by_language": by_language,
        "errors": {f: p.error for f, p in sorted(predictions.items()) if p.error},
    }


def _group(page: LabeledPage) -> str:
    """The unit a page is drawn with: a real document's company, else the page itself."""
    return page.company or page.file


def f1_intervals(pages: list[LabeledPage], predictions: dict[str, Prediction],
                 rounds: int = 1000, seed: int = 14) -> dict[str, list[float]]:
    """A 90 % bootstrap interval of F1 per signal and for the elements (micro): companies
    drawn with replacement ``rounds`` times. On a part with 18 true pages one document
    moves F1 by about 0.03; the interval says how far a figure can be trusted."""
    groups: dict[str, list[tuple[tuple[int, int, int], ...]]] = {}
    names = (*BOOL_SIGNALS, "coppa_elements")
    for page in pages:
        pred = predictions[page.file]
        row = []
        for sig in BOOL_SIGNALS:
            want, got = page.labels[sig], pred.signals.get(sig, False)
            row.append((int(want and got), int(got and not want), int(want and not got)))
        tp = len(page.elements & pred.elements)
        row.append((tp, len(pred.elements) - tp, len(page.elements) - tp))
        groups.setdefault(_group(page), []).append(tuple(row))
    keys = sorted(groups)
    rng = random.Random(seed)
    draws: dict[str, list[float]] = {n: [] for n in names}
    for _ in range(rounds if keys else 0):
        sums = [[0, 0, 0] for _ in names]
        for key in rng.choices(keys, k=len(keys)):
            for counted in groups[key]:
                for acc, (tp, fp, fn) in zip(sums, counted, strict=True):
                    acc[0] += tp
                    acc[1] += fp
                    acc[2] += fn
        for name, (tp, fp, fn) in zip(names, sums, strict=True):
            draws[name].append(Counts(tp=tp, fp=fp, fn=fn).f1)
    out: dict[str, list[float]] = {}
    for name, values in draws.items():
        values.sort()
        out[name] = ([round(values[int(0.05 * (len(values) - 1))], 3),
                      round(values[int(0.95 * (len(values) - 1))], 3)] if values else [])
    return out


# --------------------------------------------------------------------------- output


def _table(report: dict[str, Any]) -> str:
    head = (f"{'signal':<22} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4} "
            f"{'prec':>6} {'recall':>6} {'F1':>6}  {'F1 90% interval':>15}")
    lines = [head, "-" * len(head)]
    for name, c in report["signals"].items():
        lines.append(f"{name:<22} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4} {c['tn']:>4} "
                     f"{c['precision']:>6.3f} {c['recall']:>6.3f} {c['f1']:>6.3f}  "
                     f"{_interval(c):>15}")
    lines.append("-" * len(head))
    m = report["coppa_elements"]["micro"]
    lines.append(f"{'coppa_elements (micro)':<22} {m['tp']:>4} {m['fp']:>4} {m['fn']:>4} "
                 f"{m['tn']:>4} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f}  "
                 f"{_interval(m):>15}")
    for name, c in report["coppa_elements"]["per_element"].items():
        lines.append(f"  {name:<20} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4} {c['tn']:>4} "
                     f"{c['precision']:>6.3f} {c['recall']:>6.3f} {c['f1']:>6.3f}")
    return "\n".join(lines)


def _interval(block: dict[str, Any]) -> str:
    ci = block.get("f1_ci90") or []
    return f"{ci[0]:.3f}-{ci[1]:.3f}" if len(ci) == 2 else ""


def render_text(report: dict[str, Any], corpus: Path, verbose: bool, seconds: float) -> str:
    out = [f"corpus: {corpus} ({report['pages']} pages, {seconds:.2f}s)", "", _table(report), ""]
    dis = report["disclaimer_only_called_notice"]
    out.append(f"disclaimer-only pages called coppa_notice: {len(dis)} of "
               f"{report['disclaimer_only_pages']}" + (f"  {', '.join(dis)}" if dis else ""))
    both = report["both_ai_flags_predicted"]
    out.append(f"pages given both ai_disclosure and ai_mention_only: {len(both)}"
               + (f"  {', '.join(both)}" if both else ""))
    langs = ", ".join(f"{lang} {v['exact']}/{v['pages']}"
                      for lang, v in sorted(report["by_language"].items()))
    out.append(f"pages with every signal right, by language: {langs}")
    if report["errors"]:
        out.append(f"detector errors on {len(report['errors'])} pages:")
        out.extend(f"  {f}: {e}" for f, e in report["errors"].items())
    if verbose:
        out.append("")
        out.append("misclassified pages:")
        for name, c in report["signals"].items():
            if c["false_positives"] or c["false_negatives"]:
                out.append(f"  {name}")
                out.extend(f"    FP {f}" for f in c["false_positives"])
                out.extend(f"    FN {f}" for f in c["false_negatives"])
        for name, c in report["coppa_elements"]["per_element"].items():
            if c["false_positives"] or c["false_negatives"]:
                out.append(f"  coppa_elements.{name}")
                out.extend(f"    FP {f}" for f in c["false_positives"])
                out.extend(f"    FN {f}" for f in c["false_negatives"])
    return "\n".join(out)


# --------------------------------------------------------------------------- real pages


def company_half(company: str) -> str:
    """``A`` or ``B``: a fixed split of the development companies in two, so rules can
    be studied on one half and checked on the other (a gain on one half only is a fit
    to its wording, not a better rule)."""
    return "A" if int(hashlib.sha256(company.encode()).hexdigest(), 16) % 2 == 0 else "B"


def load_real(split: str, root: Path | None = None, labeller: str = corpus.FINAL,
              half: str | None = None, ids: set[str] | None = None) -> list[LabeledPage]:
    """The real-page corpus's documents of one split (and, with ``half``, of that half
    of its companies; with ``ids``, only those documents) with one labeller's labels."""
    docs = corpus.load_documents(root)
    labels = corpus.load_labels(labeller, root, docs)
    if half:
        docs = {d: doc for d, doc in docs.items() if company_half(doc.company) == half}
    if ids is not None:
        docs = {d: doc for d, doc in docs.items() if d in ids}
    missing = sorted(d for d, doc in docs.items() if doc.split == split and d not in labels)
    if missing:
        raise CorpusError(f"{len(missing)} {split} documents have no {labeller!r} label")
    return [LabeledPage(file=doc.id, path=doc.path, url=doc.path.resolve().as_uri(),
                        language=doc.language, source=doc.source, note=labels[doc.id].note,
                        labels=dict(labels[doc.id].values), elements=labels[doc.id].elements,
                        company=doc.company)
            for doc in docs.values() if doc.split == split]


def predict_files(pages: list[LabeledPage]) -> dict[str, Prediction]:
    """Run the detectors the way ``auditor inspect FILE --json`` does: the file read by
    :func:`auditor.parse.files.read_document`, then every detector."""
    from auditor.parse.files import read_document
    from checks.signals import analyze

    out: dict[str, Prediction] = {}
    for page in pages:
        try:
            out[page.file] = to_prediction(analyze(read_document(page.path)))
        except Exception as exc:  # a broken detector is a finding here
            out[page.file] = Prediction(dict.fromkeys(BOOL_SIGNALS, False), frozenset(),
                                        error=f"{type(exc).__name__}: {exc}")
    return out


def _real_main(args: argparse.Namespace) -> int:
    ids = None
    if args.ids is not None:  # e.g. documents added since the rules were last tuned
        ids = {line.strip() for line in args.ids.read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")}
    reports: dict[str, Any] = {}
    texts = []
    for split in args.split:
        try:
            pages = load_real(split, args.root, half=args.half, ids=ids)
        except (CorpusError, corpus.CorpusError) as exc:
            print(f"quality: {exc}", file=sys.stderr)
            return 2
        started = time.perf_counter()
        predictions = predict_files(pages)
        seconds = time.perf_counter() - started
        report = score(pages, predictions)
        if split == "test":  # the held-out part is scored, never looked into
            for block in (*report["signals"].values(),
                          *report["coppa_elements"]["per_element"].values()):
                block["false_positives"] = block["false_negatives"] = []
            report["disclaimer_only_called_notice"] = [
                "(held out)"] * len(report["disclaimer_only_called_notice"])
            report["both_ai_flags_predicted"] = ["(held out)"] * len(
                report["both_ai_flags_predicted"])
            report["errors"] = {f"doc {i}": "(held out)" for i in range(len(report["errors"]))}
        report["seconds"] = round(seconds, 2)
        reports[split] = report
        part = f"{split} part" + (f", company half {args.half}" if args.half else "") + (
            f", {len(pages)} listed documents" if ids is not None else "")
        texts.append(f"== {part}\n" + render_text(
            report, args.root or corpus.default_root(), args.verbose and split == "dev",
            seconds))
    if args.json:
        print(json.dumps(reports, indent=2, ensure_ascii=False))
    else:
        print("\n\n".join(texts))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help=f"corpus directory (default: {DEFAULT_CORPUS})")
    parser.add_argument("--real", action="store_true",
                        help="score the real-page corpus (benchmarks/realpages): the "
                             "development and test parts separately; misclassified "
                             "documents are listed for the development part only")
    parser.add_argument("--split", action="append", choices=("dev", "test"), default=None,
                        help="with --real: score only this part (repeatable; default both)")
    parser.add_argument("--half", choices=("A", "B"), default=None,
                        help="with --real: only the companies of this half (sha256 of the "
                             "company name even: A, odd: B); study errors on one half, "
                             "check the change on the other")
    parser.add_argument("--ids", type=Path, default=None,
                        help="with --real: only the documents whose ids this file lists, "
                             "one a line (e.g. newly added ones, scored before tuning)")
    parser.add_argument("--root", type=Path, default=None,
                        help="real-page corpus directory (default: benchmarks/realpages)")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="list misclassified pages per signal")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    args.split = args.split or ["dev", "test"]
    if args.real:
        return _real_main(args)
    try:
        pages = load_corpus(args.corpus)
    except CorpusError as exc:
        print(f"quality: {exc}", file=sys.stderr)
        return 2
    try:
        analyze = load_analyze()
    except DetectorsMissing as exc:
        msg = (f"quality: the detectors are not there yet: {exc}. "
               f"The corpus itself is valid ({len(pages)} pages).")
        if args.json:
            print(json.dumps({"pages": len(pages), "error": msg}, indent=2))
        else:
            print(msg)
        return 0
    started = time.perf_counter()
    predictions = predict(pages, analyze)
    seconds = time.perf_counter() - started
    report = score(pages, predictions)
    if args.json:
        report["corpus"] = str(args.corpus)
        report["seconds"] = round(seconds, 3)
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(render_text(report, args.corpus, args.verbose, seconds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
