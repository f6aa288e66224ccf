"""Lexicons are data: one TOML file per language under ``checks/lexicons/``.

Each file holds ``[language]`` (code, stopwords), ``[terms]`` (named regex fragments,
reused inside other entries as ``<<name>>``) and one table per signal family whose keys
are roles (``trigger``, ``strong``, ``veto`` ...) and whose values are lists of regex
fragments. The code names roles and never holds phrases, so a new language is a new
file. ``common.toml`` (code ``*``) holds language-neutral entries and is always merged.
Everything is read and compiled once per process (``functools.cache``).

Speed: a role is also kept as its separate fragments, each with a *gate*: literal
strings that any match must contain (derived from the regex itself, so the gate is
a necessary condition and never changes a result). A page finds which gate literals
it contains with fast substring searches and runs a fragment only on the sentences
that hold its literals; see ``PageView.match``.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]
from typing import Any

COMMON = "*"
_REF = re.compile(r"<<(\w+)>>")
NEVER = re.compile(r"(?!x)x")
"""A pattern that never matches: an empty role."""


@functools.cache
def _raw() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    folder = files("checks").joinpath("lexicons")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        code = str(data["language"]["code"])
        out[code] = data
    return out


def languages() -> tuple[str, ...]:
    """The language codes that have a lexicon (``*`` excluded)."""
    return tuple(code for code in _raw() if code != COMMON)


@functools.cache
def stopwords() -> dict[str, frozenset[str]]:
    """Per language, the function words used to guess a page's language."""
    return {
        code: frozenset(w.lower() for w in data["language"].get("stopwords", []))
        for code, data in _raw().items()
        if code != COMMON
    }


def _terms(code: str) -> dict[str, str]:
    merged: dict[str, str] = dict(_raw().get(COMMON, {}).get("terms", {}))
    merged.update(_raw().get(code, {}).get("terms", {}))
    return merged


def _expand(fragment: str, terms: dict[str, str], depth: int = 0) -> str:
    if depth > 6:
        raise ValueError(f"lexicon term nesting too deep in {fragment!r}")

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in terms:
            raise KeyError(f"lexicon term <<{name}>> is not defined")
        return "(?:" + _expand(terms[name], terms, depth + 1) + ")"

    return _REF.sub(sub, fragment)


def _parts(section: str, role: str, langs: tuple[str, ...]) -> list[str]:
    parts: list[str] = []
    for code in (COMMON, *langs):
        data = _raw().get(code)
        if data is None:
            continue
        items = data.get(section, {}).get(role, [])
        if isinstance(items, str):
            items = [items]
        terms = _terms(code)
        parts.extend(_expand(item, terms) for item in items)
    return parts


@functools.cache
def pattern(section: str, role: str, langs: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive regex: every fragment of `section.role` in `langs` plus common."""
    parts = _parts(section, role, langs)
    if not parts:
        return NEVER
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


def check_all() -> None:
    """Compile every role of every file (tests call this to catch a broken entry)."""
    for code, data in _raw().items():
        for section, table in data.items():
            if section in ("language", "terms") or not isinstance(table, dict):
                continue
            for role in table:
                pattern(section, role, (code,) if code != COMMON else ())


# ---------------------------------------------------------------------- gates

Factor = tuple[tuple[str, ...], ...]
"""Literals of which at least one occurs (lower-cased) in any text a fragment matches,
each as its vocabulary keys (see `literal_keys`)."""
Gate = tuple[Factor, ...]
"""Factors that must all hold. ``()``: ungated."""

MARK = "\x00"
"""In a literal or key: a word boundary (``\\b``) at that point."""
RAW = "\x01"
"""Prefix of a key that is a plain substring (a literal without words, such as "@")."""

_MIN_LITERAL = 2
_MAX_FACTORS = 4
_BOUNDARY = (_sre.AT, _sre.AT_BOUNDARY)
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)


@dataclass(frozen=True, slots=True)
class Fragment:
    """One lexicon entry: its compiled regex and the literals any match contains."""

    rx: re.Pattern[str]
    gate: Gate


_MAX_VARIANTS = 24


def _variants(items: Any) -> set[str] | None:
    """Every string a purely literal (sub)pattern can match (small classes and
    alternations of literals expanded), or None when it is not purely literal."""
    out = {""}
    for op, av in items:
        if op is _sre.LITERAL:
            chars = {chr(av)}
        elif op is _sre.IN:
            got = _class_chars(av)
            if got is None:
                return None
            chars = got
        elif op is _sre.SUBPATTERN:
            sub = _variants(av[-1])
            if sub is None:
                return None
            chars = sub
        elif op is _sre.AT and av is _sre.AT_BOUNDARY:
            chars = {MARK}
        elif op is _sre.BRANCH:
            chars = set()
            for alt in av[1]:
                sub = _variants(alt)
                if sub is None:
                    return None
                chars |= sub
        else:
            return None
        out = {a + b for a in out for b in chars}
        if len(out) > _MAX_VARIANTS:
            return None
    return out


def _class_chars(items: Any) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            chars.add(chr(av))
        elif op is _sre.RANGE and av[1] - av[0] < 10:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op is _sre.CATEGORY and av is _sre.CATEGORY_DIGIT:
            chars.update("0123456789")  # other scripts' digits: not in our languages
        else:
            return None
    return chars if len(chars) <= 10 else None


def _factors(items: Any) -> list[frozenset[str]]:
    """Necessary literal factors of a parsed (sub)pattern: each a set of strings of
    which at least one occurs (lower-cased) in every match."""
    out: list[frozenset[str]] = []
    run: set[str] = {""}

    def flush() -> None:
        nonlocal run
        if all(v.strip(MARK) for v in run):
            out.append(frozenset(v.lower() for v in run))
        run = {""}

    items = list(items)
    for k, (op, av) in enumerate(items):
        if op in (_sre.LITERAL, _sre.IN, _sre.SUBPATTERN, _sre.BRANCH, _sre.AT):
            lit = _variants([(op, av)])
            if lit is not None and len(run) * len(lit) <= _MAX_VARIANTS:
                run = {a + b for a in run for b in lit}
                continue
        flush()
        # a boundary just before or after a group or alternation holds inside each branch
        edges = ([_BOUNDARY] if k and items[k - 1] == _BOUNDARY else [],
                 [_BOUNDARY] if k + 1 < len(items) and items[k + 1] == _BOUNDARY else [])
        if op is _sre.SUBPATTERN:
            out.extend(_factors([*edges[0], *av[-1], *edges[1]]))
        elif op in _REPEATS and av[0] >= 1:
            out.extend(_factors(av[2]))
        elif op is _sre.BRANCH:
            union: set[str] = set()
            for alt in av[1]:
                best = _best(_factors([*edges[0], *alt, *edges[1]]), 1)
                if not best:
                    union = set()
                    break
                union |= best[0]
            if union:
                out.append(frozenset(union))
    flush()
    return out


def _weight(literal: str) -> int:
    core = literal.replace(MARK, "")
    size = len(core) if len(core) != 1 or core.isalpha() else 2
    return 2 * size + (len(literal) - len(core) if size else 0)


def _selectivity(factor: frozenset[str]) -> tuple[int, int]:
    """Longer literals are rarer, and a word boundary narrows one further; a lone
    digit or sign ("@") counts as a short word."""
    return (min(_weight(s) for s in factor), -len(factor))


def _best(factors: list[frozenset[str]], n: int) -> list[frozenset[str]]:
    usable = [f for f in factors if _selectivity(f)[0] >= 2 * _MIN_LITERAL]
    return sorted(usable, key=_selectivity, reverse=True)[:n]


def gate_of(regex: str) -> Gate:
    """The gate of one expanded fragment (``()`` when no literal is required)."""
    try:
        parsed = _sre_parse.parse(regex, re.IGNORECASE)
    except re.error:
        return ()
    best = _best(_factors(parsed.data), _MAX_FACTORS)
    gate = []
    for factor in best:
        keyed = tuple(literal_keys(lit) or (RAW + lit.replace(MARK, ""),)
                      for lit in _simplify(factor))
        gate.append(_INTERNED.setdefault(keyed, keyed))
    return tuple(gate)


_INTERNED: dict[Factor, Factor] = {}
"""One object per distinct factor, so a page can remember a factor's units by id."""


@functools.cache
def fragments(section: str, role: str, langs: tuple[str, ...]) -> tuple[Fragment, ...]:
    """The fragments of `section.role` in `langs` plus common, in pattern order."""
    return tuple(Fragment(re.compile(p, re.IGNORECASE), gate_of(p))
                 for p in _parts(section, role, langs))


@functools.cache
def gate_keys(langs: tuple[str, ...]) -> frozenset[str]:
    """Every word key (not `RAW`) of every fragment's gate in `langs` plus common: the
    keys a page in those languages can be asked about (see `_vocab.KeyIndex`)."""
    keys: set[str] = set()
    for code in (COMMON, *langs):
        for section, table in _raw().get(code, {}).items():
            if section in ("language", "terms") or not isinstance(table, dict):
                continue
            for role in table:
                for frag in fragments(section, role, langs):
                    for factor in frag.gate:
                        for literal in factor:
                            keys.update(k for k in literal if k[0] != RAW)
    return frozenset(keys)


_WORD = re.compile(r"\w+")


@functools.cache
def literal_keys(literal: str) -> tuple[str, ...]:
    """The words of a gate literal as vocabulary search keys: `MARK` before a word that
    must start a token, after one that must end it. ``()``: the literal has no word."""
    keys = []
    for m in _WORD.finditer(literal):
        key = m.group()
        if m.start() > 0:
            key = MARK + key
        if m.end() < len(literal):
            key += MARK
        keys.append(key)
    return tuple(keys)


def _covers(short: str, long: str) -> bool:
    """Every token matching key `long` also matches key `short`."""
    core_s, core_l = short.strip(MARK), long.strip(MARK)
    if short.startswith(MARK) and not (long.startswith(MARK) and core_l.startswith(core_s)):
        return False
    if short.endswith(MARK) and not (long.endswith(MARK) and core_l.endswith(core_s)):
        return False
    return core_s in core_l


def _simplify(factor: frozenset[str]) -> tuple[str, ...]:
    """Drop literals another single-word literal of the factor already implies."""
    single = [lit for lit in factor if len(literal_keys(lit)) == 1]
    def implied(lit: str) -> bool:
        for other in single:
            key = literal_keys(other)[0]
            if other == lit or not any(_covers(key, k) for k in literal_keys(lit)):
                continue
            if literal_keys(lit) != (key,) or other < lit:
                return True
        return False

    keep = tuple(sorted(lit for lit in factor if not implied(lit)))
    assert keep, factor
    return keep
