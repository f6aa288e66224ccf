"""Text extraction in `auditor.parse.htmldoc.parse`: the stylesheet path (libxslt) and the
Python walk it falls back to must split visible and hidden text the same way."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.parse import htmldoc

TESTS = Path(__file__).resolve().parents[2]
PAGES = sorted(TESTS.glob("corpus/*.html")) + sorted(TESTS.glob("checks/fixtures/pages/**/*.html"))

HIDING = """<html lang="en"><head><title>T</title><style>p{}</style></head><body>
<nav><a href="/privacy">Privacy</a></nav>
<p>Visible one.<span class="sr-only">Screen reader words.</span> After span.</p>
<div style="DISPLAY: none">Gone <p>deeper <b class="hidden">nested</b></p> text.</div>tail stays
<div aria-hidden="true">aria words</div><div hidden>attr words</div>
<div class="unhidden">not hidden: no word boundary before it</div>
<div class="d-none">dnone words</div><div style="opacity:0">faded</div>
<script>var x = "script words";</script><svg aria-hidden="true"><text>svg</text></svg>
<noscript>noscript words</noscript><input type="hidden" value="v">
<ul><li>one
wrapped line</li><li>two</li></ul>
</body></html>"""


def _walked(html: str) -> tuple[str, list[str]]:
    """The same page through the Python walk alone."""
    root = htmldoc.parse(html, "https://x.example/").root
    body = root.find("body")
    visible: list[str] = []
    hidden: list[str] = []
    htmldoc._walk(body if body is not None else root, False, visible, hidden)
    return (htmldoc._clean_lines("".join(visible)),
            [t for t in (htmldoc._norm(h) for h in hidden) if t])


def test_hidden_markup_splits_text() -> None:
    doc = htmldoc.parse(HIDING, "https://x.example/")
    assert "Visible one." in doc.text and "After span." in doc.text
    assert "tail stays" in doc.text
    assert "not hidden" in doc.text
    for gone in ("Screen reader", "Gone", "aria words", "attr words", "dnone", "faded",
                 "script words", "svg", "noscript"):
        assert gone not in doc.text, gone
    assert doc.hidden_text[0] == "Screen reader words."
    assert any(h.startswith("Gone") and "nested" in h for h in doc.hidden_text)
    assert "one wrapped line" in doc.text.split("\n")  # source wrapping folded, blocks break
    assert "two" in doc.text.split("\n")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_stylesheet_and_walk_agree(page: Path) -> None:
    html = page.read_text(encoding="utf-8", errors="replace")
    doc = htmldoc.parse(html, "https://x.example/")
    assert (doc.text, doc.hidden_text) == _walked(html)


@pytest.mark.parametrize("marker", ["\ue000", "&#xE001;", "&#57346;", "&#x0e000"])
def test_page_holding_marker_characters_is_walked(marker: str) -> None:
    """A page whose own text holds the stylesheet's private-use markers must not be
    able to forge line breaks or hidden spans."""
    html = HIDING.replace("Visible one.", f"Visible {marker}one.")
    doc = htmldoc.parse(html, "https://x.example/")
    assert (doc.text, doc.hidden_text) == _walked(html)
    assert doc.hidden_text[0] == "Screen reader words."
    assert any(line.startswith("Visible") and line.endswith("After span.")
               for line in doc.text.split("\n"))


def test_page_without_body_and_hidden_body() -> None:
    assert htmldoc.parse("just words", "https://x.example/").text == "just words"
    doc = htmldoc.parse("<body hidden>secret<p>more</p></body>", "https://x.example/")
    assert doc.text == ""
    assert doc.hidden_text == ["secret\nmore"]


BASES = ["http://h.example/a/b/c.html", "http://h.example/a/b/", "http://h.example",
         "https://h.example:8080/x/y?z=1", "http://h.example/a/b#frag", "HTTP://H.example/A/b",
         "http://[::1]:8080/a/b", "http://h.example/a/b;p", "http://u:p@h.example/a/../c/d"]


@given(base=st.sampled_from(BASES),
       href=st.text(alphabet="ab./?#:;%\\ -~_", max_size=10) | st.sampled_from(
           ["../terms/", "/org/3/faq/", "privacy/#s1", "//other.example/p", "http:foo"]))
@settings(max_examples=400, deadline=None)
def test_remembered_join_equals_urljoin(base: str, href: str) -> None:
    """Links are joined through a memo keyed by the base's origin or directory; it
    must give exactly what `urljoin` gives, for any reference."""
    assert htmldoc._join(base, href) == urljoin(base, href)
    assert htmldoc._join(base, href) == urljoin(base, href)  # second call: from the memo


def _nested(depth: int, inner: str, *, hidden_at: int | None = None) -> str:
    opening = "".join("<div hidden>" if i == hidden_at else "<div class='n'>"
                      for i in range(depth))
    return ("<html><head><title>Deep</title></head><body>" + opening + inner
            + "</div>" * depth + "<p>We are an AI assistant, not a person.</p>"
            "<a href='/kids-privacy'>Children's privacy</a></body></html>")


@pytest.mark.parametrize("depth", [300, 700, 5000])
def test_deep_nesting_hides_no_text(depth: int) -> None:
    """libxml2 stops at 256 (or, with huge_tree, 2048) open elements and silently drops
    the rest of the page: a page nested deeper must still be read whole."""
    doc = htmldoc.parse(_nested(depth, "<span>deep words</span>"), "https://x.example/")
    assert "deep words" in doc.text
    assert "We are an AI assistant, not a person." in doc.text.split("\n")
    assert ("https://x.example/kids-privacy", "Children's privacy") in doc.links
    assert doc.title == "Deep"


def test_deep_nesting_keeps_hidden_text_hidden_within_the_browsers_depth() -> None:
    """Up to the depth a browser nests (512), a hidden ancestor still hides deep text;
    the text after the nest stays visible."""
    doc = htmldoc.parse(_nested(400, "<span>secret words</span>", hidden_at=10),
                        "https://x.example/")
    assert "secret words" not in doc.text
    assert any("secret words" in h for h in doc.hidden_text)
    assert "We are an AI assistant, not a person." in doc.text
