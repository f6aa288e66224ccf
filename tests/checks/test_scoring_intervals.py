"""The bootstrap interval `benchmarks/quality.py` prints beside each F1."""

from __future__ import annotations

from pathlib import Path

from checks.scoring import BOOL_SIGNALS, LabeledPage, Prediction, f1_intervals, score


def _page(n: int, company: str, notice: bool) -> LabeledPage:
    labels = dict.fromkeys(BOOL_SIGNALS, False)
    labels["coppa_notice"] = notice
    return LabeledPage(file=f"{company}/doc{n}", path=Path("."), url="", language="en",
                       source="", note="", labels=labels, elements=frozenset(),
                       company=company)


def _pred(notice: bool) -> Prediction:
    signals = dict.fromkeys(BOOL_SIGNALS, False)
    signals["coppa_notice"] = notice
    return Prediction(signals, frozenset())


def test_perfect_answers_have_no_spread() -> None:
    pages = [_page(i, f"c{i}", i % 2 == 0) for i in range(20)]
    preds = {p.file: _pred(p.labels["coppa_notice"]) for p in pages}
    assert f1_intervals(pages, preds)["coppa_notice"] == [1.0, 1.0]


def test_interval_brackets_the_figure_and_narrows_with_more_companies() -> None:
    def corpus(copies: int) -> tuple[list[LabeledPage], dict[str, Prediction]]:
        pages, preds = [], {}
        for k in range(copies):  # per block: 3 right notices, 1 missed, 1 false one
            for i, (want, got) in enumerate([(True, True)] * 3 + [(True, False),
                                                                  (False, True)]):
                p = _page(i, f"c{k}-{i}", want)
                pages.append(p)
                preds[p.file] = _pred(got)
        return pages, preds

    small, big = corpus(2), corpus(20)
    f1_small = score(*small)["signals"]["coppa_notice"]
    lo, hi = f1_small["f1_ci90"]
    assert lo < f1_small["f1"] < hi
    lo_big, hi_big = f1_intervals(*big)["coppa_notice"]
    assert lo_big <= 0.75 <= hi_big
    assert hi_big - lo_big < hi - lo


def test_pages_of_one_company_are_drawn_together() -> None:
    # one company holds every error: when it is drawn it brings all of them, so the
    # interval is wider than if the same pages were independent companies
    pages, preds = [], {}
    for i in range(10):
        p = _page(i, "bad", True)
        pages.append(p)
        preds[p.file] = _pred(False)
    for i in range(30):
        p = _page(i, f"good{i}", True)
        pages.append(p)
        preds[p.file] = _pred(True)
    grouped = f1_intervals(pages, preds)["coppa_notice"]
    apart = [LabeledPage(**{**p.__dict__, "company": ""}) for p in pages]
    independent = f1_intervals(apart, preds)["coppa_notice"]
    assert grouped[1] - grouped[0] > independent[1] - independent[0]


def test_same_seed_same_interval() -> None:
    pages = [_page(i, f"c{i % 7}", i % 3 == 0) for i in range(40)]
    preds = {p.file: _pred(i % 4 == 0) for i, p in enumerate(pages)}
    first = f1_intervals(pages, preds)
    assert first == f1_intervals(pages, preds)
    lo, hi = first["coppa_notice"]
    assert 0.0 <= lo < hi <= 1.0
