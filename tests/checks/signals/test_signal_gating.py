"""The literal gates that keep `analyze` cheap: exact, and really skipping work.

Speed itself is measured by ``benchmarks/signals_speed.py``; these tests pin the two
properties it rests on without timing anything: a gated match is the same as the
plain regex, and a page without a family's vocabulary runs none of its regexes.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from auditor.parse.htmldoc import parse
from checks.signals import _lexicon, coppa, safeguards
from checks.signals._memo import Memo, clear_all
from checks.signals._page import PageView

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SAMPLE = [
    "kids-tutor-childrens-privacy.html", "es-aviso-privacidad-ninos.html",
    "fr-politique-confidentialite-enfants.html", "de-datenschutz-kinder.html",
    "pt-privacidade-criancas.html", "brightleaf-sprout-chat.html",
    "starfall-help-faq-kids-data.html", "api-developer-policy.html",
]


def _view(html: str, url: str = "https://example.test/") -> PageView:
    return PageView.build(parse(html, url), url)


def _roles(langs: tuple[str, ...]) -> list[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for code in (_lexicon.COMMON, *langs):
        for section, table in _lexicon._raw().get(code, {}).items():
            if section not in ("language", "terms") and isinstance(table, dict):
                out.update((section, role) for role in table)
    return sorted(out)


@pytest.mark.parametrize("name", SAMPLE)
def test_gated_match_equals_plain_regex(name: str) -> None:
    labels = tomllib.loads((CORPUS / "labels.toml").read_text(encoding="utf-8"))["pages"]
    view = _view((CORPUS / name).read_text(encoding="utf-8"), labels[name]["url"])
    for section, role in _roles(view.langs):
        rx = view.rx(section, role)
        for unit in view.units:
            plain = rx.search(unit.text)
            gated = view.match(section, role, unit)
            assert (plain is None) == (gated is None), (section, role, unit.text)
            if plain is not None and gated is not None:
                assert plain.span() == gated.span(), (section, role, unit.text)


def test_gate_is_a_necessary_literal() -> None:
    gate = _lexicon.gate_of(r"\bage[- ](?:verification|check)\b")
    assert gate, "a fragment with literals gets a gate"
    flat = {key for factor in gate for keys in factor for key in keys}
    assert any("age" in key for key in flat)
    assert any("verification" in key for key in flat)


def test_gate_leaves_out_weak_keys_only_when_a_strong_factor_remains() -> None:
    """Two-letter keys inside words ("to" of "for|to|at") gate nothing useful; a
    fragment whose only literal is such a key keeps it."""
    flat = {key for factor in _lexicon.gate_of(r"\bdesigned\s+(?:for|to|at)\s+kids\b")
            for keys in factor for key in keys}
    assert not any(_lexicon._weak(key) for key in flat)
    assert any("designed" in key for key in flat)
    only = _lexicon.gate_of(r"\w*ai\w*")
    assert only and any(key == "ai" for factor in only for keys in factor for key in keys)


def test_page_without_the_vocabulary_runs_no_regex() -> None:
    view = _view("<h1>Lemon cake</h1><p>Whisk the eggs with sugar until pale. Fold in "
                 "the flour and bake for forty minutes.</p>" * 20)
    safeguards.detect_moderation(view)
    safeguards.detect_reporting(view)
    safeguards.detect_education(view)
    coppa.detect_disclaimer(view)
    assert view.regex_calls == 0


def test_trigger_words_alone_do_not_run_the_scoring_regexes() -> None:
    """"review" is a moderation trigger, but with no moderation wording anywhere the
    family is skipped before any sentence is searched."""
    view = _view("<p>Read our review of the new phone. The review covers the camera.</p>" * 30)
    signal = safeguards.detect_moderation(view)
    assert not signal.value
    assert view.regex_calls == 0


def test_regex_work_follows_the_sentences_that_need_it() -> None:
    filler = "<p>Whisk the eggs with sugar until pale.</p>" * 200
    notice = ("<h2>Children's privacy</h2><p>We collect a first name from children under 13 "
              "only with the verifiable consent of their parents.</p>")
    small, large = _view(notice), _view(filler + notice + filler)
    for view in (small, large):
        coppa.detect_notice(view)
    assert large.regex_calls <= small.regex_calls + 5


def test_wrapped_source_lines_are_one_sentence() -> None:
    view = _view("<p>We collect a first name\nfrom children under 13 only with\n"
                 "the consent of their parents.</p>")
    texts = [u.text for u in view.units]
    assert ("We collect a first name from children under 13 only with the consent of "
            "their parents.") in texts
    unit = view.units[0]
    assert view.doc.text[unit.start:unit.end] == unit.text


def test_role_results_are_remembered_per_unit() -> None:
    """`has` and `match` search a unit once per role; asking again runs no regex."""
    view = _view("<p>We review and remove harmful content, and our moderators block abuse.</p>")
    unit = view.units[0]
    first = view.match("moderation", "strong", unit)
    assert first is not None
    calls = view.regex_calls
    assert calls > 0
    assert view.match("moderation", "strong", unit) is first
    assert view.has("moderation", "strong", unit)
    assert view.regex_calls == calls


def test_role_results_are_shared_across_pages() -> None:
    """A sentence seen on an earlier page is not searched again (navigation, footers
    and template paragraphs repeat across a site), and gives the same signal."""
    clear_all()
    html = "<p>We review and remove harmful content, and our moderators block abuse.</p>"
    first = _view(html, "https://one.test/")
    found = safeguards.detect_moderation(first)
    assert first.regex_calls > 0
    second = _view(html, "https://two.test/")
    again = safeguards.detect_moderation(second)
    assert second.regex_calls == 0
    assert again.value == found.value
    assert [e.snippet for e in again.evidence] == [e.snippet for e in found.evidence]
    assert {e.url for e in again.evidence} == {"https://two.test/"}


def test_memo_is_bounded_and_keeps_what_is_used() -> None:
    memo: Memo[str, int] = Memo(2)
    for i, key in enumerate("abcde"):
        memo.put(key, i)
        assert memo.get("a") == 0  # used every time: never dropped
        assert len(memo.young) + len(memo.old) <= 2 * memo.size
    assert memo.get("b") is None  # not used since: dropped
    assert memo.get("e") == 4


@pytest.mark.parametrize("name", SAMPLE)
def test_role_unit_sets_hold_exactly_the_matching_units(name: str) -> None:
    """`hits`, `first_hit`, `hits_any` and `without` (how detectors filter units by a
    role over its gate's candidates) give what the plain regex gives unit by unit."""
    labels = tomllib.loads((CORPUS / "labels.toml").read_text(encoding="utf-8"))["pages"]
    view = _view((CORPUS / name).read_text(encoding="utf-8"), labels[name]["url"])
    every = (1 << len(view.units)) - 1
    odd = sum(1 << i for i in range(1, len(view.units), 2))
    plain: dict[tuple[str, str], int] = {}
    for section, role in _roles(view.langs):
        rx = view.rx(section, role)
        plain[section, role] = sum(1 << u.index for u in view.units
                                   if rx.search(u.text) is not None)
    for (section, role), bits in plain.items():
        assert view.hits(section, role) == bits, (section, role)
        assert view.hits(section, role, odd) == bits & odd, (section, role)
        first = view.first_hit(section, role, odd)
        expect = next((u for u in view.units if (bits & odd) >> u.index & 1), None)
        assert first is expect, (section, role)
    pairs = (("shared", "pointer"), ("shared", "others_duty"), ("disclaimer", "exclusion"))
    assert view.without(pairs, every) == every & ~(plain[pairs[0]] | plain[pairs[1]]
                                                    | plain[pairs[2]])
    roles = ("collects", "consent", "rights")
    assert view.hits_any("coppa", roles, odd) == odd & (
        plain["coppa", "collects"] | plain["coppa", "consent"] | plain["coppa", "rights"])
    assert view.units_in(view.bits_of(view.units[::3])) == view.units[::3]


def test_a_sure_word_answers_has_without_a_regex() -> None:
    """"kids" as a token proves a match of ``\\bkids?\\b`` in ASCII text, so `has` runs
    no regex there; in a text that is not ASCII the regex still runs."""
    view = _view("<p>Our app is made for kids.</p><p>Our app is made for kids, ñ.</p>"
                 "<p>Our app is made for kidsnap.</p>")
    sure, accented, longer = view.units
    key = ("coppa", "trigger")
    assert view.has(*key, sure) and view.regex_calls == 0
    assert view.has(*key, accented) and view.regex_calls > 0
    calls = view.regex_calls
    assert not view.has(*key, longer)
    assert view.regex_calls > calls


def test_a_joined_gate_leaves_out_a_sentence_with_one_word_of_two() -> None:
    """``text\\s+message`` is gated by both words: a sentence with "message" alone is
    not a candidate of a fragment made of such alternatives."""
    view = _view("<p>Send the parent a message.</p><p>We verify the parent by text message.</p>")
    alone, both = view.units
    fragment = _lexicon.gate_of(r"\bparent\b[^.;]{0,40}\b(?:text\s+message|email\s+plus)")
    bits = view.vocab.all_bits
    for factor in fragment:
        bits &= view.vocab.factor_bits(factor)
    assert bits == 1 << both.index
