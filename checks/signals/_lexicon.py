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
from typing import Any

from checks.signals import _gatecache, _schema
from checks.signals._gates import AND, MARK, DigitNeed, digit_need, literal_factors, sure_literals

COMMON = "*"
_REF = re.compile(r"<<(\w+)>>")
NEVER = re.compile(r"(?!x)x")
"""A pattern that never matches: an empty role."""


@functools.cache
def _raw() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    folder = files("checks").joinpath("lexicons")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml") or entry.name == "roles.toml":
            continue
        text = entry.read_text(encoding="utf-8")
        data = tomllib.loads(text)
        _schema.validate(f"checks/lexicons/{entry.name}", text, data)
        code = str(data["language"]["code"])
        out[code] = data
    return out


def languages_with_common() -> tuple[str, ...]:
    """Every lexicon's code, ``*`` (common.toml) first."""
    return tuple(sorted(_raw(), key=lambda code: (code != COMMON, code)))


def entries(code: str, section: str, role: str) -> list[str]:
    """The expanded regexes of `section.role` in one lexicon file, in file order."""
    _schema.kind_of(section, role)
    data = _raw().get(code, {})
    items = data.get(section, {}).get(role, [])
    if isinstance(items, str):
        items = [items]
    return [_expand(item, _terms(code)) for item in items]


def roles_of(section: str, kind: str | None = None) -> tuple[str, ...]:
    """The declared roles of `section` (of one kind, when given), in declaration order."""
    roles = _schema.declared().get(section, {})
    return tuple(r for r, k in roles.items() if kind is None or k == kind)


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
    return [regex for _rule, regex in _ruled_parts(section, role, langs)]


def _ruled_parts(section: str, role: str, langs: tuple[str, ...]) -> list[tuple[str, str]]:
    """(rule id, expanded regex) of every entry of `section.role` in `langs` plus common.
    A rule id names the file and position: ``coppa.strong[en#3]``. Raises LexiconError
    for a section or role not declared in roles.toml."""
    _schema.kind_of(section, role)
    parts: list[tuple[str, str]] = []
    for code in (COMMON, *langs):
        if code not in _raw():
            continue
        parts.extend((f"{section}.{role}[{code}#{i}]", regex)
                     for i, regex in enumerate(entries(code, section, role)))
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

RAW = "\x01"
"""Prefix of a key that is a plain substring (a literal without words, such as "@")."""

@dataclass(frozen=True, slots=True)
class Fragment:
    """One lexicon entry: its regex and the literals any match contains."""

    source: str
    """The expanded regex (compiled by `rx` when a page first needs it)."""
    gate: Gate
    rule: str = ""
    """Which lexicon entry this is (``coppa.strong[en#3]``)."""
    digits: DigitNeed = (0, 0, False)
    """Digits any match holds, the longest run of them, whether a letter stands beside
    one (`_gates.digit_need`)."""
    sure: tuple[str, ...] = ()
    """Vocabulary keys of one word each that prove a match in an ASCII text holding
    them (`_gates.sure_literals`): there `PageView.has` need not run the regex."""

    @property
    def rx(self) -> re.Pattern[str]:
        """The compiled regex. Compiled on first use, not with the lexicon: on the site
        farm about 250 of the 845 English and common entries ever have their literals on
        a page, and compiling the rest cost each process (the CLI and every analysis
        worker) about half a second of CPU at start."""
        return _regex(self.source)


@functools.cache
def _regex(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


def gate_of(regex: str) -> Gate:
    """The gate of one expanded fragment (``()`` when no literal is required)."""
    strong: list[Factor] = []
    weak: list[Factor] = []
    for factor in literal_factors(regex):
        lits = [literal_keys(lit) or (RAW + lit.replace(MARK, ""),) for lit in _simplify(factor)]
        keyed = tuple(tuple(k for k in keys if not _weak(k)) or keys for keys in lits)
        keyed = _intern(keyed)
        (weak if any(all(_weak(k) for k in keys) for keys in keyed) else strong).append(keyed)
    # A factor that may hold through a weak key alone gates only a fragment with no other.
    return tuple(strong or weak)


def _weak(key: str) -> bool:
    """A key of one or two characters that need not be a whole token ("in", "at",
    "e" ending a word): nearly every sentence holds one, and finding which costs a
    Python step per token that does, so a gate leaves it out (a gate only skips
    regexes; without the key it skips fewer)."""
    core = key.strip(MARK)
    return core.isalpha() and (len(core) == 1 and key != MARK + core + MARK
                               or MARK not in key and len(core) == 2)


_INTERNED: dict[Factor, Factor] = {}
"""One object per distinct factor, so a page can remember a factor's units by id."""


@functools.cache
def fragments(section: str, role: str, langs: tuple[str, ...]) -> tuple[Fragment, ...]:
    """The fragments of `section.role` in `langs` plus common, in pattern order."""
    out = []
    for rule, regex in _ruled_parts(section, role, langs):
        gate, digits, sure = _gated(regex)
        out.append(Fragment(regex, _filled_first(gate), rule, digits, sure))
    return tuple(out)


def _filled_first(gate: Gate) -> Gate:
    """`gate` with its factors of one-word literals ahead, in their order (a gate admits
    the units all its factors hold in, whatever the order they are read in). A page
    fills those in with its key table (`_vocab.Vocabulary._key_table`), so reading one
    costs a lookup; the others (`_vocab.Vocabulary.factor_bits`, about 3 µs each) are
    worked out only for the fragments the first ones have not ruled out: about a fifth
    fewer of them a page."""
    return tuple(sorted(gate, key=lambda factor: not _filled(factor)))


def _filled(factor: Factor) -> bool:
    """Every literal of `factor` is one word key (see `_vocab.KeyIndex.keyed_factors`)."""
    return all(len(keys) == 1 and keys[0][0] != RAW for keys in factor)


@functools.cache
def _gated(regex: str) -> tuple[Gate, DigitNeed, tuple[str, ...]]:
    """An entry's gate, digit need and sure keys, once per process whatever languages a page brings
    along (a French page's English entries are the English pages' own) and however many
    roles share the entry; from the on-disk cache when it is there."""
    stored = _STORED.entries()
    hit = stored.get(regex)
    if hit is not None:
        gate: Gate = tuple(_intern(tuple(tuple(keys) for keys in factor)) for factor in hit[0])
        digits, sure = hit[1], hit[2]
    else:
        gate, digits, sure = gate_of(regex), digit_need(regex), sure_keys(regex)
        _STORED.add(regex, gate, digits, sure)
    return gate, digits, sure


def sure_keys(regex: str) -> tuple[str, ...]:
    """The vocabulary keys of `_gates.sure_literals` (each literal is one word)."""
    return tuple(sorted(key for lit in sure_literals(regex) for key in literal_keys(lit)))


class _Stored:
    """The gates read from `_gatecache` at first use, and whether any was added since."""

    def __init__(self) -> None:
        self._entries: dict[str, _gatecache.Entry] | None = None
        self.added = False

    def entries(self) -> dict[str, _gatecache.Entry]:
        if self._entries is None:
            self._entries = _gatecache.load()
        return self._entries

    def add(self, regex: str, gate: Gate, digits: DigitNeed, sure: tuple[str, ...]) -> None:
        self.entries()[regex] = (gate, digits, sure)
        self.added = True

    def save(self) -> None:
        if self.added and self._entries is not None:
            _gatecache.save(self._entries)
            self.added = False


_STORED = _Stored()


def _intern(factor: Factor) -> Factor:
    return _INTERNED.setdefault(factor, factor)


@functools.cache
def gate_factors(langs: tuple[str, ...]) -> tuple[Factor, ...]:
    """Every distinct factor of every fragment's gate in `langs` plus common: the
    factors a page in those languages can be asked about (see `_vocab.KeyIndex`)."""
    found: dict[int, Factor] = {}
    for code in (COMMON, *langs):
        for section, table in _raw().get(code, {}).items():
            if section in ("language", "terms") or not isinstance(table, dict):
                continue
            for role in table:
                for frag in fragments(section, role, langs):
                    for factor in frag.gate:
                        found.setdefault(id(factor), factor)
    _STORED.save()  # every entry of these languages is read: keep new gates for later
    return tuple(found.values())


@functools.cache
def gate_keys(langs: tuple[str, ...]) -> frozenset[str]:
    """Every word key (not `RAW`) of every fragment's gate in `langs` plus common: the
    keys a page in those languages can be asked about (see `_vocab.KeyIndex`)."""
    return frozenset(key for factor in gate_factors(langs) for literal in factor
                     for key in literal if key[0] != RAW)


_WORD = re.compile(r"\w+")


@functools.cache
def literal_keys(literal: str) -> tuple[str, ...]:
    """The words of a gate literal as vocabulary search keys: `MARK` before a word that
    must start a token, after one that must end it; the parts of an `AND` literal each
    read alone. ``()``: the literal has no word."""
    if AND in literal:
        return tuple(key for part in literal.split(AND) for key in literal_keys(part))
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
