"""A page's vocabulary: which sentence units hold which words, so a lexicon
fragment's literal gate (`_lexicon.Gate`) is checked against the page's distinct
words instead of by running the fragment's regex over every sentence.

Unit sets are Python ints used as bit sets (bit i: unit i), so "all of these
literals" and "any of those" are single ``&`` and ``|`` operations.
"""

from __future__ import annotations

import bisect
import re

from checks.signals import _gates, _lexicon
from checks.signals._memo import Memo

_WORD = re.compile(r"\w+")
_MARK = _gates.MARK
_RAW = _lexicon.RAW
_SEP = "\x00"
_FOLD = str.maketrans({"ſ": "s", "ı": "i"})
"""Characters that case-insensitive regexes match but `str.lower` leaves apart."""


class Vocabulary:
    """The distinct lower-cased words of some texts (a page's units), each with the
    bit set of the texts holding it, and the memos one page's lookups share."""

    def __init__(self, texts: list[str], langs: tuple[str, ...] | None = None) -> None:
        self._texts = texts
        self._index = KeyIndex.of(langs) if langs is not None else None
        self._keyed: dict[str, int] | None = None
        self._lower: str | None = None
        self._lower_starts: list[int] = []
        self._count = len(texts)
        self.all_bits = (1 << len(texts)) - 1
        index: dict[str, int] = {}
        get = index.get
        for i, text in enumerate(texts):
            bit = 1 << i
            for tok in _tokens(text):
                index[tok] = get(tok, 0) | bit
        self._token_bits = index
        self._tokens = list(index)
        self._vocab: str | None = None
        self._vocab_starts: list[int] = []
        self._sorted: list[str] | None = None
        self._factor_memo: dict[int, int] = {}
        self._key_memo: dict[str, int] = {}

    def gate_bits(self, gate: _lexicon.Gate) -> int:
        """Units in which every factor of `gate` has a literal (0: none)."""
        bits = self.all_bits
        for factor in gate:
            any_of = self._factor_memo.get(id(factor))
            if any_of is None:
                any_of = 0
                for keys in factor:
                    if len(keys) == 1:
                        any_of |= self._key_bits(keys[0])
                        continue
                    one = self.all_bits
                    for key in keys:
                        one &= self._key_bits(key)
                        if not one:
                            break
                    any_of |= one
                self._factor_memo[id(factor)] = any_of
            bits &= any_of
            if not bits:
                break
        return bits

    def _key_bits(self, key: str) -> int:
        """Units with a token matching vocabulary key `key`: a word, with `_MARK`
        where it must start or end the token (a `_lexicon.RAW` key: a substring of
        the text). Found in the page's vocabulary, not by scanning the text."""
        bits = self._key_memo.get(key)
        if bits is not None:
            return bits
        index = self._index
        if index is not None and key in index.keys:
            if self._keyed is None:
                self._keyed = index.bits_by_key(self._token_bits)
            bits = self._key_memo[key] = self._keyed.get(key, 0)
            return bits
        bits = 0
        if key[0] == _RAW:
            bits = self._substring_bits(key[1:])
        elif key[0] == _MARK and key[-1] == _MARK:
            bits = self._token_bits.get(key[1:-1], 0)
        elif key[0] == _MARK:
            word, tokens = key[1:], self._sorted_tokens()
            i = bisect.bisect_left(tokens, word)
            while i < len(tokens) and tokens[i].startswith(word):
                bits |= self._token_bits[tokens[i]]
                i += 1
        else:
            vocab, offsets = self._joined_tokens()
            tokens = self._tokens
            pos = vocab.find(key)
            while pos >= 0:
                k = bisect.bisect_right(offsets, pos) - 1
                bits |= self._token_bits[tokens[k]]
                if k + 1 >= len(offsets):
                    break
                pos = vocab.find(key, offsets[k + 1])
        self._key_memo[key] = bits
        return bits

    def _joined_tokens(self) -> tuple[str, list[int]]:
        """The distinct tokens joined by `_MARK` (with one at each end), and where each
        starts: for keys outside the page's `KeyIndex` (built when first asked)."""
        if self._vocab is None:
            offsets, pos = [], 1
            for tok in self._tokens:
                offsets.append(pos)
                pos += len(tok) + 1
            self._vocab = _MARK + _MARK.join(self._tokens) + _MARK
            self._vocab_starts = offsets
        return self._vocab, self._vocab_starts

    def _sorted_tokens(self) -> list[str]:
        if self._sorted is None:
            self._sorted = sorted(self._tokens)
        return self._sorted

    def _lowered(self) -> tuple[str, list[int]]:
        """The texts lower-cased and joined (for substring keys; built when first asked)."""
        if self._lower is None:
            lowers = [_lower(t) for t in self._texts]
            starts, pos = [], 0
            for part in lowers:
                starts.append(pos)
                pos += len(part) + 1
            self._lower, self._lower_starts = _SEP.join(lowers), starts
        return self._lower, self._lower_starts

    def _substring_bits(self, lit: str) -> int:
        bits = 0
        text, starts = self._lowered()
        n = self._count
        pos = text.find(lit)
        while pos >= 0:
            i = bisect.bisect_right(starts, pos) - 1
            bits |= 1 << i
            if i + 1 >= n:
                break
            pos = text.find(lit, starts[i + 1])
        return bits


class KeyIndex:
    """The gate keys of some languages (`_lexicon.gate_keys`) split by kind, and per
    token the keys it satisfies (remembered across pages). A page then finds every
    key's units in one pass over its distinct tokens, instead of searching its
    vocabulary once per key (about 1200 keys a page)."""

    _by_langs: dict[tuple[str, ...], KeyIndex] = {}

    def __init__(self, keys: frozenset[str]) -> None:
        self.keys = keys
        self.exact = {k[1:-1] for k in keys if k[0] == _MARK and k[-1] == _MARK}
        self.prefix = {k[1:] for k in keys if k[0] == _MARK and k[-1] != _MARK}
        self.suffix = {k[:-1] for k in keys if k[0] != _MARK and k[-1] == _MARK}
        self.infix = {k for k in keys if k[0] != _MARK and k[-1] != _MARK}
        self.longest = max((len(k) for k in keys), default=0)
        self.memo: Memo[str, tuple[str, ...]] = Memo(50_000)

    @classmethod
    def of(cls, langs: tuple[str, ...]) -> KeyIndex:
        index = cls._by_langs.get(langs)
        if index is None:
            index = cls._by_langs[langs] = cls(_lexicon.gate_keys(langs))
        return index

    def keys_of(self, token: str) -> tuple[str, ...]:
        """The keys `token` satisfies: itself, its prefixes, suffixes and infixes that
        are keys (no key is longer than `longest`, which bounds the work)."""
        found = self.memo.get(token)
        if found is not None:
            return found
        out: list[str] = []
        n, longest = len(token), self.longest
        if token in self.exact:
            out.append(_MARK + token + _MARK)
        for size in range(1, min(n, longest) + 1):
            if token[:size] in self.prefix:
                out.append(_MARK + token[:size])
            if token[n - size:] in self.suffix:
                out.append(token[n - size:] + _MARK)
        infix = self.infix
        seen: set[str] = set()
        for start in range(n):
            for end in range(start + 1, min(n, start + longest) + 1):
                part = token[start:end]
                if part in infix and part not in seen:
                    seen.add(part)
                    out.append(part)
        found = tuple(out)
        self.memo.put(token, found)
        return found

    def bits_by_key(self, token_bits: dict[str, int]) -> dict[str, int]:
        """Key -> units with a token satisfying it, for the keys of this index."""
        keyed: dict[str, int] = {}
        get = keyed.get
        for token, bits in token_bits.items():
            for key in self.keys_of(token):
                keyed[key] = get(key, 0) | bits
        return keyed


def _lower(text: str) -> str:
    """`text` lower-cased as the case-insensitive regexes see it."""
    low = text.lower()
    if "ſ" in low or "ı" in low:
        low = low.translate(_FOLD)
    return low


TOKENS: Memo[str, tuple[str, ...]] = Memo(20_000)
"""The distinct lower-cased words of a sentence text."""


def _tokens(text: str) -> tuple[str, ...]:
    found = TOKENS.get(text)
    if found is None:
        found = tuple(dict.fromkeys(_WORD.findall(_lower(text))))
        TOKENS.put(text, found)
    return found
