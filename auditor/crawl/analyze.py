"""From archived bytes to what the checks read: decode, parse once, run the detectors.

Pure and picklable, so the crawl can run it in a worker process (or on its event loop), and
``rebuild_snapshot`` runs the very same code over a WARC.
"""

from __future__ import annotations

import codecs
import gc
import re
from html import escape
from typing import Any

from auditor import htmldoc
from auditor.models import Link, Page

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
    from charset_normalizer import from_bytes

    best = from_bytes(body[:65536]).best()
    name = best.encoding if best is not None else "cp1252"
    return body.decode(name, errors="replace"), name


def parse_body(body: bytes, url: str, content_type: str | None) -> htmldoc.Document:
    text, _charset = decode(body, content_type)
    if (content_type or "").lower().startswith("text/plain"):
        text = f"<html><body><pre>{escape(text)}</pre></body></html>"
    return htmldoc.parse(text, url)


def tune_gc() -> None:
    """Run the young-generation collector every 20 000 allocations instead of 700.

    Analysing a page allocates hundreds of thousands of short-lived, acyclic objects
    (strings, tuples, match results) while the detectors keep large memos alive, so
    the default thresholds ran about a dozen full collections per 1000 farm pages;
    raising the first one took a crawl from 21-22 to 19 ms of CPU a page. Called by
    the crawl and by analysis worker processes; a process whose threshold is no
    longer Python's default keeps its own choice.
    """
    if gc.get_threshold()[0] == 700:
        gc.set_threshold(20_000, 10, 10)


def analyse_page(page: Page, body: bytes, content_type: str | None,
                 measured: dict[str, Any] | None = None) -> Page:
    """Fill `page` from its body; `measured` carries a browser's visible/hidden text."""
    from checks.signals import analyze

    doc = parse_body(body, page.final_url, content_type)
    if measured is not None:
        doc.text = str(measured.get("text", doc.text))
        doc.hidden_text = [str(t) for t in measured.get("hidden_text", doc.hidden_text)]
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
    page.signals = analyze(doc, page)
    return page
