"""Fixed work for counting the detectors' instructions with callgrind, which, unlike
CPU time, does not move with the load of a shared host.

    PYTHONHASHSEED=0 valgrind --tool=callgrind python benchmarks/signals_instructions.py
    PYTHONHASHSEED=0 valgrind --tool=callgrind python benchmarks/signals_instructions.py --measure

Both runs build the same pages (`signals_speed.farm_pages` and `real_pages`: 10 farm
pages and the first 10 real dev documents) and analyse each once, which compiles the
lexicon entries they need; ``--measure`` then analyses each again with every memo
emptied (text never seen). The second run's total minus the first's ("Collected" in
valgrind's summary) is what `analyze` costs on those 20 pages.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import signals_speed  # noqa: E402

import checks.corpus  # noqa: E402
from checks.signals import analyze  # noqa: E402
from checks.signals._memo import clear_all  # noqa: E402

PAGES = 10


def _first_dev_documents(load: object) -> object:
    """`load_documents` limited to the first `PAGES` dev documents in id order (so
    `real_pages` reads only those)."""
    def limited(*args: object, **kwargs: object) -> dict[str, object]:
        docs = sorted((i, e) for i, e in load(*args, **kwargs).items()  # type: ignore[operator]
                      if e.split == "dev")
        return dict(docs[:PAGES])
    return limited


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--measure", action="store_true")
    args = ap.parse_args(argv)
    checks.corpus.load_documents = _first_dev_documents(checks.corpus.load_documents)  # type: ignore[assignment]
    pages = signals_speed.farm_pages(PAGES) + signals_speed.real_pages()
    for _, doc, _ in pages:
        analyze(doc)
    if args.measure:
        for _, doc, _ in pages:
            clear_all()
            analyze(doc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
