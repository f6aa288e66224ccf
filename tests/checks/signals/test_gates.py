"""Gates (checks.signals._gates): the literals read off a fragment's regex must occur in
every text the regex matches, or a page would skip a sentence the regex accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks.signals import _gates, _lexicon

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _literal_rx(literal: str) -> re.Pattern[str]:
    return re.compile(r"\b".join(re.escape(p) for p in literal.split(_gates.MARK)))


def _holds(factors: list[frozenset[str]], text: str) -> bool:
    """Every factor has a literal all of whose `AND` parts occur in `text`."""
    low = text.lower()
    return all(any(all(_literal_rx(part).search(low) for part in lit.split(_gates.AND))
                   for lit in factor) for factor in factors)


@pytest.mark.parametrize(("regex", "expected"), [
    (r"\bparental\s+consent\b", [{"\x00parental\x00"}, {"\x00consent\x00"}]),
    (r"\b(?:kids?|children)\b", [{"\x00kid\x00", "\x00kids\x00", "\x00children\x00"}]),
    (r"\b(?-i:S\.?A|GmbH)\b", [{"\x00sa\x00", "\x00s.a\x00", "\x00gmbh\x00"}]),
    (r"\bparents?\s+or\b", [{"\x00parent\x00", "\x00parents\x00"}, {"\x00or\x00"}]),
    # an alternative of several words needs them all (joined by AND)
    (r"(?:elterliche|einwilligung\s+der\s+eltern)",
     [{"elterliche", "einwilligung\x00\x02\x00eltern\x02\x00der\x00"}]),
    (r"\bP\.?\s?O\.?\s+Box\s+\d+", [{"\x00box\x00"}, set("0123456789")]),
    # a space or sign that must be there ends the word before it and starts the next
    (r"for\s+children", [{"for\x00"}, {"\x00children"}]),
    (r"our[\s,]+(?:kids|pupils)", [{"our\x00"}, {"\x00kids", "\x00pupils"}]),
    (r"minor\W+users", [{"minor\x00"}, {"\x00users"}]),
    # ... but not one that may be absent, nor a class that also takes letters
    (r"for\s*children", [{"for"}, {"children"}]),
    (r"kid[\s_]+safe", [{"kid"}, {"safe"}]),
    (r"(?<!not )\bmoderat\w*", [{"\x00moderat"}]),
    (r"[^.;]{0,80}", []),
])
def test_literals_read_off_a_regex(regex: str, expected: list[set[str]]) -> None:
    assert sorted(map(sorted, _gates.literal_factors(regex))) == sorted(map(sorted, expected))


def test_a_regex_it_cannot_read_gives_no_gate() -> None:
    assert _gates.literal_factors("(unbalanced") == []
    assert _gates.literal_factors(r"\x41bc") == []


def _all_fragments() -> list[str]:
    out = []
    for code, data in _lexicon._raw().items():
        for section, table in data.items():
            if section in ("language", "terms") or not isinstance(table, dict):
                continue
            for role in table:
                out += _lexicon._parts(section, role, (code,) if code != "*" else ())
    return out


def test_every_lexicon_gate_holds_wherever_its_fragment_matches() -> None:
    pages = sorted(CORPUS.glob("*.html"))
    # every fourth page of the unit corpus: all five languages, a bounded run time
    texts = [p.read_text(encoding="utf-8") for p in pages[::4]]
    assert len(texts) > 20
    broken = []
    for regex in _all_fragments():
        factors = _gates.literal_factors(regex)
        if not factors:
            continue
        rx = re.compile(regex, re.IGNORECASE)
        for text in texts:
            for m in rx.finditer(text):
                window = text[max(0, m.start() - 1):m.end() + 1]
                if not _holds(factors, window):
                    broken.append((regex[:80], m.group(0)[:80]))
                    break
    assert broken == []


@pytest.mark.parametrize(("regex", "expected"), [
    (r"\b\d{5}\s+[A-Z][a-z]+", (5, 5, False)),
    (r"(?:\(\d{2,4}\)\s?|\d{2,4}[\s.-])\d{2,4}[\s.-]\d{3,4}", (7, 3, False)),
    (r"\bP\.?\s?O\.?\s+Box\s+\d+", (1, 1, False)),
    (r"\d{3}(?:-\d{4})?", (3, 3, False)),
    (r"(?:\d|x)\d", (1, 1, False)),
    (r"\d*", (0, 0, False)),
    (r"parental\s+consent", (0, 0, False)),
    (r"\b(?-i:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b", (2, 1, True)),
    (r"[A-Z]?\d", (1, 1, False)),
    (r"[^a-z]\d", (1, 1, False)),
])
def test_digits_read_off_a_regex(regex: str, expected: tuple[int, int, bool]) -> None:
    assert _gates.digit_need(regex) == expected


def _digit_stats(text: str) -> tuple[int, int, bool]:
    runs = [len(r) for r in re.findall(r"\d+", text)]
    beside = re.search(r"[^\W\d_]\d|\d[^\W\d_]", text) is not None
    return sum(runs), max(runs, default=0), beside


def test_every_digit_need_holds_wherever_its_fragment_matches() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.html"))]
    texts.append("Call (555) 123-4567 or write to 1600 Main Street, Springfield, IL 62704"
                 " or to 10 Downing Street, London SW1A 2AA.")
    broken = []
    for regex in _all_fragments():
        digits, run, beside = _gates.digit_need(regex)
        if not digits:
            continue
        rx = re.compile(regex, re.IGNORECASE)
        for text in texts:
            for m in rx.finditer(text):
                count, longest, lettered = _digit_stats(m.group(0))
                if count < digits or longest < run or beside and not lettered:
                    broken.append((regex[:80], m.group(0)[:80]))
                    break
    assert broken == []


def test_an_alternative_needs_all_its_words_not_its_rarest() -> None:
    """Each alternative of an alternation is gated by all its words (an `AND` literal):
    a sentence with "message" alone no longer admits ``text\\s+message``."""
    [factor] = _gates.literal_factors(r"\b(?:text\s+message|email\s+plus|video\s+call)\b")
    parts = {frozenset(lit.split(_gates.AND)) for lit in factor}
    assert parts == {frozenset({"\x00text\x00", "\x00message\x00"}),
                     frozenset({"\x00email\x00", "\x00plus\x00"}),
                     frozenset({"\x00video\x00", "\x00call\x00"})}


@pytest.mark.parametrize(("regex", "expected"), [
    (r"\bkids?\b", {"\x00kid\x00", "\x00kids\x00"}),
    (r"\bchild(?:ren)?(?:['’]s)?\b", {"\x00child\x00", "\x00children\x00"}),
    (r"\bverif\w*", {"\x00verif"}),
    (r"report", {"report"}),
    (r"(?:teens?|minors)\b|\bunder\s+13", {"teen\x00", "teens\x00", "minors\x00"}),
    (r"a{0}b", {"b"}),
    (r"x(?:ab){2,3}y", {"xababy"}),
    # where the text around decides, or the case does, no word is sure
    (r"(?<!not )\bmoderat\w*", set()),
    (r"^\s*teens\b", set()),
    (r"\b(?-i:AI)\b", set()),
    (r"\bparental\s+consent\b", set()),
])
def test_sure_words_read_off_a_regex(regex: str, expected: set[str]) -> None:
    assert _gates.sure_literals(regex) == expected


def test_every_sure_word_of_the_lexicons_is_matched_wherever_it_stands() -> None:
    """A sure word as a token of an ASCII sentence, in any casing, is matched by its
    fragment: `PageView.has` answers yes on it without the regex."""
    broken = []
    for regex in _all_fragments():
        rx = re.compile(regex, re.IGNORECASE)
        for lit in _gates.sure_literals(regex):
            word = lit.strip(_gates.MARK)
            for text in (f"{word}", f"So, {word.upper()} - it.", f"x {word.title()}"):
                if rx.search(text) is None:
                    broken.append((regex[:80], text))
    assert broken == []
