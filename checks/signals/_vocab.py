"""A page's vocabulary: which sentence units hold which words, so a lexicon
fragment's literal gate (`_lexicon.Gate`) is checked against the page's distinct
words instead of by running the fragment's regex over every sentence.

Unit sets are Python ints used as bit sets (bit i: unit i), so "all of these
literals" and "any of those" are single ``&`` and ``|`` operations.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import reduce
from itertools import repeat
from operator import contains, or_
from typing import Any

from checks.signals import _gates, _lexicon
from checks.signals._memo import Memo

_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+")
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
        self.factor_memo: dict[int, int] = {}
        """Units per factor id (the page's plans share them): those of one-key literals of
        the page's `KeyIndex` alone all at once with the key table, others as
        `factor_bits` finds them."""
        self._figures: list[tuple[int, int, bool] | None] = [_UNREAD] * len(texts)
        """Per text, its digit figures (None: no digit), read when a gate first asks."""
        self._digit_memo: dict[tuple[tuple[int, int, bool], int], int] = {}
        """`digit_bits` per (need, within): a role's digit fragments often share both."""
        self._ascii: int | None = None

    def sure_bits(self, keys: tuple[str, ...]) -> int:
        """ASCII units holding one of `keys` (a fragment's sure keys, see
        `_lexicon.Fragment.sure`): in ASCII text a token is exactly a ``\\w+`` run
        lower-cased, so such a unit holds the word the regex matches. A key outside the
        page's key table counts only when it is a whole token (a dict lookup); others
        are left out, which only leaves the regex to run."""
        keyed = self._keyed if self._keyed is not None else self._key_table()
        tokens = self._token_bits
        bits = 0
        for key in keys:
            found = keyed.get(key)
            if found is None:
                if key[0] != _MARK or key[-1] != _MARK:
                    continue
                found = tokens.get(key[1:-1], 0)
            bits |= found
        if bits:
            ascii_bits = self._ascii
            if ascii_bits is None:
                ascii_bits = self._ascii = sum(1 << i for i, text in enumerate(self._texts)
                                               if text.isascii())
            bits &= ascii_bits
        return bits

    def digit_bits(self, need: tuple[int, int, bool], within: int = -1) -> int:
        """Units of `within` holding at least ``need[0]`` decimal digits with ``need[1]``
        of them in a row, and a letter right beside a digit when ``need[2]`` (see
        `_gates.digit_need`). Only the texts of `within` (the units a fragment's word gate
        admits) are read: on real documents a digit fragment's gate admits about a sixth
        of the sentences, on the farm about half."""
        within &= self.all_bits
        bits = self._digit_memo.get((need, within))
        if bits is not None:
            return bits
        digits, run, beside = need
        figures, texts = self._figures, self._texts
        bits = 0
        for i in bit_indices(within):
            found = figures[i]
            if found is _UNREAD:
                found = figures[i] = _digit_figures(texts[i])
            if found is not None and found[0] >= digits and found[1] >= run \
                    and (found[2] or not beside):
                bits |= 1 << i
        self._digit_memo[need, within] = bits
        return bits

    def factor_bits(self, factor: _lexicon.Factor) -> int:
        """Units holding every key of at least one of `factor`'s literals (remembered
        in `factor_memo` by the factor's id: factors are interned). A gate holds in the
        units where all its factors do (`PageView._plan` intersects them)."""
        keyed = self._keyed if self._keyed is not None else self._key_table()
        parts = _FACTOR_PARTS.get(id(factor))
        if parts is None:
            parts = _factor_parts(factor)
        _factor, singles, multis = parts
        # a one-key literal holds where its key does (every key's units are units)
        try:
            any_of: int = reduce(or_, map(keyed.__getitem__, singles), 0)
        except KeyError:  # a key outside the page's index (a substring): found one by one
            any_of = 0
            for key in singles:
                bits = keyed.get(key)
                any_of |= self._key_bits(key) if bits is None else bits
        all_bits = self.all_bits
        for keys in multis:
            one = all_bits
            for key in keys:
                bits = keyed.get(key)
                if bits is None:
                    bits = self._key_bits(key)
                one &= bits
                if not one:
                    break
            any_of |= one
        self.factor_memo[id(factor)] = any_of
        return any_of

    def _key_table(self) -> dict[str, int]:
        """Key -> units for every key of the page's `KeyIndex` (0 when absent), found
        in a few scans of the page's vocabulary when first asked; with them the units
        of every factor made of one-key literals of the index alone, into `factor_memo`:
        each key the page holds is ORed into the factors that hold it, so the keys it
        lacks (most of a factor's) cost nothing."""
        index = self._index
        if index is None:
            self._keyed = {}
        else:
            joined, starts = self._joined_tokens()
            found = index.bits_by_key(self._tokens, self._token_bits, joined, starts)
            self._keyed = index.no_units.copy()
            self._keyed.update(found)
            memo = self.factor_memo
            memo.update(index.keyed_factors)
            factors_of = index.factors_of.get
            for key, bits in found.items():
                for factor_id in factors_of(key, ()):
                    memo[factor_id] |= bits
        return self._keyed

    def _key_bits(self, key: str) -> int:
        """Units with a token matching vocabulary key `key`: a word, with `_MARK`
        where it must start or end the token (a `_lexicon.RAW` key: a substring of
        the text). Found in the page's vocabulary, not by scanning the text."""
        keyed = self._keyed if self._keyed is not None else self._key_table()
        bits = keyed.get(key)
        if bits is not None:
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
        keyed[key] = bits
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
        if _caseless(lit):  # ",", "@", "+": the texts as they are, one C-level pass
            flags = bytes(map(contains, self._texts, repeat(lit)))
            return int(flags[::-1].translate(_BIT_DIGITS), 2) if flags else 0
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
    """The gate keys of some languages (`_lexicon.gate_keys`) split by kind, each kind
    compiled into one regex over a page's distinct tokens joined by `_MARK`: a page
    then finds every key's units in a few scans of its vocabulary, instead of searching
    it once per key (about 1200 keys a page) or walking every token in Python."""

    _by_langs: dict[tuple[str, ...], KeyIndex] = {}

    def __init__(self, keys: frozenset[str], factors: Iterable[_lexicon.Factor] = ()) -> None:
        self.keys = keys
        self.no_units = dict.fromkeys(keys, 0)
        """Key -> 0 for every key: a page's key table starts as a copy (a C-level copy
        of a dict is several times cheaper than building one from the set)."""
        self.keyed_factors: dict[int, int] = {}
        """Id -> 0 of each of `factors` whose literals are all one key of `keys`."""
        factors_of: dict[str, dict[int, None]] = {}
        for factor in factors:
            if all(len(lit) == 1 and lit[0] in keys for lit in factor):
                self.keyed_factors[id(factor)] = 0
                for (key,) in factor:
                    factors_of.setdefault(key, {})[id(factor)] = None
        self.factors_of = {key: tuple(ids) for key, ids in factors_of.items()}
        """Key -> ids of the `keyed_factors` with it as a one-key literal."""
        self.exact = {k[1:-1] for k in keys if k[0] == _MARK and k[-1] == _MARK}
        prefix = {k[1:] for k in keys if k[0] == _MARK and k[-1] != _MARK}
        suffix = {k[:-1] for k in keys if k[0] != _MARK and k[-1] == _MARK}
        infix = {k for k in keys if k[0] != _MARK and k[-1] != _MARK}
        # One-character keys ("s" ending a token, a digit anywhere) would match at most
        # tokens; they are read off each token directly instead.
        self._prefix1 = {k for k in prefix if len(k) == 1}
        self._suffix1 = {k for k in suffix if len(k) == 1}
        self._infix1 = frozenset(k for k in infix if len(k) == 1)
        self._one_char_alpha = any(k.isalpha() for k in self._prefix1 | self._suffix1 |
                                   self._infix1)
        prefix -= self._prefix1
        suffix -= self._suffix1
        infix -= self._infix1
        # A trie regex finds the longest key starting at a point; the shorter keys
        # starting there are its prefixes, listed ahead (`_closure`). Infix keys may
        # start anywhere: the leading class lets `re` skip the points where none can
        # (a lookahead alone is tried in full at every character).
        starts = re.escape("".join(sorted({k[0] for k in infix})))
        self._infix_rx = (re.compile(f"(?=[{starts}])(?=({_trie_regex(infix)}))")
                          if infix else None)
        self._infix_keys = _closure(infix, lambda k: k)
        # Prefix keys are tried only where a token starts, and each match also
        # captures its token, so no offset has to be mapped back to a token.
        self._prefix_rx = (re.compile(f"{_MARK}(?=({_trie_regex(prefix)}))([^{_MARK}]+)")
                           if prefix else None)
        self._prefix_keys = _closure(prefix, lambda k: _MARK + k)
        # A suffix key is a prefix of the reversed token: the same token-start scan
        # over the reversed tokens (instead of a try at every character).
        backwards = {k[::-1] for k in suffix}
        self._suffix_rx = (re.compile(f"{_MARK}(?=({_trie_regex(backwards)}))([^{_MARK}]+)")
                           if suffix else None)
        self._suffix_keys = _closure(backwards, lambda k: k[::-1] + _MARK)

    @classmethod
    def of(cls, langs: tuple[str, ...]) -> KeyIndex:
        index = cls._by_langs.get(langs)
        if index is None:
            index = cls._by_langs[langs] = cls(_lexicon.gate_keys(langs),
                                               _lexicon.gate_factors(langs))
        return index

    def bits_by_key(self, tokens: list[str], token_bits: dict[str, int], joined: str,
                    starts: list[int]) -> dict[str, int]:
        """Key -> units with a token satisfying it, for the keys of this index.
        `joined`: the `tokens` joined by `_MARK` with one at each end; `starts`:
        where each token starts in it."""
        keyed: dict[str, int] = {}
        get = keyed.get
        exact = self.exact
        prefix1, suffix1, infix1 = self._prefix1, self._suffix1, self._infix1
        for token in exact.intersection(token_bits):
            keyed[_MARK + token + _MARK] = token_bits[token]
        # One-character keys: when none is a letter (the usual case once weak keys left
        # the gates), only tokens that are not all letters can hold one.
        if self._one_char_alpha:
            shortlist: Iterable[str] = token_bits
        elif prefix1 or suffix1 or infix1:
            shortlist = [token for token in token_bits if not token.isalpha()]
        else:
            shortlist = ()
        for token in shortlist:
            bits = token_bits[token]
            if token[0] in prefix1:
                key = _MARK + token[0]
                keyed[key] = get(key, 0) | bits
            if token[-1] in suffix1:
                key = token[-1] + _MARK
                keyed[key] = get(key, 0) | bits
            if infix1:
                for key in infix1.intersection(token):
                    keyed[key] = get(key, 0) | bits
        if self._infix_rx is not None:
            right = bisect.bisect_right
            closure = self._infix_keys
            for m in self._infix_rx.finditer(joined):
                bits = token_bits[tokens[right(starts, m.start(1)) - 1]]
                for key in closure[m.group(1)]:
                    keyed[key] = get(key, 0) | bits
        # prefix keys over the tokens, suffix keys over the reversed tokens: one scan each
        scans: list[tuple[re.Pattern[str], dict[str, tuple[str, ...]], str, dict[str, int]]] = []
        if self._prefix_rx is not None:
            scans.append((self._prefix_rx, self._prefix_keys, joined, token_bits))
        if self._suffix_rx is not None:
            backwards = [token[::-1] for token in tokens]
            scans.append((self._suffix_rx, self._suffix_keys,
                          _MARK + _MARK.join(backwards) + _MARK,
                          dict(zip(backwards, map(token_bits.__getitem__, tokens),
                                   strict=True))))
        for rx, closure, text, bits_of in scans:
            for word, token in rx.findall(text):
                bits = bits_of[token]
                for key in closure[word]:
                    keyed[key] = get(key, 0) | bits
        return keyed


def _trie_regex(words: Iterable[str]) -> str:
    """A regex matching the longest of `words` that starts where it is tried (a trie
    of alternatives by first character, so the regex engine never backtracks far)."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = True

    def build(node: dict[str, Any]) -> str:
        alts = []
        for char in sorted(k for k in node if k):
            child = node[char]
            inner = build(child) if any(k for k in child) else ""
            if not inner:
                alts.append(re.escape(char))
            elif "" in child:
                alts.append(f"{re.escape(char)}(?:{inner})?")
            else:
                alts.append(f"{re.escape(char)}(?:{inner})")
        return alts[0] if len(alts) == 1 else "|".join(alts)

    return build(root)


def _closure(words: set[str], as_key: Callable[[str], str]) -> dict[str, tuple[str, ...]]:
    """Per word, the keys of itself and of every other of `words` it starts with."""
    return {word: tuple(as_key(word[:n]) for n in range(1, len(word) + 1)
                        if word[:n] in words)
            for word in words}


_BIT_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
"""Byte table: a flag byte (0 or 1) to its binary digit, so flags read as one int."""


def _caseless(lit: str) -> bool:
    """`lit` is only punctuation and symbols: lower-casing a text neither makes nor
    removes one (case mappings give letters and marks), so it is found in the text as
    it is in the lower-cased text."""
    return all(unicodedata.category(c)[0] in "PS" for c in lit)


def _lower(text: str) -> str:
    """`text` lower-cased as the case-insensitive regexes see it."""
    low = text.lower()
    if "ſ" in low or "ı" in low:
        low = low.translate(_FOLD)
    return low


_FACTOR_PARTS: dict[int, tuple[_lexicon.Factor, tuple[str, ...], tuple[tuple[str, ...], ...]]] = {}
"""Per factor id: the factor (kept alive, so its id stays its own), the keys of its
one-key literals and its other literals."""


def _factor_parts(factor: _lexicon.Factor) -> tuple[_lexicon.Factor, tuple[str, ...],
                                             tuple[tuple[str, ...], ...]]:
    parts = (factor, tuple(keys[0] for keys in factor if len(keys) == 1),
             tuple(keys for keys in factor if len(keys) != 1))
    _FACTOR_PARTS[id(factor)] = parts
    return parts


def _ascii_shape() -> bytes:
    table = bytearray(b" " * 256)
    for char in b"0123456789":
        table[char] = ord("0")
    for char in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
        table[char] = ord("a")
    return bytes(table)


_SHAPE = _ascii_shape()
"""Byte table: an ASCII digit to ``0``, an ASCII letter to ``a``, anything else to a
space. In ASCII text ``\\d`` is exactly the digits and `str.isalpha` exactly the letters."""


def _ascii_words() -> bytes:
    table = bytearray(b" " * 256)
    for char in b"0123456789_abcdefghijklmnopqrstuvwxyz":
        table[char] = char
    for char in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        table[char] = char + 32
    return bytes(table)


_WORD_BYTES = _ascii_words()
"""Byte table: an ASCII word character (``\\w`` in ASCII text) to itself lower-cased,
anything else to a space, so an ASCII text's tokens are its translation's `split`."""


_UNREAD = (-1, -1, False)
"""A text whose digit figures are not read yet."""


def _digit_figures(text: str) -> tuple[int, int, bool] | None:
    """(digits, longest run of them, a letter right beside one) of a text, None when it
    holds no digit. An ASCII text is read off its byte shape (`_SHAPE`: digit, letter or
    other per byte) by a few C-level calls; other texts by a regex with a Python step
    per number."""
    if text.isascii():
        shape = text.encode("ascii").translate(_SHAPE)
        count = shape.count(b"0")
        if not count:
            return None
        runs = shape.replace(b"a", b" ").split()
        return count, max(map(len, runs)), b"a0" in shape or b"0a" in shape
    found = _digit_counts(text)
    return found if found[0] else None


def bit_indices(bits: int) -> list[int]:
    """The positions of the set bits of `bits`, ascending."""
    if bits <= 0:
        return []
    digits = bin(bits)[:1:-1]
    out: list[int] = []
    i = digits.find("1")
    while i >= 0:
        out.append(i)
        i = digits.find("1", i + 1)
    return out


def _digit_counts(text: str) -> tuple[int, int, bool]:
    """(digits, longest run of them, a letter right beside one) of one text, as the
    regex and `str.isalpha` see them (any script)."""
    count = longest = 0
    lettered = False
    for m in _NUMBER.finditer(text):
        lo, hi = m.span()
        count += hi - lo
        longest = max(longest, hi - lo)
        lettered = lettered or (lo > 0 and text[lo - 1].isalpha()) or text[hi:hi + 1].isalpha()
    return count, longest, lettered


TOKENS: Memo[str, tuple[str, ...]] = Memo(8_000)
"""The distinct lower-cased words of a sentence text."""


def _tokens(text: str) -> tuple[str, ...]:
    found = TOKENS.get(text)
    if found is None:
        if text.isascii():  # `_WORD_BYTES` does in C what `\w+` does a token at a time
            words = text.encode("ascii").translate(_WORD_BYTES).decode("ascii").split()
        else:
            words = _WORD.findall(_lower(text))
        found = tuple(dict.fromkeys(words))
        TOKENS.put(text, found)
    return found
