"""From fetched bytes to a filled `Page`: decode, parse once, copy text, links and title.

The one decoder of the project: the crawl, ``rebuild_snapshot`` (offline, over a WARC),
``auditor evidence`` and ``auditor inspect`` all read bodies through :func:`decode`, so a
page is labelled the same whichever way it arrives. Pure and picklable, so a crawl can run
it in a worker process; the detectors are added on top by the caller
(:func:`checks.signals.analyse_page`).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from typing import Any

from auditor.models import Link, Page
from auditor.parse import htmldoc, textdoc

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode(body: bytes, content_type: str | None) -> tuple[str, str]:
    """(text, charset): BOM, then the header, then <meta>, then UTF-8, then detection."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, errors="replace"), name
    declared = None
    if content_type and "charset=" in content_type.lower():
        declared = _known(content_type.lower().split("charset=", 1)[1].split(";")[0])
    if declared is None:
        m = _META_CHARSET.search(body[:4096])
        declared = _known(m.group(1).decode("ascii", "ignore")) if m else None
    if declared is not None:
        if declared in ("ascii", "latin-1", "iso8859-1"):
            declared = "cp1252"  # what browsers do with these labels (WHATWG)
        return body.decode(declared, errors="replace"), declared
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_ascii_cp1252(body[:65536]):
        return body.decode("cp1252", errors="replace"), "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(body[:65536]).best()
    name = best.encoding if best is not None else "cp1252"
    return body.decode(name, errors="replace"), name


_ASCII = bytes(range(0x80))
_CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"


def _mostly_ascii_cp1252(sample: bytes) -> bool:
    """An undeclared page that is ASCII but for a few bytes (curly quotes, a no-break
    space, an accent) which windows-1252 defines: read it as browsers in Western locales
    do. Detection on so few bytes guesses wildly (an English page's 0x92 and 0xA0 came
    back as cp775, gluing its sentences with "Ā"); pages in other scripts have many
    high bytes and still go to detection."""
    high = sample.translate(None, _ASCII)
    return bool(sample) and len(high) <= 0.03 * len(sample) and \
        not any(b in high for b in _CP1252_UNDEFINED)


MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown"})


def parse_body(body: bytes, url: str, content_type: str | None) -> htmldoc.Document:
    """The one reader of a fetched body: HTML as HTML; plain text and Markdown by
    `auditor.parse.textdoc`, as ``auditor inspect FILE`` reads a saved ``.txt`` or
    ``.md``, so a text page gets the same sentences (hard wraps undone) whether it is
    crawled, inspected by URL or read from a file."""
    text, _charset = decode(body, content_type)
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in MARKDOWN_TYPES:
        return textdoc.parse_text(text, url, markdown=True)
    if kind == "text/plain":
        return textdoc.parse_text(text, url, markdown=False)
    return htmldoc.parse(text, url)


Analyser = Callable[[Page, bytes, "str | None", "dict[str, Any] | None"], Page]
"""Fills a page from its body: :func:`parse_only` here, or one that also runs detectors."""


def fill_page(page: Page, body: bytes, content_type: str | None,
              measured: dict[str, Any] | None = None) -> tuple[Page, htmldoc.Document]:
    """Fill `page` from its body; `measured` carries a browser's visible/hidden text."""
    doc = parse_body(body, page.final_url, content_type)
    if measured is not None:
        doc.text, doc.hidden_text = htmldoc.without_reversed(
            str(measured.get("text", doc.text)),
            [str(t) for t in measured.get("hidden_text", doc.hidden_text)])
        page.consent_banner = measured.get("consent_banner") or page.consent_banner
        extra = [(str(h), str(t)) for h, t in measured.get("links", [])]
        known = {h for h, _ in doc.links}
        doc.links += [(h, t) for h, t in extra if h not in known]
    page.title = doc.title or None
    page.language = doc.lang or page.language
    page.text = doc.text
    page.hidden_text = doc.hidden_text
    page.links = [Link(href=h, text=t) for h, t in doc.links]
    if measured is None:  # a rendered DOM is never a shell; keep what the static HTML was
        page.app_shell = doc.app_shell
    return page, doc


def parse_only(page: Page, body: bytes, content_type: str | None,
               measured: dict[str, Any] | None = None) -> Page:
    """An analyser that runs no detector: the crawl's default, for callers that only look."""
    return fill_page(page, body, content_type, measured)[0]
