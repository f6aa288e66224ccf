"""Guess a page's language from function words: no model, no network, microseconds.

Function words ("the", "und", "que") are frequent in every running text whatever its
topic, so counting them over the first few thousand words separates the languages we
audit reliably; the lexicon files carry the word lists.
"""

from __future__ import annotations

import re

from checks.signals import _lexicon

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
UNDETERMINED = "und"
"""Returned when no known function word appears (BCP 47's tag for 'undetermined')."""

_MAX_CHARS = 20_000


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language `text` is mostly written in, or ``und``."""
    lists = _lexicon.stopwords()
    counts = dict.fromkeys(lists, 0)
    for m in _WORD.finditer(text[:_MAX_CHARS]):
        word = m.group().lower()
        for code, words in lists.items():
            if word in words:
                counts[code] += 1
    if not counts:
        return UNDETERMINED
    best = max(counts, key=lambda c: (counts[c], c == "en"))
    return best if counts[best] > 0 else UNDETERMINED
