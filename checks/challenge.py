"""Score the detectors on the reworded challenge set of the real-page corpus.

    python -m checks.challenge [--half A|B] [--signal S] [--verbose] [--json]

Why: rules tuned on the development documents learn their wording. The challenge set
(``benchmarks/realpages/challenge/*.jsonl``, written by people who never saw the rules)
says the practices of development documents again in other words ("reworded", true)
and comes close to them without meeting the definitions ("near_miss", false). A rule
that holds the meaning passes both; one that holds the words does not. Only
development documents are modelled on, so the held-out part stays unread.

Each passage is read as the Markdown file ``auditor inspect FILE --json`` would read,
and only its focal signal is scored. ``--half`` keeps the passages whose source
document's company falls in that half of :func:`checks.scoring.company_half`, so a rule
can be studied on one half and checked on the other, as with the corpus itself.

Exit status: 0 whatever the scores; 2 when a challenge file is malformed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checks import corpus
from checks.scoring import BOOL_SIGNALS, company_half, to_prediction

KINDS = ("reworded", "near_miss")
LANGUAGES = frozenset({"en", "fr", "de", "es", "pt"})
_FIELDS = {"id", "signal", "expected", "kind", "source", "language", "why", "text"}


class ChallengeError(Exception):
    """A challenge file is malformed (exit status 2)."""


@dataclass(frozen=True)
class Passage:
    id: str
    signal: str
    expected: bool
    kind: str
    source: str
    company: str
    language: str
    text: str


def default_dir(root: Path | None = None) -> Path:
    return (root or corpus.default_root()) / "challenge"


def load_passages(directory: Path | None = None,
                  root: Path | None = None) -> list[Passage]:
    """Every passage of every ``*.jsonl`` file, checked: fields, signal, kind, language,
    and a source that is a development document (never a held-out one)."""
    directory = directory or default_dir(root)
    docs = corpus.load_documents(root)
    passages: list[Passage] = []
    seen: set[str] = set()
    for path in sorted(directory.glob("*.jsonl")):
        for where, row in rows_of(path, _FIELDS, ChallengeError):
            passages.append(_passage(row, where, docs, seen))
    return passages


def rows_of(path: Path, fields: set[str],
            error: type[Exception]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each row of a JSON-lines file with its ``file:line``; `error` names the first
    line that is not a JSON object with exactly `fields`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise error(f"{where}: not JSON: {exc}") from None
        if not isinstance(row, dict) or set(row) != fields:
            raise error(f"{where}: fields must be exactly {sorted(fields)}")
        yield where, row


def _passage(row: dict[str, Any], where: str, docs: dict[str, corpus.Document],
             seen: set[str]) -> Passage:
    if row["signal"] not in BOOL_SIGNALS:
        raise ChallengeError(f"{where}: unknown signal {row['signal']!r}")
    if row["kind"] not in KINDS:
        raise ChallengeError(f"{where}: kind must be one of {KINDS}")
    if not isinstance(row["expected"], bool) or row["expected"] != (row["kind"] == "reworded"):
        raise ChallengeError(f"{where}: a reworded passage is expected true, a near miss false")
    if row["language"] not in LANGUAGES:
        raise ChallengeError(f"{where}: language must be one of {sorted(LANGUAGES)}")
    source = docs.get(row["source"])
    if source is None or source.split != "dev":
        raise ChallengeError(f"{where}: source {row['source']!r} is not a development document")
    key = f"{row['signal']}/{row['id']}"
    if key in seen:
        raise ChallengeError(f"{where}: duplicate id {row['id']!r}")
    seen.add(key)
    if not isinstance(row["text"], str) or not row["text"].strip():
        raise ChallengeError(f"{where}: empty text")
    return Passage(id=row["id"], signal=row["signal"], expected=row["expected"],
                   kind=row["kind"], source=row["source"], company=source.company,
                   language=row["language"], text=row["text"])


def predict(passages: list[Passage]) -> dict[str, bool]:
    """The focal signal of each passage, read the way a Markdown file is read."""
    from auditor.parse.textdoc import parse_text
    from checks.signals import analyze

    out: dict[str, bool] = {}
    for p in passages:
        page = parse_text(p.text, f"file:///challenge/{p.signal}/{p.id}.md", markdown=True)
        out[f"{p.signal}/{p.id}"] = to_prediction(analyze(page)).signals[p.signal]
    return out


def score(passages: Sequence[Any], predicted: dict[str, bool]) -> dict[str, Any]:
    """Per signal and kind: passages, right answers, and the ids of the wrong ones (any
    item with ``id``, ``signal``, ``kind`` and ``expected``; the wild set uses it too)."""
    table: dict[str, dict[str, dict[str, Any]]] = {}
    for p in passages:
        cell = table.setdefault(p.signal, {}).setdefault(
            p.kind, {"passages": 0, "right": 0, "wrong": []})
        cell["passages"] += 1
        if predicted[f"{p.signal}/{p.id}"] == p.expected:
            cell["right"] += 1
        else:
            cell["wrong"].append(p.id)
    total = len(passages)
    right = sum(c["right"] for kinds in table.values() for c in kinds.values())
    return {"passages": total, "right": right, "signals": table}


def render(report: dict[str, Any], verbose: bool,
           columns: tuple[str, str] = KINDS) -> str:
    """The right answers per signal and kind (``columns`` names the two kinds)."""
    lines = [f"{'signal':<22} {columns[0]:>12} {columns[1]:>12}"]
    for signal in BOOL_SIGNALS:
        kinds = report["signals"].get(signal)
        if not kinds:
            continue
        cells = []
        for kind in columns:
            c = kinds.get(kind, {"passages": 0, "right": 0})
            cells.append(f"{c['right']:>4}/{c['passages']:<4} ".rjust(12))
        lines.append(f"{signal:<22} {cells[0]:>12} {cells[1]:>12}")
    total = report["passages"]
    share = report["right"] / total if total else 0.0
    lines.append(f"all: {report['right']}/{total} right ({share:.3f})")
    if verbose:
        for signal, kinds in report["signals"].items():
            for kind, c in kinds.items():
                if c["wrong"]:
                    lines.append(f"  {signal} {kind} wrong: {' '.join(c['wrong'])}")
    return "\n".join(lines)


def focal_parser(description: str, items: str, folder: str) -> argparse.ArgumentParser:
    """The options every focal-signal set's scorer takes (this one, `checks.wildset`):
    where the set and the corpus are, one half, one signal, the wrong ones, JSON."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--dir", type=Path, default=None,
                        help=f"the set's directory (default: benchmarks/realpages/{folder})")
    parser.add_argument("--root", type=Path, default=None,
                        help="real-page corpus directory (default: benchmarks/realpages)")
    parser.add_argument("--half", choices=("A", "B"), default=None,
                        help=f"only {items} whose company is in this half")
    parser.add_argument("--signal", choices=BOOL_SIGNALS, default=None,
                        help=f"only {items} about this signal")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help=f"list the wrongly decided {items}")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser


def report_text(report: dict[str, Any], args: argparse.Namespace,
                columns: tuple[str, str] = KINDS) -> str:
    """The report as `focal_parser`'s ``--json`` and ``--verbose`` ask."""
    return json.dumps(report, indent=2) if args.json else render(report, args.verbose, columns)


def main(argv: list[str] | None = None) -> int:
    parser = focal_parser(__doc__.split("\n\n")[0], "passages", "challenge")
    args = parser.parse_args(argv)
    try:
        passages = load_passages(args.dir, args.root)
    except (ChallengeError, corpus.CorpusError) as exc:
        print(f"challenge: {exc}", file=sys.stderr)
        return 2
    passages = [p for p in passages
                if (args.half is None or company_half(p.company) == args.half)
                and (args.signal is None or p.signal == args.signal)]
    print(report_text(score(passages, predict(passages)), args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
