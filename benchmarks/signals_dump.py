"""Dump every signal `checks.signals.analyze` gives on fixed page sets, and compare
two dumps: the check that a change meant only for speed (or a merge of engine and
rule changes) leaves every output as it was.

    python benchmarks/signals_dump.py --out base.jsonl [--farm-pages N] [--fresh-memos]
    python benchmarks/signals_dump.py --compare base.jsonl [--farm-pages N]

Sets: every ``tests/corpus/*.html`` page; `N` site-farm pages rendered in-process at
``--fresh-fraction`` 0.5 and at 1.0; the dev documents of ``benchmarks/realpages``
(never the test split). One JSON line per page: its set, name and every signal in full
(value, confidence, visibility, elements, evidence with locators and rule ids).
``--fresh-memos`` empties the detectors' memos before each page (text never seen);
by default pages run in order with the memos kept, as a crawl runs them. Outputs must
be the same either way. ``--compare`` exits 1 and names the first differences when the
current code disagrees with the saved dump.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import signals_speed  # noqa: E402

from checks.signals import analyze  # noqa: E402
from checks.signals._memo import clear_all  # noqa: E402


def page_sets(farm_pages: int) -> Iterator[tuple[str, list[Any]]]:
    yield "corpus", signals_speed.corpus_pages()
    yield "farm-0.5", signals_speed.farm_pages(farm_pages, 0.5)
    yield "farm-1.0", signals_speed.farm_pages(farm_pages, 1.0)
    yield "real-dev", signals_speed.real_pages()


def dump(farm_pages: int, fresh_memos: bool) -> Iterator[dict[str, Any]]:
    clear_all()
    for set_name, pages in page_sets(farm_pages):
        for name, doc, _size in pages:
            if fresh_memos:
                clear_all()
            signals = analyze(doc)
            yield {"set": set_name, "page": name,
                   "signals": [s.model_dump(mode="json") for s in signals]}


def _differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    out = []
    for a, b in zip(old["signals"], new["signals"], strict=False):
        if a != b:
            keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            out.append(f"{old['set']}/{old['page']}: {a.get('name')} differs in {keys}")
    if len(old["signals"]) != len(new["signals"]):
        out.append(f"{old['set']}/{old['page']}: signal count differs")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--farm-pages", type=int, default=60)
    ap.add_argument("--fresh-memos", action="store_true")
    what = ap.add_mutually_exclusive_group(required=True)
    what.add_argument("--out", type=Path)
    what.add_argument("--compare", type=Path)
    args = ap.parse_args(argv)
    rows = dump(args.farm_pages, args.fresh_memos)
    if args.out:
        with args.out.open("w", encoding="utf-8") as fh:
            n = 0
            for row in rows:
                fh.write(json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n")
                n += 1
        print(f"{n} pages written to {args.out}")
        return 0
    saved = {(r["set"], r["page"]): r for r in
             map(json.loads, args.compare.read_text(encoding="utf-8").splitlines())}
    problems: list[str] = []
    seen = 0
    for row in rows:
        seen += 1
        old = saved.pop((row["set"], row["page"]), None)
        if old is None:
            problems.append(f"{row['set']}/{row['page']}: not in {args.compare}")
        else:
            problems.extend(_differences(old, row))
    problems.extend(f"{s}/{p}: missing from this run" for s, p in saved)
    for line in problems[:40]:
        print(line)
    print(f"{seen} pages compared, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
