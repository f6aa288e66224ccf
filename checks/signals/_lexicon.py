"""Lexicons are data: one TOML file per language under ``checks/lexicons/``.

Each file holds ``[language]`` (code, stopwords), ``[terms]`` (named regex fragments,
reused inside other entries as ``<<name>>``) and one table per signal family whose keys
are roles (``trigger``, ``strong``, ``veto`` ...) and whose values are lists of regex
fragments. The code names roles and never holds phrases, so a new language is a new
file. ``common.toml`` (code ``*``) holds language-neutral entries and is always merged.
Everything is read and compiled once per process (``functools.cache``).
"""

from __future__ import annotations

import functools
import re
import tomllib
from importlib.resources import files
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


@functools.cache
def pattern(section: str, role: str, langs: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive regex: every fragment of `section.role` in `langs` plus common."""
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
    if not parts:
        return NEVER
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


@functools.cache
def union(section: str, roles: tuple[str, ...], langs: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching wherever any of `roles` matches: a cheap pre-filter that
    skips sentences none of them could match."""
    parts = [pattern(section, r, langs).pattern for r in roles]
    parts = [p for p in parts if p != NEVER.pattern]
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
