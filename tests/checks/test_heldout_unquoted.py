"""The held-out part of the real-page corpus is never quoted by the code or the tests.

Issue 14: a test split measures nothing once what it says has been copied into a
lexicon, a fixture or a test. This test reads the held-out documents mechanically and
fails if any of their sentences (eight words or more) stands in ``checks/`` or ``tests/``,
unless the sentence also stands in the development part (stock language such as "we do
not knowingly collect personal information from children under 13"): such a sentence is
known without opening the held-out part, so it tells nothing of it in particular.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from checks import corpus

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("checks", "tests")
SUFFIXES = {".py", ".toml", ".md", ".html", ".htm", ".json", ".txt", ".yaml", ".yml", ".j2"}
MIN_WORDS = 8
STOCK_COMPANIES = 1
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+")
_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> list[str]:
    return _WORD.findall(corpus.fold(text).lower())


def _sentences(text: str) -> list[tuple[str, ...]]:
    out = []
    for part in _SENTENCE.split(text):
        words = tuple(_words(part))
        if len(words) >= MIN_WORDS:
            out.append(words)
    return out


def _index(texts: list[str]) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """Sentences of the held-out documents, keyed by their first eight words."""
    index: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for text in texts:
        for words in _sentences(text):
            index[words[:MIN_WORDS]].append(words)
    return index


def quoted(index: dict[tuple[str, ...], list[tuple[str, ...]]], text: str) -> list[str]:
    """The held-out sentences that stand whole in `text`."""
    words = _words(text)
    found = []
    for i in range(len(words) - MIN_WORDS + 1):
        for sentence in index.get(tuple(words[i:i + MIN_WORDS]), ()):
            if tuple(words[i:i + len(sentence)]) == sentence:
                found.append(" ".join(sentence))
    return found


def _scanned_files() -> list[Path]:
    return [p for top in SCANNED for p in sorted((ROOT / top).rglob("*"))
            if p.is_file() and p.suffix.lower() in SUFFIXES and "__pycache__" not in p.parts]


def stock(sentence: str, dev_texts: dict[str, list[str]]) -> bool:
    """Whether `sentence` stands in development documents of `STOCK_COMPANIES` companies."""
    companies = {company for company, texts in dev_texts.items()
                 if any(sentence in text for text in texts)}
    return len(companies) >= STOCK_COMPANIES


@pytest.fixture(scope="module")
def heldout_index() -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    docs = [d for d in corpus.load_documents().values() if d.split == "test"]
    assert len(docs) >= 0.3 * len(corpus.load_documents()), "the test part is under 30%"
    return _index([d.text() for d in docs])


def test_no_heldout_sentence_stands_in_checks_or_tests(heldout_index) -> None:  # type: ignore[no-untyped-def]
    dev_texts: dict[str, list[str]] = defaultdict(list)
    for doc in corpus.load_documents().values():
        if doc.split == "dev":
            dev_texts[doc.company].append(" ".join(_words(doc.text())))
    leaks: dict[str, int] = {}
    for path in _scanned_files():
        hits = [h for h in quoted(heldout_index, path.read_text(encoding="utf-8",
                                                                 errors="replace"))
                if not stock(h, dev_texts)]
        if hits:
            leaks[str(path.relative_to(ROOT))] = len(hits)  # counts only: never print them
    assert leaks == {}


def test_the_scan_sees_a_copied_sentence() -> None:
    index = _index(["Intro. We keep the records of every young member for ninety days "
                    "after the account closes. Bye."])
    assert quoted(index, "x = 'we keep the records of every young member for ninety days "
                         "after the account closes'")
    assert not quoted(index, "we keep the records of every young member for ninety hours")


def test_stock_language_is_what_the_development_part_says_too() -> None:
    dev = {"a": ["x we do not sell data y"], "b": ["z"]}
    assert stock("we do not sell data", dev)
    assert not stock("we never sell data", dev)
