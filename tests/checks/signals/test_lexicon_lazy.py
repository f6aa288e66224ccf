"""Lexicon entries are compiled when a page first needs them, and compile as before."""

from __future__ import annotations

import re

from checks.signals import _lexicon


def test_fragments_compile_on_first_use_to_the_case_insensitive_regex() -> None:
    _lexicon._regex.cache_clear()
    frags = _lexicon.fragments("coppa", "trigger", ("en",))
    assert len(frags) > 1
    assert _lexicon._regex.cache_info().currsize == 0  # read and gated, none compiled
    rx = frags[0].rx
    assert _lexicon._regex.cache_info().currsize == 1
    assert rx.pattern == frags[0].source
    assert rx.flags & re.IGNORECASE
    assert frags[0].rx is rx  # once per process


def test_a_role_pattern_matches_where_one_of_its_fragments_does() -> None:
    frags = _lexicon.fragments("coppa", "trigger", ("en",))
    whole = _lexicon.pattern("coppa", "trigger", ("en",))
    for text in ("We do not knowingly collect personal information from children under 13.",
                 "Our cookie banner lets you choose.", "Parents can review their child's data."):
        assert (whole.search(text) is not None) == any(f.rx.search(text) for f in frags)
