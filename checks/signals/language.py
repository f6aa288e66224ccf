"""Guess a page's language from function words: no model, no network, microseconds.

Function words ("the", "und", "que") are frequent in every running text whatever its
topic, so counting them over the first few thousand words separates languages
reliably. The lexicon files carry the lists of the languages the detectors read;
``unread_languages.toml`` those of common web languages they do not read, and text
mostly in a script other than Latin is told by its letters. Knowing that a page is in
Italian or Korean (rather than guessing the nearest lexicon language and finding
nothing) is what lets a check hand the page to a person instead of failing it.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections import Counter
from importlib.resources import files
from itertools import filterfalse

from checks.signals import _lexicon

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
UNDETERMINED = "und"
"""Returned when no known function word appears (BCP 47's tag for 'undetermined')."""

_MAX_CHARS = 20_000
_SLICES = 4
_ADDRESS = re.compile(r"\.(?:com|net|org)\b")
"""The top-level domains of web and mail addresses that are also function words
(Portuguese "com"); the other words of an address are no one's."""
_MIN_UNREAD, _UNREAD_LEAD = 5, 1.2
"""A language the detectors do not read is named only with this many function words
and this far ahead of the best language they read (short or mixed text stays read)."""
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")
"""A letter outside the Latin blocks (basic, supplements, extended, Vietnamese)."""

_SCRIPTS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    # code, name, letters; kana before Han: Japanese text is mostly kanji and kana
    ("ja", "Japanese", re.compile(r"[\u3040-\u30ff]")),
    ("ko", "Korean", re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")),
    ("zh", "Chinese", re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")),
    ("uk", "Ukrainian", re.compile(r"[\u0456\u0457\u0454\u0491\u0406\u0407\u0404\u0490]")),
    ("ru", "Russian or another Cyrillic-script language", re.compile(r"[\u0400-\u04ff]")),
    ("el", "Greek", re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")),
    ("ar", "Arabic-script language", re.compile(r"[\u0600-\u06ff\u0750-\u077f]")),
    ("he", "Hebrew", re.compile(r"[\u0590-\u05ff]")),
    ("hi", "Hindi or another Devanagari-script language", re.compile(r"[\u0900-\u097f]")),
    ("th", "Thai", re.compile(r"[\u0e00-\u0e7f]")),
)
_SCRIPT_SHARE = 0.5
"""Text whose letters are at least this share outside Latin is in another script."""
_KANA_SHARE = 0.05
"""Japanese: kana among a CJK text's letters (Chinese text has none)."""
_UKRAINIAN_SHARE = 0.01
"""Ukrainian: its own letters (і, ї, є, ґ) among the Cyrillic ones (Russian has none)."""


_DECLARED_SHARE = 0.5
"""A page's declared language (its markup's ``lang``) is taken when the detectors read it
and its function words are at least this share of the best read language's: short text
in one of two close languages (Portuguese and Spanish share many function words) is
read as its author declared it, while a template that declares English over German text
is still read as German."""


def detect_language(text: str, declared: str | None = None) -> str:
    """ISO 639-1 code of the language `text` is mostly written in, or ``und``; a close
    call between read languages goes to `declared` (`_DECLARED_SHARE`)."""
    window = _window(text)
    if not window.isascii():
        script = _script_language(window)
        if script is not None:
            return script
    words = _codes()
    read = _lexicon.languages()
    counts: Counter[str] = Counter()
    found = _word_counts(_ADDRESS.sub(" ", window).lower())
    for word in found.keys() & words.keys():
        for code in words[word]:
            counts[code] += found[word]
    best_read = max(read, key=lambda c: (counts[c], c == "en"))
    if declared in read and declared != best_read \
            and counts[declared] >= counts[best_read] * _DECLARED_SHARE > 0:
        best_read = declared
    unread = [c for c in counts if c not in read]
    if unread:
        best = max(unread, key=counts.__getitem__)
        if counts[best] >= _MIN_UNREAD and counts[best] > counts[best_read] * _UNREAD_LEAD:
            return best
    return best_read if counts[best_read] else UNDETERMINED


def _word_counts(text: str) -> Counter[str]:
    """How often each word (`_WORD`: a run of letters) occurs in `text`. A piece between
    spaces made of letters alone is one word as it is: those (most of a text) are
    counted by C-level `split`, `filter` and `Counter`, and only the pieces holding
    digits or signs ("end.", "(the") are cut by the regex: a quarter to a third less
    CPU than the regex over the whole text. Words are first met in another order;
    `detect_language` reads them through a set intersection, which orders them by hash
    anyway."""
    pieces = text.split()
    found = Counter(filter(str.isalpha, pieces))
    found.update(_WORD.findall(" ".join(filterfalse(str.isalpha, pieces))))
    return found


def _window(text: str) -> str:
    """Up to `_MAX_CHARS` of `text` in `_SLICES` slices spread over it: a page whose
    first screens are scripts, styles or a language menu is still read by its body."""
    if len(text) <= _MAX_CHARS:
        return text
    size, step = _MAX_CHARS // _SLICES, len(text) // _SLICES
    return "\n".join(text[i * step:i * step + size] for i in range(_SLICES))


def _script_language(window: str) -> str | None:
    """The language of a text written mostly outside the Latin script, if it is."""
    others = len(_NON_LATIN.findall(window))
    if not others or others < len(_LETTER.findall(window)) * _SCRIPT_SHARE:
        return None
    counts = {code: len(rx.findall(window)) for code, _, rx in _SCRIPTS}
    if counts["ja"] >= others * _KANA_SHARE:
        return "ja"
    if counts["uk"] >= counts["ru"] * _UKRAINIAN_SHARE > 0:
        return "uk"
    best = max((c for c in counts if c not in ("ja", "uk")), key=counts.__getitem__)
    return best if counts[best] else None


def reads(code: str | None) -> bool:
    """Whether the detectors read text in language `code` (a lexicon exists), or the
    language is unknown (``und``, None: no reason to think they cannot)."""
    return code in (None, UNDETERMINED) or code in _lexicon.languages()


def language_name(code: str) -> str:
    """A language's English name for a reason text ("Italian"), else the code."""
    for script_code, name, _ in _SCRIPTS:
        if script_code == code:
            return name
    entry = _unread().get(code)
    return entry[0] if entry else code


@functools.cache
def _unread() -> dict[str, tuple[str, frozenset[str]]]:
    """Code -> (name, function words) of each language the detectors do not read."""
    text = files("checks.signals").joinpath("unread_languages.toml").read_text("utf-8")
    read = set(_lexicon.languages())
    out: dict[str, tuple[str, frozenset[str]]] = {}
    for code, entry in tomllib.loads(text).items():
        name, words = entry.get("name"), entry.get("words")
        if code in read or not isinstance(name, str) or not isinstance(words, list):
            raise ValueError(f"checks/signals/unread_languages.toml: [{code}] needs a name "
                             "and a list of words, and must not be a lexicon language")
        out[code] = (name, frozenset(str(w).lower() for w in words))
    return out


@functools.cache
def _codes() -> dict[str, tuple[str, ...]]:
    """Function word -> the languages that list it (read and unread)."""
    out: dict[str, list[str]] = {}
    lists = dict(_lexicon.stopwords())
    for code, (_name, words) in _unread().items():
        lists[code] = words
    for code, words in lists.items():
        for word in words:
            out.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in out.items()}
