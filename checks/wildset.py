"""Score the detectors on the wild check set: whole real policies nobody tuned on.

    python -m checks.wildset [--half A|B] [--signal S] [--batch N] [--verbose] [--json]

Why: the corpus and the challenge set are small and hand-picked, so rules tuned on them
learn their wording. The wild set (``benchmarks/realpages/wild/``) is drawn from a large
random sample of ordinary websites' privacy policies: documents where a detector fired
(does it hold on text nobody picked?) and documents whose words suggest a signal the
detector did not give (does it miss common wordings?). Two labellers, blind to each
other and to the detectors, judged one focal signal per item; only items they agreed
on are kept. Every company is one the corpus rule puts on the development side, and
none is a corpus company, so the held-out part stays what it was.

Each document is read as ``auditor inspect FILE --json`` reads it; only the focal
signal is scored. ``--half`` keeps the companies of one half of
:func:`checks.scoring.company_half`: study one half, check a change on the other.

Exit status: 0 whatever the scores; 2 when the set is malformed.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checks import corpus
from checks.challenge import focal_parser, report_text, rows_of, score
from checks.scoring import BOOL_SIGNALS, company_half, to_prediction

KINDS = ("present", "absent")
_FIELDS = {"id", "signal", "expected", "file", "source_repo", "source_path",
           "source_commit", "sha256", "quote", "selected", "labels", "batch"}
_HELD_OUT_SHARE = 35  # the corpus rule: sha256(company) % 100 below this is test-side


class WildSetError(Exception):
    """The wild set is malformed (exit status 2)."""


@dataclass(frozen=True)
class Item:
    id: str  # the company: one document per company
    signal: str
    expected: bool
    kind: str
    path: Path
    batch: int


def default_dir(root: Path | None = None) -> Path:
    return (root or corpus.default_root()) / "wild"


def held_out_company(company: str) -> bool:
    """Whether the corpus's company rule puts ``company`` in the held-out part."""
    return int(hashlib.sha256(company.encode()).hexdigest(), 16) % 100 < _HELD_OUT_SHARE


def load_items(directory: Path | None = None, root: Path | None = None) -> list[Item]:
    """Every item of ``items.jsonl``, checked: fields, signal, the stored document's
    digest, a verbatim quote for a present signal, a development-side company that is
    not in the corpus."""
    directory = directory or default_dir(root)
    path = directory / "items.jsonl"
    if not path.is_file():
        raise WildSetError(f"{path} does not exist")
    taken = {doc.company for doc in corpus.load_documents(root).values()}
    items: list[Item] = []
    seen: set[str] = set()
    texts: dict[Path, str] = {}
    for where, row in rows_of(path, _FIELDS, WildSetError):
        items.append(_item(row, where, directory, taken, seen, texts))
    return items


def _item(row: dict[str, Any], where: str, directory: Path, taken: set[str],
          seen: set[str], texts: dict[Path, str]) -> Item:
    company = row["id"]
    if row["signal"] not in BOOL_SIGNALS:
        raise WildSetError(f"{where}: unknown signal {row['signal']!r}")
    if not isinstance(row["expected"], bool):
        raise WildSetError(f"{where}: expected must be true or false")
    if not isinstance(row["batch"], int) or row["batch"] < 1:
        raise WildSetError(f"{where}: batch must be a positive number")
    if held_out_company(company) or company in taken:
        raise WildSetError(f"{where}: company {company!r} is held out or already in the corpus")
    key = f"{row['signal']}/{company}"
    if key in seen:
        raise WildSetError(f"{where}: duplicate item {key!r}")
    seen.add(key)
    doc = directory / row["file"]
    if not doc.is_file():
        raise WildSetError(f"{where}: {row['file']} does not exist")
    if doc not in texts:
        data = doc.read_bytes()
        if hashlib.sha256(data).hexdigest() != row["sha256"]:
            raise WildSetError(f"{where}: {row['file']} does not match its sha256")
        texts[doc] = corpus.fold(data.decode("utf-8", errors="replace"))
    if row["expected"] and (not row["quote"] or corpus.fold(row["quote"]) not in texts[doc]):
        raise WildSetError(f"{where}: a present signal needs a verbatim quote")
    return Item(id=company, signal=row["signal"], expected=row["expected"],
                kind=KINDS[0] if row["expected"] else KINDS[1], path=doc,
                batch=row["batch"])


def predict(items: list[Item]) -> dict[str, bool]:
    """The focal signal of each item, the document read as ``auditor inspect`` reads it."""
    from auditor.parse.files import read_document
    from checks.signals import analyze

    decided: dict[Path, dict[str, bool]] = {}
    out: dict[str, bool] = {}
    for item in items:
        if item.path not in decided:
            decided[item.path] = to_prediction(analyze(read_document(item.path))).signals
        out[f"{item.signal}/{item.id}"] = decided[item.path][item.signal]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = focal_parser(__doc__.split("\n\n")[0], "items", "wild")
    parser.add_argument("--batch", type=int, action="append", default=None,
                        help="only items of this sample (repeatable)")
    args = parser.parse_args(argv)
    try:
        items = load_items(args.dir, args.root)
    except (WildSetError, corpus.CorpusError) as exc:
        print(f"wildset: {exc}", file=sys.stderr)
        return 2
    items = [i for i in items
             if (args.half is None or company_half(i.id) == args.half)
             and (args.signal is None or i.signal == args.signal)
             and (args.batch is None or i.batch in args.batch)]
    print(report_text(score(items, predict(items)), args, KINDS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
