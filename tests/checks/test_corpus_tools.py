"""The real-page corpus tools (checks.corpus): label validation, quote checks, kappa,
and the committed corpus itself (every label valid, every quote verbatim)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from checks import corpus

SIGNALS = dict.fromkeys(corpus.BOOL_SIGNALS, False)


def _corpus(tmp_path: Path, text: str) -> Path:
    doc = tmp_path / "documents" / "dev" / "acme" / "privacy.md"
    doc.parent.mkdir(parents=True)
    doc.write_text(text, encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text(json.dumps({
        "id": "acme/privacy", "file": "documents/dev/acme/privacy.md", "split": "dev",
        "language": "en", "doc_type": "privacy_policy", "company": "acme",
        "source_repo": "o/r", "source_path": "Acme/Privacy.md", "source_commit": "0" * 40,
    }) + "\n")
    return tmp_path


def _label(root: Path, labeller: str = "x1", **fields: object) -> Path:
    path = corpus.label_path(root, labeller, "acme/privacy")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"id": "acme/privacy", **SIGNALS, "coppa_elements": [],
                                "quotes": {}, **fields}))
    return path


def test_a_verbatim_quote_passes_and_a_changed_one_is_named(tmp_path: Path) -> None:
    root = _corpus(tmp_path, "# Kids\n\nWe **never** knowingly collect data\nfrom children.\n")
    _label(root, children_disclaimer=True,
           quotes={"children_disclaimer": "We never knowingly collect data from children."})
    assert corpus.check(root, ["x1"]) == []
    _label(root, children_disclaimer=True,
           quotes={"children_disclaimer": "We rarely knowingly collect data from children."})
    problems = corpus.check(root, ["x1"])
    assert len(problems) == 1 and "[quotes.children_disclaimer]" in problems[0]


def test_a_page_in_a_legacy_encoding_is_read_as_the_crawl_reads_it(tmp_path: Path) -> None:
    """Crawled pages of old sites carry stray Windows-1252 bytes: the checker reads them
    as the product does instead of failing on the whole corpus."""
    root = _corpus(tmp_path, "")
    doc = root / "documents" / "dev" / "acme" / "privacy.md"
    doc.write_bytes("Children\u2019s privacy: we don\u2019t collect data from kids under "
                    "13 without a parent\u2019s consent.".encode("cp1252"))
    quote = "we don\u2019t collect data from kids under 13 without a parent\u2019s consent."
    _label(root, coppa_notice=True, quotes={"coppa_notice": quote})
    assert corpus.check(root, ["x1"]) == []


def test_true_labels_need_quotes_and_elements_need_a_notice(tmp_path: Path) -> None:
    root = _corpus(tmp_path, "Some text about parents and children and consent.")
    _label(root, age_assurance=True)
    assert "a true label needs a quote" in corpus.check(root, ["x1"])[0]
    _label(root, coppa_elements=["parental_rights"])
    assert "[coppa_elements]: elements without a notice" in corpus.check(root, ["x1"])[0]
    _label(root, ai_disclosure=True, ai_mention_only=True)
    assert "never true with ai_disclosure" in corpus.check(root, ["x1"])[0]


def test_cohen_kappa_on_known_tables() -> None:
    assert corpus.cohen_kappa([True, False] * 5, [True, False] * 5) == 1.0
    # 20 items: both yes 5, a only 5, b only 0, both no 10 -> po 0.75, pe 0.5 -> 0.5
    a = [True] * 10 + [False] * 10
    b = [True] * 5 + [False] * 15
    assert math.isclose(corpus.cohen_kappa(a, b), 0.5)
    assert math.isnan(corpus.cohen_kappa([], []))


def test_f1_between_two_readers_on_known_tables() -> None:
    # both yes 3, only a 1, only b 2 -> 2*3 / (2*3 + 1 + 2)
    a = [True] * 4 + [False] * 2 + [False] * 4
    b = [True] * 3 + [False] + [True] * 2 + [False] * 4
    assert math.isclose(corpus.f1_of(a, b), 6 / 9)
    assert corpus.f1_of(a, b) == corpus.f1_of(b, a)
    assert math.isnan(corpus.f1_of([False] * 3, [False] * 3))


def test_ceiling_compares_two_blind_readers_and_the_adjudicated_label(tmp_path: Path) -> None:
    root = _corpus(tmp_path, "We review posts and remove those that break the rules.")
    quote = {"content_moderation": "We review posts and remove those that break the rules."}
    _label(root, "x1", content_moderation=True, quotes=quote)
    _label(root, "y1")  # the second reader missed it
    _label(root, corpus.FINAL, content_moderation=True, quotes=quote)
    table = corpus.ceiling(root, "dev")
    assert table.startswith("1 dev documents labelled twice")
    row = next(line for line in table.splitlines() if line.startswith("| content_moderation"))
    # readers disagree (F1 0); against the adjudicated yes one of two readings is right
    assert row == "| content_moderation | 1 | 0.000 | 0.667 |"
    assert "1 dev documents" not in corpus.ceiling(root, "test")
    (root / "labels" / "y1").rename(root / "labels" / "unused")
    (root / "labels" / "unused" / "acme__privacy.json").unlink()
    assert corpus.ceiling(root, "dev").startswith("0 dev documents")


def test_the_committed_corpus_is_whole_and_its_final_labels_check() -> None:
    docs = corpus.load_documents()
    final = corpus.load_labels(corpus.FINAL, docs=docs)
    assert set(final) == set(docs)
    assert len(docs) >= 300 and len({d.company for d in docs.values()}) >= 150
    assert sum(d.split == "test" for d in docs.values()) >= 0.3 * len(docs)
    by_company = {}
    for d in docs.values():
        assert by_company.setdefault(d.company, d.split) == d.split, d.company
    assert corpus.check(corpus.default_root(), [corpus.FINAL]) == []


@pytest.mark.parametrize("bad", ["{", '{"id": "nope/nope"}'])
def test_a_broken_label_file_is_a_corpus_error(tmp_path: Path, bad: str) -> None:
    root = _corpus(tmp_path, "text")
    path = corpus.label_path(root, "x1", "acme/privacy")
    path.parent.mkdir(parents=True)
    path.write_text(bad)
    with pytest.raises(corpus.CorpusError):
        corpus.parse_label(path, corpus.load_documents(root))
