"""Markdown and plain text as a `Document`, so every detector reads one shape.

Headings, paragraphs, list items and links keep their structure (the detectors use
headings for sections and link text for pointers); everything is escaped first, so
text can never become markup.
"""

from __future__ import annotations

import html
import re

from auditor.parse.htmldoc import Document, parse

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)(?:\s+&quot;[^)]*&quot;)?\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def _inline(text: str) -> str:
    text = html.escape(text)
    text = _LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', text)
    return _EMPHASIS.sub(lambda m: m.group(2), text)


def markdown_to_html(text: str) -> str:
    """A small, safe Markdown subset: headings, paragraphs, lists, links."""
    out: list[str] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append("<p>" + " ".join(para) + "</p>")
            para.clear()

    for line in text.splitlines():
        if not line.strip():
            flush()
            continue
        m = _HEADING.match(line)
        if m:
            flush()
            level = len(m.group(1))
            out.append(f"<h{level}>{_inline(m.group(2))}</h{level}>")
            continue
        m = _ITEM.match(line)
        if m:
            flush()
            out.append(f"<li>{_inline(m.group(1))}</li>")
            continue
        para.append(_inline(line.strip()))
    flush()
    return "<html><body>" + "\n".join(out) + "</body></html>"


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


def parse_text(text: str, url: str, *, markdown: bool) -> Document:
    """Parse Markdown (or plain text) served at `url` into a `Document`."""
    return parse(markdown_to_html(text) if markdown else text_to_html(text), url)
