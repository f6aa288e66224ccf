"""Plain text read as a reader reads it: hard-wrapped sentences are one sentence,
menus and lists stay apart (`auditor.parse.textdoc`)."""

from __future__ import annotations

from auditor.parse.textdoc import parse_text

WRAPPED = """Privacy Statement
Games
Puzzles
We do not collect information from children
under 13 without the consent of a parent.
Parents may ask us to delete it:
write to the address below.
Done.
see also our terms

Contact
us at privacy@example.org."""


def test_a_sentence_wrapped_over_lines_is_one_line() -> None:
    doc = parse_text(WRAPPED, "https://example.org/privacy.txt", markdown=False)
    lines = doc.text.split("\n")
    assert ("We do not collect information from children under 13 without the consent "
            "of a parent.") in lines
    assert "Contact us at privacy@example.org." in lines


def test_menus_closed_sentences_and_colons_keep_their_lines() -> None:
    lines = parse_text(WRAPPED, "https://example.org/privacy.txt", markdown=False
                       ).text.split("\n")
    assert {"Privacy Statement", "Games", "Puzzles"} <= set(lines)
    assert "Parents may ask us to delete it:" in lines
    assert "write to the address below." in lines
    assert "Done." in lines and "see also our terms" in lines


def test_text_stays_escaped_when_lines_are_joined() -> None:
    doc = parse_text("<b>bold claim\n<script>alert(1)</script> here", "https://e.org/a.txt",
                     markdown=False)
    assert "<b>bold claim" in doc.text
    assert doc.root.find(".//script") is None and doc.root.find(".//b") is None
