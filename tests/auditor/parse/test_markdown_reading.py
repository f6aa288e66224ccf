"""Markdown read as a browser shows it. The policy archives (and most sites that serve
Markdown) write it the way HTML-to-Markdown converters do: headings underlined with
``===``/``---``, full stops after numbers and underscores escaped, list items wrapped
over several lines, tables. A reader that takes these as plain text loses the headings
the detectors use as sections, leaves ``13\\.`` and ``privacy\\_team`` in the text, and
cuts a list item in two."""

from __future__ import annotations

from pathlib import Path

from auditor.parse.files import read_document
from auditor.parse.textdoc import parse_text
from checks.signals import analyze

ARCHIVE_STYLE = """Kids Corner Privacy Policy
==========================

Children's Privacy
------------------

We do not knowingly collect data from children under 13\\. A parent may write to
privacy\\_team@kidscorner.example to have a child's data deleted.

*   If you are under 13, please do not
    send us any personal information.
*   Parents can review what we hold.

| Data | Why |
| --- | --- |
| Parent's e-mail | To ask for consent |

> Quoted text stays text.
"""


def _doc(text: str):  # noqa: ANN202 - a Document
    return parse_text(text, "file:///privacy.md", markdown=True)


def test_underlined_headings_are_headings() -> None:
    doc = _doc(ARCHIVE_STYLE)
    assert [h.text_content() for h in doc.root.iter("h1")] == ["Kids Corner Privacy Policy"]
    assert [h.text_content() for h in doc.root.iter("h2")] == ["Children's Privacy"]
    assert "---" not in doc.text and "===" not in doc.text


def test_backslash_escapes_are_undone() -> None:
    doc = _doc(ARCHIVE_STYLE)
    assert "children under 13." in doc.text
    assert "privacy_team@kidscorner.example" in doc.text
    assert "\\" not in doc.text


def test_a_list_item_wrapped_over_two_lines_is_one_item() -> None:
    doc = _doc(ARCHIVE_STYLE)
    items = [" ".join(li.text_content().split()) for li in doc.root.iter("li")]
    assert items[0] == "If you are under 13, please do not send us any personal information."
    assert len(items) == 2


def test_table_cells_are_cells_not_one_run_of_pipes() -> None:
    doc = _doc(ARCHIVE_STYLE)
    cells = [td.text_content() for td in doc.root.iter("td")]
    assert cells == ["Parent's e-mail", "To ask for consent"]
    assert "|" not in doc.text


def test_raw_html_hidden_in_markdown_stays_hidden() -> None:
    """Raw HTML is markup, as a browser shows it: a statement hidden with CSS is not
    visible text, so it cannot pass for a visible notice."""
    text = ('# Terms\n\nWelcome.\n\n<div style="display:none">We comply with COPPA and '
            "obtain verifiable parental consent.</div>\n")
    doc = _doc(text)
    assert "COPPA" not in doc.text
    assert "<div" not in doc.text


def test_the_escaped_email_counts_as_the_operators_contact(tmp_path: Path) -> None:
    """Unescaped, the address in a children's section is the contact the notice names,
    and the evidence quotes it as the page shows it (no backslash)."""
    saved = tmp_path / "privacy.md"
    saved.write_text(
        "Children's Privacy\n------------------\n\n"
        "We collect a child's first name and a parent's e-mail address only after the "
        "parent gives verifiable consent. A parent may review or delete the child's "
        "information at any time by writing to privacy\\_team@kidscorner.example.\n")
    found = {s.name: s for s in analyze(read_document(saved))}
    assert found["coppa_notice"].value
    elements = found["coppa_elements"]
    assert "operator_contact" in (elements.elements or [])
    contact = [e.snippet for e in elements.evidence if e.note == "operator_contact"]
    assert contact and all("privacy_team@kidscorner.example." in quote for quote in contact)


def test_a_sites_front_matter_is_not_page_text() -> None:
    """Jekyll and Hugo sources start with their settings; the site never shows them,
    and read as Markdown they became a bogus heading ("title: ... layout: page")."""
    doc = _doc("---\ntitle: Privacy\nlayout: page\ntags:\n  - legal\n---\n"
               "# Privacy\n\nWe never sell data.\n\n---\n\nContact us.\n")
    assert [h.text_content() for h in doc.root.iter("h1")] == ["Privacy"]
    assert list(doc.root.iter("h2")) == []
    assert "layout" not in doc.text
    assert "Contact us." in doc.text  # a rule further down stays a rule


def test_mdx_module_lines_are_left_out(tmp_path: Path) -> None:
    saved = tmp_path / "safety.mdx"
    saved.write_text('import Callout from "@site/components/Callout";\n\n# Safety\n\n'
                     "<Callout>Report abuse from any profile.</Callout>\n\nBe kind.\n")
    doc = read_document(saved)
    assert "import" not in doc.text
    assert [h.text_content() for h in doc.root.iter("h1")] == ["Safety"]
    assert "Be kind." in doc.text
