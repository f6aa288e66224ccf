"""The real-page corpus (``benchmarks/realpages``): documents, labels, quote checks, agreement.

    python -m checks.corpus check [--labeller NAME] [--root DIR]
    python -m checks.corpus agreement LABELLER_A LABELLER_B [--root DIR]
    python -m checks.corpus stats --first a1 ... --second b1 ... [--root DIR]
    python -m checks.corpus ceiling [--split dev] [--root DIR]

The corpus is data kept beside the code, not shipped in the wheel; this module is the one
reader of it, so ``benchmarks/quality.py``, the tests and the labelling tools agree on
what a label is. A label file is valid when it names a known document, carries every
signal as a boolean, lists only known COPPA elements (none without a notice), and quotes
each true label verbatim from its document (whitespace folded).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.models import COPPA_ELEMENTS, SIGNAL_NAMES
from auditor.parse.page import decode

BOOL_SIGNALS: tuple[str, ...] = tuple(s for s in SIGNAL_NAMES if s != "coppa_elements")
FINAL = "final"
"""The adjudicated labels every score is computed on."""


def default_root() -> Path:
    """``benchmarks/realpages`` of the checkout this module runs from."""
    return Path(__file__).resolve().parent.parent / "benchmarks" / "realpages"


class CorpusError(Exception):
    """The corpus or a label file is malformed."""


@dataclass(frozen=True)
class Document:
    id: str
    path: Path
    split: str
    language: str
    doc_type: str
    company: str
    source: str

    @property
    def service_slug(self) -> str:
        return self.id.split("/", 1)[0]

    def text(self) -> str:
        """The document's text: UTF-8, or for the few crawled pages in a legacy
        encoding (stray Windows-1252 bytes) the crawl's own decoder's reading."""
        data = self.path.read_bytes()
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return decode(data, None)[0]


@dataclass(frozen=True)
class Label:
    id: str
    labeller: str
    values: dict[str, bool]
    elements: frozenset[str]
    quotes: dict[str, str]
    note: str


def load_documents(root: Path | None = None) -> dict[str, Document]:
    """Every document of the manifest, by id."""
    root = root or default_root()
    docs: dict[str, Document] = {}
    manifest = root / "manifest.jsonl"
    for n, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        doc = Document(id=row["id"], path=root / row["file"], split=row["split"],
                       language=row["language"], doc_type=row["doc_type"],
                       company=row["company"],
                       source=f"{row['source_repo']}:{row['source_path']}@{row['source_commit']}")
        if doc.split not in ("dev", "test"):
            raise CorpusError(f"{manifest}:{n}: split must be dev or test")
        if doc.id in docs:
            raise CorpusError(f"{manifest}:{n}: duplicate id {doc.id}")
        docs[doc.id] = doc
    return docs


def label_path(root: Path, labeller: str, doc_id: str) -> Path:
    return root / "labels" / labeller / (doc_id.replace("/", "__") + ".json")


_WS = re.compile(r"\s+")


def fold(text: str) -> str:
    """Whitespace folded and Markdown emphasis/escapes dropped, for quote matching."""
    text = text.replace("\\", "").replace("**", "").replace("__", "")
    return _WS.sub(" ", text).strip()


def parse_label(path: Path, docs: dict[str, Document]) -> Label:
    """One label file, validated (raises CorpusError naming the file and the field)."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CorpusError(f"{path}: {exc}") from exc
    doc_id = data.get("id")
    if doc_id not in docs:
        raise CorpusError(f"{path} [id]: unknown document {doc_id!r}")
    values: dict[str, bool] = {}
    for name in BOOL_SIGNALS:
        if not isinstance(data.get(name), bool):
            raise CorpusError(f"{path} [{name}]: must be true or false")
        values[name] = data[name]
    if values["ai_disclosure"] and values["ai_mention_only"]:
        raise CorpusError(f"{path} [ai_mention_only]: never true with ai_disclosure")
    elements = data.get("coppa_elements")
    if not isinstance(elements, list) or not set(elements) <= set(COPPA_ELEMENTS):
        raise CorpusError(f"{path} [coppa_elements]: a list of {', '.join(COPPA_ELEMENTS)}")
    if elements and not values["coppa_notice"]:
        raise CorpusError(f"{path} [coppa_elements]: elements without a notice")
    quotes = data.get("quotes") or {}
    if not isinstance(quotes, dict):
        raise CorpusError(f"{path} [quotes]: must be an object")
    return Label(id=doc_id, labeller=str(data.get("labeller") or path.parent.name),
                 values=values, elements=frozenset(elements),
                 quotes={str(k): str(v) for k, v in quotes.items()},
                 note=str(data.get("note") or ""))


def quote_problems(label: Label, doc: Document, text: str | None = None) -> list[str]:
    """What is wrong with a label's quotes: missing for a true label, or not verbatim."""
    haystack = fold(text if text is not None else doc.text())
    wanted = [n for n in BOOL_SIGNALS if label.values[n]]
    wanted += [f"coppa_elements.{e}" for e in sorted(label.elements)]
    problems = []
    for key in wanted:
        quote = label.quotes.get(key, "")
        if not quote.strip():
            problems.append(f"[quotes.{key}]: a true label needs a quote")
        elif fold(quote) not in haystack:
            problems.append(f"[quotes.{key}]: not found verbatim in {doc.path.name}: "
                            f"{quote[:60]!r}")
    return problems


def load_labels(labeller: str, root: Path | None = None,
                docs: dict[str, Document] | None = None) -> dict[str, Label]:
    """One labeller's labels, by document id (validated, quotes not checked)."""
    root = root or default_root()
    docs = docs if docs is not None else load_documents(root)
    folder = root / "labels" / labeller
    if not folder.is_dir():
        raise CorpusError(f"no labels by {labeller!r} in {folder}")
    return {lab.id: lab for lab in (parse_label(p, docs) for p in sorted(folder.glob("*.json")))}


def check(root: Path, labellers: Iterable[str]) -> list[str]:
    """Every problem of the given labellers' files, as ``file [field]: message``."""
    docs = load_documents(root)
    problems: list[str] = []
    for labeller in labellers:
        for path in sorted((root / "labels" / labeller).glob("*.json")):
            try:
                label = parse_label(path, docs)
            except CorpusError as exc:
                problems.append(str(exc))
                continue
            if path != label_path(root, labeller, label.id):
                problems.append(f"{path}: file name does not match id {label.id}")
            problems += [f"{path} {p}" for p in quote_problems(label, docs[label.id])]
    return problems


# --------------------------------------------------------------------------- agreement


def cohen_kappa(a: Sequence[bool], b: Sequence[bool]) -> float:
    """Cohen's kappa of two labellers' booleans on the same items (nan when undefined)."""
    n = len(a)
    if n == 0 or n != len(b):
        return math.nan
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    if expected == 1:
        return 1.0 if observed == 1 else math.nan
    return (observed - expected) / (1 - expected)


def agreement(first: dict[str, Label], second: dict[str, Label]) -> dict[str, tuple[int, float]]:
    """Per signal and per COPPA element: (documents both labelled, Cohen's kappa)."""
    common = sorted(set(first) & set(second))
    out: dict[str, tuple[int, float]] = {}
    for name in BOOL_SIGNALS:
        out[name] = (len(common), cohen_kappa([first[i].values[name] for i in common],
                                              [second[i].values[name] for i in common]))
    for element in COPPA_ELEMENTS:
        out[f"element:{element}"] = (len(common), cohen_kappa(
            [element in first[i].elements for i in common],
            [element in second[i].elements for i in common]))
    return out


def f1_of(a: Sequence[bool], b: Sequence[bool]) -> float:
    """F1 of answers `a` scored against `b` as the truth (symmetric in a and b; nan when
    neither ever says yes)."""
    both = sum(x and y for x, y in zip(a, b, strict=True))
    either = sum(x or y for x, y in zip(a, b, strict=True))
    return math.nan if either == 0 else 2 * both / (both + either)


def ceiling(root: Path, split: str) -> str:
    """How well one careful reader matches another, and the adjudicated label, per
    signal: the documents of `split` that two labellers labelled blind to each other.

    A detector scored against the adjudicated labels is being asked to match a careful
    human; these F1s tell how far above one human's own agreement a target sits.
    Reader vs adjudicated is optimistic (adjudication chose between the two readers)."""
    docs = {i: d for i, d in load_documents(root).items() if d.split == split}
    readers: dict[str, list[Label]] = {}
    for folder in sorted(p for p in (root / "labels").iterdir()
                         if p.is_dir() and p.name != FINAL):
        for doc_id in docs:  # only this split's label files are opened
            path = label_path(root, folder.name, doc_id)
            if path.exists():
                readers.setdefault(doc_id, []).append(parse_label(path, docs))
    twice = sorted(i for i, labels in readers.items() if len(labels) >= 2)
    final = {i: parse_label(label_path(root, FINAL, i), docs) for i in twice}
    out = [f"{len(twice)} {split} documents labelled twice, blind", "",
           "| signal | true by either | F1 reader vs reader | F1 reader vs adjudicated |",
           "|---|---|---|---|"]

    def answers(pick: Any) -> tuple[list[bool], list[bool], list[bool], list[bool]]:
        first = [pick(readers[i][0]) for i in twice]
        second = [pick(readers[i][1]) for i in twice]
        truth = [pick(final[i]) for i in twice]
        return first, second, first + second, truth + truth

    def row(name: str, first: list[bool], second: list[bool], both_readers: list[bool],
            truth: list[bool]) -> str:
        either = sum(x or y for x, y in zip(first, second, strict=True))
        return (f"| {name} | {either} | {f1_of(first, second):.3f} | "
                f"{f1_of(both_readers, truth):.3f} |")

    for name in BOOL_SIGNALS:
        out.append(row(name, *answers(lambda lab, name=name: lab.values[name])))
    pooled: tuple[list[bool], ...] = ([], [], [], [])
    for element in COPPA_ELEMENTS:
        columns = answers(lambda lab, e=element: e in lab.elements)
        out.append(row(f"element:{element}", *columns))
        for into, column in zip(pooled, columns, strict=True):
            into.extend(column)
    out.append(row("elements (micro)", *pooled))
    return "\n".join(out)


def stats(root: Path, first: Sequence[str], second: Sequence[str]) -> str:
    """Markdown tables for the corpus README: counts by split, language, document type
    and signal (adjudicated labels), and agreement between the two labelling rounds."""
    docs = load_documents(root)
    final = load_labels(FINAL, root, docs)
    splits = ("dev", "test")
    out = ["| | " + " | ".join(splits) + " | total |", "|---|---|---|---|"]

    def row(name: str, pick: Any) -> str:
        n = [sum(1 for d in docs.values() if d.split == sp and pick(d)) for sp in splits]
        return f"| {name} | {n[0]} | {n[1]} | {sum(n)} |"

    out.append(row("documents", lambda d: True))
    for label, attr in (("services", "service_slug"), ("companies", "company")):
        counts = [len({getattr(d, attr) for d in docs.values() if d.split == sp})
                  for sp in splits]
        total = len({getattr(d, attr) for d in docs.values()})
        out.append(f"| {label} | {counts[0]} | {counts[1]} | {total} |")
    for lang in sorted({d.language for d in docs.values()}):
        out.append(row(f"language {lang}", lambda d, lang=lang: d.language == lang))
    for kind in sorted({d.doc_type for d in docs.values()}):
        out.append(row(f"type {kind}", lambda d, kind=kind: d.doc_type == kind))
    for name in BOOL_SIGNALS:
        out.append(row(f"`{name}` true", lambda d, name=name: final[d.id].values[name]))
    for element in COPPA_ELEMENTS:
        out.append(row(f"element `{element}`", lambda d, e=element: e in final[d.id].elements))
    a: dict[str, Label] = {}
    b: dict[str, Label] = {}
    for name in first:
        a.update(load_labels(name, root, docs))
    for name in second:
        b.update(load_labels(name, root, docs))
    common = sorted(set(a) & set(b))
    out += ["", f"Agreement on the {len(common)} documents labelled twice:", "",
            "| signal | documents | true by either | Cohen's kappa |", "|---|---|---|---|"]
    for signal, (count, kappa) in agreement(a, b).items():
        if signal.startswith("element:"):
            either = sum(1 for i in common if signal[8:] in a[i].elements | b[i].elements)
        else:
            either = sum(1 for i in common if a[i].values[signal] or b[i].values[signal])
        out.append(f"| {signal} | {count} | {either} | {kappa:.2f} |")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checks.corpus", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=None)
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="validate label files and their quotes")
    c.add_argument("--labeller", action="append", default=None)
    st = sub.add_parser("stats", help="README tables: counts and agreement")
    st.add_argument("--first", action="append", required=True, help="first-round labellers")
    st.add_argument("--second", action="append", required=True, help="second-round labellers")
    ce = sub.add_parser("ceiling", help="F1 of one labeller against another and against "
                        "the adjudicated labels, on one split")
    ce.add_argument("--split", choices=("dev", "test"), default="dev")
    a = sub.add_parser("agreement", help="Cohen's kappa between two labellers")
    a.add_argument("first")
    a.add_argument("second")
    args = parser.parse_args(argv)
    root = args.root or default_root()
    if args.command == "check":
        names = args.labeller or sorted(p.name for p in (root / "labels").iterdir()
                                        if p.is_dir())
        problems = check(root, names)
        for p in problems:
            print(p)
        print(f"{len(problems)} problem(s) in the labels of {', '.join(names)}")
        return 1 if problems else 0
    if args.command == "stats":
        print(stats(root, args.first, args.second))
        return 0
    if args.command == "ceiling":
        print(ceiling(root, args.split))
        return 0
    table = agreement(load_labels(args.first, root), load_labels(args.second, root))
    for name, (n, kappa) in table.items():
        print(f"{name:34} n={n:4d} kappa={kappa:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
