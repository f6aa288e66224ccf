"""The labelled signal corpus (tests/corpus) and the detectors' quality targets on it.

`test_corpus_integrity` always runs: the corpus is data other tests and the benchmark
trust. `test_detector_quality_targets` runs the detectors through the same scoring
code as ``benchmarks/quality.py`` and holds them to the targets of issue 4; deselect
it with ``-k 'not quality_targets'`` while the detectors are being built.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from auditor.models import COPPA_ELEMENTS, SIGNAL_NAMES
from checks import scoring

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"

MIN_PAGES = 80
MIN_POSITIVES = 10
MIN_NOTICES_WITH_ELEMENTS = 12
MIN_PER_LANGUAGE = 4
OTHER_LANGUAGES = ("es", "fr", "de", "pt")
F1_TARGETS = {"coppa_notice": 0.95, "ai_disclosure": 0.95}
F1_DEFAULT = 0.90


def _quality() -> ModuleType:
    return scoring


def test_corpus_integrity() -> None:
    quality = _quality()
    pages = quality.load_corpus(CORPUS)  # raises CorpusError on any structural fault

    bool_signals = [s for s in SIGNAL_NAMES if s != "coppa_elements"]
    assert list(quality.BOOL_SIGNALS) == bool_signals

    html = sorted(p.name for p in CORPUS.glob("*.html"))
    assert html == sorted(p.file for p in pages), "every page labelled and vice versa"
    assert len(pages) >= MIN_PAGES

    for page in pages:
        assert set(page.labels) == set(bool_signals), page.file
        assert not (page.labels["ai_disclosure"] and page.labels["ai_mention_only"]), page.file
        assert page.elements <= set(COPPA_ELEMENTS), page.file
        if not page.labels["coppa_notice"]:
            assert not page.elements, f"{page.file}: elements without a notice"
        assert page.source.strip(), page.file
        text = page.path.read_text(encoding="utf-8")
        assert "<html" in text and "</html>" in text, f"{page.file}: not a full page"

    positives = Counter(s for p in pages for s, v in p.labels.items() if v)
    short = {s: positives[s] for s in bool_signals if positives[s] < MIN_POSITIVES}
    assert not short, f"signals with fewer than {MIN_POSITIVES} positive pages: {short}"
    negatives = {s: len(pages) - positives[s] for s in bool_signals}
    assert all(n >= MIN_POSITIVES for n in negatives.values()), negatives

    notices = [p for p in pages if p.labels["coppa_notice"] and p.elements]
    assert len(notices) >= MIN_NOTICES_WITH_ELEMENTS
    assert len({p.elements for p in notices}) >= MIN_NOTICES_WITH_ELEMENTS // 2, \
        "notices should carry varied subsets of elements"
    seen = Counter(e for p in notices for e in p.elements)
    assert all(seen[e] >= 3 for e in COPPA_ELEMENTS), seen

    disclaimer_only = [p for p in pages
                       if p.labels["children_disclaimer"] and not p.labels["coppa_notice"]]
    assert len(disclaimer_only) >= MIN_POSITIVES

    languages = Counter(p.language for p in pages)
    for lang in OTHER_LANGUAGES:
        assert languages[lang] >= MIN_PER_LANGUAGE, f"only {languages[lang]} pages in {lang}"


def test_corpus_loader_rejects_malformed_labels(tmp_path: Path) -> None:
    quality = _quality()
    (tmp_path / "a.html").write_text("<html><body>x</body></html>", encoding="utf-8")
    (tmp_path / "labels.toml").write_text(
        '[pages."a.html"]\nsource = "s"\nlanguage = "en"\nurl = "https://a.example/"\n'
        + "".join(f"{s} = false\n" for s in quality.BOOL_SIGNALS if s != "ai_disclosure")
        + 'ai_disclosure = "yes"\ncoppa_elements = []\n',
        encoding="utf-8",
    )
    with pytest.raises(quality.CorpusError, match="not booleans"):
        quality.load_corpus(tmp_path)
    assert quality.main(["--corpus", str(tmp_path)]) == 2


def test_detector_quality_targets() -> None:
    quality = _quality()
    pages = quality.load_corpus(CORPUS)
    try:
        analyze = quality.load_analyze()
    except quality.DetectorsMissing as exc:
        pytest.fail(f"the signal detectors are missing, so quality cannot be measured: {exc}")
    report = quality.score(pages, quality.predict(pages, analyze))

    problems: list[str] = []
    if report["errors"]:
        problems.append(f"detectors crashed on {sorted(report['errors'].items())}")
    called = report["disclaimer_only_called_notice"]
    if called:
        problems.append(f"disclaimer-only pages called coppa_notice: {called}")
    for name, counts in report["signals"].items():
        target = F1_TARGETS.get(name, F1_DEFAULT)
        if counts["f1"] < target:
            problems.append(
                f"{name}: F1 {counts['f1']:.3f} < {target} "
                f"(FP {counts['false_positives']}, FN {counts['false_negatives']})")
    assert not problems, "quality targets missed:\n  " + "\n  ".join(problems)
