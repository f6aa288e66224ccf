"""Lexicon sections and roles are declared (checks/lexicons/roles.toml): a misspelt one
stops loading with the file and line, and code asking for one fails the same way."""

from __future__ import annotations

import tomllib

import pytest

from checks.signals import _lexicon, _schema

LANGS = ("en", "es", "fr", "de", "pt")

VETO_GAPS: dict[tuple[str, str], str] = {}
"""Vetoes English has that another language does not; listed in the README (none now)."""


def _roles(code: str) -> dict[str, set[str]]:
    data = _lexicon._raw()[code]
    return {s: set(t) for s, t in data.items() if s not in _schema.FIXED_TABLES}


def test_every_lexicon_file_uses_only_declared_sections_and_roles() -> None:
    for code in _lexicon.languages_with_common():
        for section, roles in _roles(code).items():
            assert roles <= set(_schema.declared()[section]), (code, section)


def test_an_unknown_role_names_the_file_and_line() -> None:
    text = '[language]\ncode = "xx"\n\n[coppa]\ntrigger = ["kid"]\nstong = ["child"]\n'
    with pytest.raises(_schema.LexiconError, match=r"^xx\.toml:6: unknown role 'stong'"):
        _schema.validate("xx.toml", text, tomllib.loads(text))
    text = '[language]\ncode = "xx"\n[copa]\ntrigger = ["kid"]\n'
    with pytest.raises(_schema.LexiconError, match=r"^xx\.toml:3: unknown section \[copa\]"):
        _schema.validate("xx.toml", text, tomllib.loads(text))


def test_code_asking_for_an_undeclared_role_fails() -> None:
    with pytest.raises(_schema.LexiconError, match="unknown role 'stong'"):
        _lexicon.pattern("coppa", "stong", ("en",))
    with pytest.raises(_schema.LexiconError, match="unknown lexicon section"):
        _lexicon.fragments("copa", "trigger", ("en",))


def test_roles_per_language() -> None:
    """Which roles each language has, per section (printed with -s; asserted: every
    language has every section's trigger, and each role English fills)."""
    table = {code: _roles(code) for code in LANGS}
    for code in LANGS:
        print(code, {s: sorted(r) for s, r in sorted(table[code].items())})
    for section, roles in table["en"].items():
        for code in LANGS[1:]:
            missing = {r for r in roles - table[code].get(section, set())
                       if _schema.kind_of(section, r) != "veto"}
            assert not missing, (code, section, missing)


def test_every_english_veto_exists_in_each_language_or_is_a_listed_gap() -> None:
    gaps = set()
    for section, roles in _roles("en").items():
        for role in roles:
            if _schema.kind_of(section, role) != "veto":
                continue
            for code in LANGS[1:]:
                if role not in _roles(code).get(section, set()):
                    gaps.add((section, role))
    assert gaps == set(VETO_GAPS)
