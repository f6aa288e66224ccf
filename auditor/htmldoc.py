"""Parse a page once and read what every stage needs from the one tree.

lxml.html is the hot path (about 1 ms of CPU per 64 KB page against 11 ms for
BeautifulSoup, measured in ``shared/bench``); BeautifulSoup stays where a forgiving
parser reads better (small, odd inputs). Crawled HTML is hostile: parsing never
executes anything, entities are not resolved from the network, and bodies are
already size-bounded by the fetcher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import lxml.html
from lxml import etree

_SKIP = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg"}
_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "nav", "main", "aside", "li",
    "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "br",
    "form", "label", "button", "dialog", "details", "summary", "blockquote", "dd", "dt",
}
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px)?\s*(?:;|$)"
    r"|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$)|left\s*:\s*-\d{4,}px|text-indent\s*:\s*-\d{4,}px",
    re.IGNORECASE,
)
_HIDDEN_CLASS = re.compile(r"\b(sr-only|visually-hidden|d-none|hidden)\b")
_WS = re.compile(r"[ \t\r\f\v\u00a0]+")


@dataclass
class Document:
    """A parsed page: the tree plus what is read from it everywhere."""

    url: str
    root: lxml.html.HtmlElement
    title: str = ""
    text: str = ""
    hidden_text: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    lang: str | None = None
    app_shell: bool = False
    """The static HTML looks like a script-rendered application shell (render it)."""


def parse(html: str | bytes, url: str) -> Document:
    """Parse `html` (already decoded or bytes) served at `url`."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    if not html.strip():
        html = "<html><body></body></html>"
    parser = lxml.html.HTMLParser(recover=True, no_network=True, remove_comments=True,
                                  remove_pis=True, huge_tree=False)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        # ValueError: a str with an XML encoding declaration
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    doc = Document(url=url, root=root)
    title = root.find(".//title")
    doc.title = _norm(title.text_content()) if title is not None else ""
    doc.lang = (root.get("lang") or "").strip() or None
    visible: list[str] = []
    hidden: list[str] = []
    _walk(root.find("body") if root.find("body") is not None else root, False, visible, hidden)
    doc.text = _clean_lines("".join(visible))
    doc.hidden_text = [t for t in (_norm(h) for h in hidden) if t]
    doc.links = extract_links(root, url)
    doc.app_shell = looks_like_app_shell(root, doc.text)
    return doc


_MOUNTS = ("app", "root", "__next", "__nuxt", "svelte", "app-root", "main-app", "react-root")
_ENABLE_JS = re.compile(r"enable\s+javascript|javascript\s+(?:is\s+)?(?:required|disabled)"
                        r"|activer?\s+javascript|javascript\s+aktivieren|habilita\s+javascript",
                        re.IGNORECASE)


def looks_like_app_shell(root: lxml.html.HtmlElement, text: str) -> bool:
    """Decide from static HTML whether a page's content is built by scripts.

    A framework mount point (``#app``, ``#root``, ``#__next``...) with almost no text
    of its own, a ``<noscript>`` asking for JavaScript, or a page with scripts and
    hardly any visible text all mean the plain fetch likely missed the content.
    """
    if not root.xpath("//script"):
        return False
    for mount in root.xpath("//body//*[@id]"):
        if mount.get("id") in _MOUNTS or mount.get("data-reactroot") is not None:
            own = "".join(mount.xpath(".//text()[not(ancestor::noscript) and "
                                      "not(ancestor::script) and not(ancestor::style)]"))
            if len(own.strip()) < 40:
                return True
    if len(text) < 200:
        return True
    noscript = " ".join(n.text_content() for n in root.iter("noscript"))
    return bool(_ENABLE_JS.search(noscript)) and len(text) < 1500


def is_hidden(el: lxml.html.HtmlElement) -> bool:
    """Hidden by markup alone (static HTML; the browser path measures real visibility)."""
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    cls = el.get("class")
    return bool(cls and _HIDDEN_CLASS.search(cls))


_FOLD_NEWLINES = str.maketrans("\r\n", "  ")
"""Source line breaks inside a text node are wrapping, not structure: only block
elements break lines in ``Document.text``."""


def _walk(el: lxml.html.HtmlElement, hidden: bool, visible: list[str], hid: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    tail = el.tail.translate(_FOLD_NEWLINES) if el.tail else ""
    if tag in _SKIP:
        if tail:
            (hid if hidden else visible).append(tail)
        return
    here_hidden = hidden or is_hidden(el) or (tag == "input" and el.get("type") == "hidden")
    text = el.text.translate(_FOLD_NEWLINES) if el.text else ""
    if here_hidden and not hidden:
        inner: list[str] = [text]
        for child in el:
            _walk(child, True, inner, inner)
        hid.append("".join(inner))
    else:
        sink = hid if here_hidden else visible
        if tag in _BLOCK:
            sink.append("\n")
        if text:
            sink.append(text)
        for child in el:
            _walk(child, here_hidden, visible, hid)
        if tag in _BLOCK:
            sink.append("\n")
    if tail:
        (hid if hidden else visible).append(tail)


def extract_links(root: lxml.html.HtmlElement, base: str) -> list[tuple[str, str]]:
    """(absolute URL without fragment, link text) for every http(s) link, in page order."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    base_el = root.find(".//base[@href]")
    if base_el is not None:
        base = urljoin(base, base_el.get("href", ""))
    for a in root.iter("a", "area"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            continue
        if not href.startswith(("http://", "https://")):
            href = urljoin(base, href)
        absolute = href.split("#", 1)[0]
        if not absolute.startswith(("http://", "https://")) or absolute in seen:
            continue
        seen.add(absolute)
        text = _norm(a.text_content() or a.get("title") or a.get("aria-label") or "")
        out.append((absolute, text[:200]))
    return out


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _clean_lines(text: str) -> str:
    # one regex pass over the whole text, not one per line (a hot path: ~1000 lines/page)
    lines = _WS.sub(" ", text).split("\n")
    return "\n".join(stripped for line in lines if (stripped := line.strip()))
