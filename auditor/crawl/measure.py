"""What a rendered page shows, measured where the page cannot interfere, checked against its DOM.

``browser_js/measure.js`` runs in an isolated world (:mod:`auditor.crawl.isolated`) of the
main frame and of every child frame a user can see (its ``<iframe>`` shown, all the way
up) that the SSRF guard let load, so a page cannot redefine what the measurement calls,
nor pass off text in an off-screen frame as shown. The result is then cross-checked:
every line of text reported as visible must be found, ignoring case and whitespace,
among the text nodes (outside scripts, styles and templates) of the DOM it was measured
on, which for the main frame is the DOM archived as the page's evidence. A line that is
not there is dropped and listed under ``unconfirmed`` in the archived measurement.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

from auditor.crawl.isolated import IsolatedWorld

MEASURE_JS = (Path(__file__).with_name("browser_js") / "measure.js").read_text()
_NOT_TEXT = {"script", "style", "template", "noscript", "head"}
_SPACE = re.compile(r"\s+")
_LINES = re.compile(r"[\n\t\r]+")
_KEEP_UNCONFIRMED = 20
_FONTS_READY_JS = ("(ms) => Promise.race([document.fonts.ready.then(() => true), "
                   "new Promise((done) => setTimeout(() => done(false), ms))])")
"""Wait (at most `ms`) for the page's fonts: letters are judged in the font people see."""
_FONTS_WAIT_MS = 3000


async def measure_page(world: IsolatedWorld, *, max_chars: int,
                       refused: Callable[[str], str | None]) -> tuple[str, dict[str, Any]]:
    """(DOM as measured, measurement): text, hidden_text, links, unconfirmed."""
    arg = {"maxChars": max_chars}
    await world.run(_FONTS_READY_JS, _FONTS_WAIT_MS)
    main = await world.run(MEASURE_JS, arg)
    html = str(main.get("html", ""))
    text, unconfirmed = confirm_in_dom(str(main.get("text", "")), html)
    texts = [text]
    for url, got in await world.run_in_frames(MEASURE_JS, arg):
        if not isinstance(got, dict) or not readable_frame(url, refused):
            continue
        frame_text, frame_bad = confirm_in_dom(str(got.get("text", "")), str(got.get("html", "")))
        if frame_text.strip():
            texts.append(frame_text)
        unconfirmed += frame_bad
    measured = {"text": "\n".join(texts), "hidden_text": [str(t) for t in main["hidden_text"]],
                "links": main["links"],
                "unconfirmed": [line[:200] for line in unconfirmed[:_KEEP_UNCONFIRMED]]}
    return html, measured


def readable_frame(url: str, refused: Callable[[str], str | None]) -> bool:
    """A frame is read only when the guard let it load (never an error page or a refusal)."""
    if url in ("about:blank", "about:srcdoc"):
        return True  # its content came from the page that holds it
    return url.startswith(("http://", "https://")) and refused(url) is None


def confirm_in_dom(text: str, html: str) -> tuple[str, list[str]]:
    """(`text` without the lines absent from `html`'s text nodes, those lines)."""
    corpus = _squash("".join(dom_text_nodes(html)))
    kept: list[str] = []
    unconfirmed: list[str] = []
    for line in text.split("\n"):
        pieces = [p for p in _LINES.split(line) if p.strip()]
        if all(_squash(p) in corpus for p in pieces):
            kept.append(line)
        else:
            unconfirmed.append(line.strip())
    return "\n".join(kept), unconfirmed


def dom_text_nodes(html: str) -> list[str]:
    """The text nodes of `html` a browser could render (not scripts, styles, templates)."""
    if not html.strip():
        return []
    parser = lxml.html.HTMLParser(recover=True, no_network=True, remove_comments=True,
                                  remove_pis=True, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    out: list[str] = []
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        el, tail_only = stack.pop()
        if tail_only:
            if el.tail:
                out.append(el.tail)
            continue
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        skipped = not tag or tag in _NOT_TEXT
        # document order: this element's text, its children (each then its tail)
        if not skipped and el.text:
            out.append(el.text)
        if not skipped:
            for child in reversed(el):
                stack.append((child, True))
                stack.append((child, False))
    return out


def _squash(text: str) -> str:
    return _SPACE.sub("", text.casefold())


__all__ = ["confirm_in_dom", "dom_text_nodes", "measure_page", "readable_frame"]
