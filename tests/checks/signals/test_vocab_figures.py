"""The page vocabulary's shortcuts give what the plain scans they replace gave.

`Vocabulary` reads an ASCII text's digit figures and words off byte translations, ORs
the units of a factor's one-key literals in one C-level reduction and fills in the
factors of index keys with its key table; all must agree with the straightforward
definitions (a regex scan per number and per word, a loop per literal) on every kind
of text, including scripts where `\\d`, `\\w` and `str.isalpha` reach past ASCII.
"""

from __future__ import annotations

import re

import pytest

from checks.signals import _lexicon, _vocab
from checks.signals._gates import MARK
from checks.signals._vocab import Vocabulary, _digit_counts, _digit_figures, _tokens

TEXTS = [
    "Call 555 0100 before 9pm.", "Postcode SW1A 1AA, flat 12b.", "No digits at all here.",
    "2024", "a1", "1a", "12 345a", "x 1 2 3", "ab12cd3456 7", "1.5 and 10,000",
    "© 2024 Bright Kite Network.", "٣ أطفال دون ١٣ عامًا", "½3 and ²4", "é1 and 1ü",
    "Ages 13–17 (teens).", "", " ", "00000000000 long run",
]


def _plain(text: str) -> tuple[int, int, bool]:
    """The definition: every `\\d+` run, its length, a letter right beside it."""
    count = longest = 0
    lettered = False
    for m in re.finditer(r"\d+", text):
        lo, hi = m.span()
        count += hi - lo
        longest = max(longest, hi - lo)
        lettered = lettered or (lo > 0 and text[lo - 1].isalpha()) or text[hi:hi + 1].isalpha()
    return count, longest, lettered


def test_digit_figures_match_the_regex_definition() -> None:
    for text in TEXTS:
        expected = _plain(text)
        assert _digit_counts(text) == expected, text
        assert _digit_figures(text) == (expected if expected[0] else None), text


@pytest.mark.parametrize("need", [(1, 1, False), (3, 3, False), (2, 1, True), (11, 11, False)])
def test_digit_bits_select_the_units_the_definition_selects(need: tuple[int, int, bool]) -> None:
    vocab = Vocabulary(TEXTS)
    expected = 0
    for i, text in enumerate(TEXTS):
        count, longest, lettered = _plain(text)
        if count >= need[0] and longest >= need[1] and (lettered or not need[2]):
            expected |= 1 << i
    assert vocab.digit_bits(need) == expected
    odd = sum(1 << i for i in range(1, len(TEXTS), 2))
    assert Vocabulary(TEXTS).digit_bits(need, odd) == expected & odd  # only `within` read
    assert vocab.digit_bits(need, odd) == expected & odd  # after the whole page was read


def test_factor_bits_match_a_literal_by_literal_reading() -> None:
    texts = ["Parents may review their child's data.", "We never sell data.",
             "Parental consent is required.", "Ask your parent or guardian.",
             "Contact privacy@example.com today."]
    vocab = Vocabulary(texts, ("en",))
    factor: _lexicon.Factor = (
        (MARK + "parent" + MARK,), (MARK + "guardian" + MARK,),  # one key each
        (MARK + "parental" + MARK, MARK + "consent" + MARK),  # two keys
        (_lexicon.RAW + "@",),  # a substring key, outside the page's index
    )
    got = vocab.factor_bits(factor)
    expected = 0
    for keys in factor:
        one = vocab.all_bits
        for key in keys:
            one &= vocab._key_bits(key)
        expected |= one
    assert got == expected == 0b11100
    assert vocab.factor_memo[id(factor)] == got


def test_factors_filled_in_with_the_key_table_are_what_factor_bits_reads() -> None:
    """The key table ORs each key a page holds into the factors holding it; every
    factor so filled in must equal `factor_bits`' literal-by-literal reading."""
    texts = ["Parents may review their child's data.", "Kids under 13 need consent.",
             "Parental consent is required.", "Report abuse to our moderators.",
             "We use artificial intelligence and chatbots.", "Verify your age at sign-up."]
    vocab = Vocabulary(texts, ("en",))
    vocab._key_table()
    filled = dict(vocab.factor_memo)
    factors = [f for f in _lexicon.gate_factors(("en",)) if id(f) in filled]
    assert len(factors) > 500 and sum(1 for f in factors if filled[id(f)]) > 50
    for factor in factors:
        assert vocab.factor_bits(factor) == filled[id(factor)], factor


def test_tokens_are_the_word_regex_tokens() -> None:
    """An ASCII text's words come from a byte translation, others' from ``\\w+``."""
    for text in [*TEXTS, "snake_case, CamelCase and __init__", "tab\tvt\x0bfs\x1cend",
                 "a-b c'd e.f@g.h", "x\x00y\x7fz", "ÀB and ab"]:
        assert _tokens(text) == tuple(dict.fromkeys(re.findall(r"\w+", text.lower()))), text


@pytest.mark.parametrize("lit", [",", "@", "+", "–", "(", "&", "İ", "ſ", "e-", "a"])
def test_substring_keys_find_what_the_lower_cased_texts_hold(lit: str) -> None:
    """A punctuation literal is looked for in the texts as they are (one C-level pass);
    any literal must give the units whose lower-cased text holds it."""
    texts = [*TEXTS, "İstanbul, Ankara", "ſome + İ", "Kelvin K (sign)", "E-MAIL @ HOME"]
    vocab = Vocabulary(texts)
    low = lit.lower()
    expect = sum(1 << i for i, text in enumerate(texts)
                 if low in text.lower().replace("ſ", "s").replace("ı", "i"))
    assert vocab._substring_bits(low) == expect


def test_fragment_gates_read_the_key_table_factors_first() -> None:
    """`_lexicon.fragments` puts a gate's factors that the key table fills in ahead of
    the others: the same factors (a gate's units do not depend on their order), and no
    filled-in factor after one `factor_bits` must work out."""
    langs = ("en",)
    filled = _vocab.KeyIndex.of(langs).keyed_factors
    seen = 0
    for factor in _lexicon.gate_factors(langs):
        assert (id(factor) in filled) == _lexicon._filled(factor)
    for code in (_lexicon.COMMON, *langs):
        for section, table in _lexicon._raw().get(code, {}).items():
            if section in ("language", "terms") or not isinstance(table, dict):
                continue
            for role in table:
                for frag in _lexicon.fragments(section, role, langs):
                    stored = _lexicon._gated(frag.source)[0]
                    assert sorted(map(id, frag.gate)) == sorted(map(id, stored))
                    kinds = [id(factor) in filled for factor in frag.gate]
                    assert kinds == sorted(kinds, reverse=True), frag.rule
                    seen += frag.gate != stored
    assert seen > 100  # the order does change for many fragments
