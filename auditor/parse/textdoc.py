"""Markdown and plain text as a `Document`, so every detector reads one shape.

Headings, paragraphs, list items and links keep their structure (the detectors use
headings for sections and link text for pointers). Markdown is rendered by markdown-it
(CommonMark): the policy archives write headings as underlined (setext) lines and
escape full stops after numbers, which a hand-written subset read as text. Plain text
is escaped first, so it can never become markup.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

from auditor.parse.htmldoc import Document, parse

_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]) \
    .disable("code")
"""CommonMark with GitHub's tables, as the policy archives and most sites write it.
Raw HTML inside Markdown stays markup, as a Markdown page shows it in a browser; the
HTML parser then reads it like any served page (hidden parts stay hidden, scripts
are never run). Indented text is prose, not a code block: in archived policies it is
a conversion's leftover indentation (a paragraph under a numbered heading indented
eight spaces), and read as code its links and emphasis would stay raw syntax
("the [Terms of Use](https://...)"). Fenced code blocks stay code."""


_FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n"
    r"(?:[ \t]*(?:[\w.-]+[ \t]*:.*|-[ \t].*|[ \t]+.*|#.*)?\r?\n){0,80}?"  # key: value, lists
    r"(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)")
"""A YAML block at the very top of a site's Markdown source (Jekyll, Hugo, Docusaurus):
the page's settings, which the site never shows."""
_MDX_STATEMENT = re.compile(r"^(?:import|export)\s.*$", re.MULTILINE)
"""MDX's module lines (``import X from "y"``), code the page never shows."""


def render_markdown(text: str, *, mdx: bool = False) -> str:
    """Markdown as a browser would show it, as an HTML fragment: setext and ATX
    headings, lists whose items run over several lines, tables, block quotes,
    backslash escapes undone; a leading YAML front matter block (and with `mdx`, the
    module lines) left out, as the site that renders the file leaves them out."""
    text = _FRONT_MATTER.sub("", text, count=1)
    if mdx:
        text = _MDX_STATEMENT.sub("", text)
    html_text: str = _MARKDOWN.render(text)
    return html_text


def markdown_to_html(text: str, *, mdx: bool = False) -> str:
    return "<html><body>" + render_markdown(text, mdx=mdx) + "</body></html>"


_CLOSED = re.compile(r"[.!?:;]['\")\]]*\s*$")


def _unwrap(lines: list[str]) -> list[str]:
    """Lines of one paragraph with hard wraps undone: a line that does not close its
    sentence and is followed by one starting in lower case goes on in it, as a reader
    reads it (text copied from web pages and mail is wrapped mid-sentence). Lines that
    start with a capital or follow a closed sentence stay apart: menus, lists, headings."""
    out: list[str] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and line[0].islower() and not _CLOSED.search(out[-1]):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def text_to_html(text: str) -> str:
    """Plain text: blank-line separated paragraphs, each (unwrapped) line kept as a block."""
    blocks = re.split(r"\n\s*\n", text)
    body = "\n".join("<p>" + "<br>".join(html.escape(x) for x in _unwrap(b.splitlines()))
                     + "</p>" for b in blocks if b.strip())
    return f"<html><body>{body}</body></html>"


def parse_text(text: str, url: str, *, markdown: bool, mdx: bool = False) -> Document:
    """Parse Markdown (MDX with `mdx`, or plain text) served at `url` into a `Document`."""
    return parse(markdown_to_html(text, mdx=mdx) if markdown else text_to_html(text), url)
