"""Guess a page's language from function words: no model, no network, microseconds.

Function words ("the", "und", "que") are frequent in every running text whatever its
topic, so counting them over the first few thousand words separates the languages we
audit reliably; the lexicon files carry the word lists.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from checks.signals import _lexicon

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
UNDETERMINED = "und"
"""Returned when no known function word appears (BCP 47's tag for 'undetermined')."""

_MAX_CHARS = 20_000


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language `text` is mostly written in, or ``und``."""
    codes = tuple(_lexicon.stopwords())
    if not codes:
        return UNDETERMINED
    counts = dict.fromkeys(codes, 0)
    words = _codes()
    # one scan of the whole window: no word spans a line break, so this counts what
    # a scan line by line would
    found = Counter(_WORD.findall(text[:_MAX_CHARS].lower()))
    for word in found.keys() & words.keys():
        for code in words[word]:
            counts[code] += found[word]
    best = max(counts, key=lambda c: (counts[c], c == "en"))
    return best if counts[best] > 0 else UNDETERMINED


@functools.cache
def _codes() -> dict[str, tuple[str, ...]]:
    """Function word -> the languages that list it."""
    out: dict[str, list[str]] = {}
    for code, words in _lexicon.stopwords().items():
        for word in words:
            out.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in out.items()}
