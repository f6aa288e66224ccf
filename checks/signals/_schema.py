"""The declared shape of the lexicons: which tables (sections) exist, which roles each
has, and what kind of role each is (``checks/lexicons/roles.toml``).

A lexicon file naming a section or role that is not declared stops loading with the
file and line, and code asking for an undeclared role fails the same way, so a misspelt
role can never silently match nothing. The kinds tell tools what a role does:

    trigger    marks a sentence the family looks at at all
    heading    recognises a section heading of the family
    support    a match counts toward the signal (strong, weak, or a named reason)
    veto       a match drops the sentence (negation, duty on others, pointer, ...)
    rescue     lifts a veto (the safety context the veto would otherwise hide)
    context    neither counts nor drops on its own; the detector combines it
"""

from __future__ import annotations

import functools
import re
import tomllib
from importlib.resources import files
from typing import Any

KINDS = frozenset({"trigger", "heading", "support", "veto", "rescue", "context"})
FIXED_TABLES = frozenset({"language", "terms"})
_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_]+)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_]+)\s*=")


class LexiconError(ValueError):
    """A lexicon file or a lookup names a section or role nobody declared."""


@functools.cache
def declared() -> dict[str, dict[str, str]]:
    """Section -> role -> kind, from ``roles.toml``."""
    text = files("checks").joinpath("lexicons", "roles.toml").read_text(encoding="utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    out: dict[str, dict[str, str]] = {}
    for section, roles in data.items():
        if not isinstance(roles, dict):
            raise LexiconError(f"roles.toml: [{section}] must be a table of role = kind")
        for role, kind in roles.items():
            if kind not in KINDS:
                raise LexiconError(f"roles.toml: [{section}] {role} = {kind!r} is not one of "
                                   f"{', '.join(sorted(KINDS))}")
        out[section] = dict(roles)
    return out


def kind_of(section: str, role: str) -> str:
    """The declared kind of `section.role` (LexiconError when undeclared)."""
    roles = declared().get(section)
    if roles is None:
        raise LexiconError(f"unknown lexicon section [{section}] "
                           f"(declared: {', '.join(sorted(declared()))})")
    if role not in roles:
        raise LexiconError(f"unknown role {role!r} in [{section}] "
                           f"(declared: {', '.join(sorted(roles))})")
    return roles[role]


def validate(name: str, text: str, data: dict[str, Any]) -> None:
    """Check one lexicon file against the declaration; the error names file and line."""
    lines = _positions(text)
    for section, table in data.items():
        if section in FIXED_TABLES:
            continue
        where = f"{name}:{lines.get((section, ''), 0)}"
        if not isinstance(table, dict):
            raise LexiconError(f"{where}: [{section}] must be a table")
        if section not in declared():
            raise LexiconError(f"{where}: unknown section [{section}] "
                               f"(declared in roles.toml: {', '.join(sorted(declared()))})")
        for role, items in table.items():
            where = f"{name}:{lines.get((section, role), 0)}"
            if role not in declared()[section]:
                raise LexiconError(f"{where}: unknown role {role!r} in [{section}] (declared: "
                                   f"{', '.join(sorted(declared()[section]))})")
            if not isinstance(items, (list, str)):
                raise LexiconError(f"{where}: [{section}] {role} must be a list of patterns")


def _positions(text: str) -> dict[tuple[str, str], int]:
    """Line numbers of each ``[section]`` header and each ``role =`` key under it."""
    out: dict[tuple[str, str], int] = {}
    section = ""
    for number, line in enumerate(text.splitlines(), 1):
        if m := _HEADER.match(line):
            section = m.group(1)
            out.setdefault((section, ""), number)
        elif (m := _KEY.match(line)) and section:
            out.setdefault((section, m.group(1)), number)
    return out
