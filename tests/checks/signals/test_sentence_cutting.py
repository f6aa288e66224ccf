"""Where one sentence ends and the next begins: the unit every detector reads. A full
stop that lost its space ("the site.If you") still ends a sentence, so a veto or a
reason in one sentence is not read as part of its neighbour; abbreviations, initials
and dotted names do not."""

from __future__ import annotations

import pytest

from auditor.parse.htmldoc import parse
from checks.signals._memo import clear_all
from checks.signals._page import PageView


def _units(text: str) -> list[str]:
    clear_all()
    doc = parse(f"<html lang='en'><body><p>{text}</p></body></html>", "https://example.test/")
    return [u.text for u in PageView.build(doc, doc.url).units]


@pytest.mark.parametrize("text, expected", [
    ("We review every post before it appears.If you see abuse, write to us.",
     ["We review every post before it appears.", "If you see abuse, write to us."]),
    ("Children may not register!Parents should read this page.",
     ["Children may not register!", "Parents should read this page."]),
    ("We keep logs.Records are deleted after a year. Ask us anything.",
     ["We keep logs.", "Records are deleted after a year.", "Ask us anything."]),
    ("Write to Acme Inc.Mail is read daily.", ["Write to Acme Inc.", "Mail is read daily."]),
])
def test_a_full_stop_without_its_space_still_ends_a_sentence(text: str,
                                                              expected: list[str]) -> None:
    assert _units(text) == expected


@pytest.mark.parametrize("text", [
    "Our U.S.Army customers write to a separate address.",
    "Some sites, e.g.Example Press, publish our notices.",
    "The widget is built with Node.js and served from our own servers.",
    "Version 2.Beta of the app shows the same notice.",
])
def test_initials_abbreviations_and_dotted_names_are_not_cut(text: str) -> None:
    assert _units(text) == [text]
