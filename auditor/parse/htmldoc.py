"""Parse a page once and read what every stage needs from the one tree.

lxml.html is the hot path (about 1 ms of CPU per 64 KB page against 11 ms for
BeautifulSoup, measured in ``shared/bench``); BeautifulSoup stays where a forgiving
parser reads better (small, odd inputs). Crawled HTML is hostile: parsing never
executes anything, entities are not resolved from the network, and bodies are
already size-bounded by the fetcher.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from auditor.parse.cssvis import style_hides

_SKIP = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg"}
_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "nav", "main", "aside", "li",
    "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "br",
    "form", "label", "button", "dialog", "details", "summary", "blockquote", "dd", "dt",
}
_HIDDEN_CLASS = re.compile(r"\b(sr-only|visually-hidden|d-none|hidden)\b")
_UNSEEN_TAGS = frozenset({"datalist", "iframe", "noembed", "noframes", "canvas",
                          "video", "audio", "rp", "template", "noscript"})
"""Elements whose content a browser does not lay out as page text: fallback content
(frames, media, canvas, embeds, ruby parentheses), option lists shown only when a
control is opened, and inert markup (``template``; ``noscript`` with scripts on, as for
most people and for our browser). A closed ``<dialog>`` is hidden too; a closed
``<details>`` is one click away and stays visible, and ``inert`` content is shown."""
_UNSEEN_TEXT_TAGS = _UNSEEN_TAGS | {"select"}
"""Where text is not page text although the element shows: a ``<select>`` is a visible
control (an age gate's date pickers are evidence), its option list is not read as text."""


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
    root, too_deep = _tree(html, huge=False)
    if too_deep:  # libxml2 dropped everything after its depth limit: flatten, parse again
        root, _ = _tree(flatten_deep(html, MAX_DEPTH), huge=True)
    doc = Document(url=url, root=root)
    title = root.find(".//title")
    doc.title = _norm(title.text_content()) if title is not None else ""
    doc.lang = (root.get("lang") or "").strip() or None
    body = root.find("body")
    visible, hidden = _texts(root, body if body is not None else root, html)
    visible, hidden = without_reversed(visible, hidden)
    doc.text = _clean_lines(visible)
    doc.hidden_text = [t for t in (_norm(h) for h in hidden) if t]
    doc.links = extract_links(root, url)
    doc.app_shell = looks_like_app_shell(root, doc.text)
    return doc


_RLO = "\u202e"
_REVERSED = re.compile("\u202e[^\u202c\n]*\u202c?")
"""A right-to-left override and the text it reverses (to its pop or the line's end)."""


def without_reversed(text: str, hidden: list[str]) -> tuple[str, list[str]]:
    """`text` without the spans a right-to-left override shows backwards (unreadable),
    which join the `hidden` text; the same for parsed and browser-measured text."""
    if _RLO not in text:
        return text, hidden
    return _REVERSED.sub("", text), [*hidden, *_REVERSED.findall(text)]


def _tree(html: str, *, huge: bool) -> tuple[lxml.html.HtmlElement, bool]:
    """The parsed tree, and whether libxml2 hit its depth limit (and so silently
    dropped the rest of the page: 256 open elements, 2048 with `huge`)."""
    parser = lxml.html.HTMLParser(recover=True, no_network=True, remove_comments=True,
                                  remove_pis=True, huge_tree=huge)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        # ValueError: a str with an XML encoding declaration
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    return root, too_deep


MAX_DEPTH = 512
"""Open elements a page may nest before further ones become siblings, as Chromium's
HTML parser does (``kMaximumHTMLParserDOMTreeDepth``): what the browser shows of a
deeper page is what this reads. Well under libxml2's 2048 with ``huge_tree`` and
Python's recursion limit in :func:`_walk`."""

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen",
                   "link", "meta", "param", "source", "track", "wbr"})
_SAME_CLOSES = frozenset({"p", "li", "dt", "dd", "option", "tr", "td", "th"})
"""Start tags that close an open element of the same name (``<li>a<li>b``)."""
_RAW = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                  "noframes", "plaintext"})
"""Elements whose content is not markup: skipped to their end tag."""
_TAG = re.compile(r"<(?:!--|(/?)([A-Za-z][^\t\n\f\r />]*)[^>]*>)")
_RAW_END: dict[str, re.Pattern[str]] = {
    name: re.compile(f"</{name}[\\t\\n\\f\\r />]", re.IGNORECASE) for name in _RAW}


def flatten_deep(html: str, limit: int) -> str:
    """`html` with no element opened deeper than `limit`: a start tag at the limit first
    closes the innermost open element, so the new one becomes its sibling, and the end
    tag of the element closed early is dropped. Everything else is copied verbatim.

    A tag scanner, not a parser: it only decides where to cut, and lxml parses the
    result. Only pages libxml2 refused take this path; it costs about 4.5 us a tag
    (2.7 s for 600,000 nested tags, where lxml reads as many flat ones in 1.4 s), and
    html.parser took twice that.
    """
    out: list[str] = []
    stack: list[list[Any]] = []  # [tag, still open in the output]
    where: dict[str, list[int]] = {}  # tag -> its stack positions, innermost last
    depth = 0  # elements still open in the output
    copied = pos = 0
    search = _TAG.search
    while (m := search(html, pos)) is not None:
        pos = m.end()
        name = m.group(2)
        if name is None:  # a comment
            close = html.find("-->", m.end())
            pos = len(html) if close < 0 else close + 3
            continue
        tag = name.lower()
        if m.group(1):  # an end tag: close up to the innermost element of that name
            positions = where.get(tag)
            if not positions:
                continue
            out.append(html[copied:m.start()])
            copied = m.end()
            target = positions[-1]
            while len(stack) > target:
                top, is_open = stack.pop()
                where[top].pop()
                if is_open:
                    depth -= 1
                    out.append(f"</{top}>")
            continue
        if tag in _RAW:
            end = _RAW_END[tag].search(html, m.end())
            pos = len(html) if end is None else end.start()
            continue
        if tag in _VOID or m.group(0).endswith("/>"):
            continue
        if tag in _SAME_CLOSES and stack and stack[-1][0] == tag:
            where[tag].pop()
            depth -= stack.pop()[1]
        if depth >= limit:
            for entry in reversed(stack):  # close the innermost element still open
                if entry[1]:
                    entry[1] = False
                    depth -= 1
                    out.append(html[copied:m.start()] + f"</{entry[0]}>")
                    copied = m.start()
                    break
        where.setdefault(tag, []).append(len(stack))
        stack.append([tag, True])
        depth += 1
    out.append(html[copied:])
    return "".join(out)


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
    """Hidden by markup alone (static HTML; the browser path measures real visibility).
    A ``popover`` shows only once a script or a button opens it; an ``<object>`` that
    loads its ``data`` shows that, not its fallback content; ``<bdo dir=rtl>`` shows a
    left-to-right sentence backwards (its own inline text: a block inside it is a new
    paragraph, shown in order)."""
    if el.get("hidden") is not None or el.get("aria-hidden") == "true" \
            or el.get("popover") is not None:
        return True
    tag = el.tag
    if tag in _UNSEEN_TAGS or tag == "dialog" and el.get("open") is None \
            or tag == "object" and el.get("data") is not None \
            or tag == "bdo" and (el.get("dir") or "").strip().lower() == "rtl" \
            and not any(isinstance(d.tag, str) and d.tag in _BLOCK for d in el.iterdescendants()):
        return True
    style = el.get("style")
    if style and style_hides(style):
        return True
    cls = el.get("class")
    return bool(cls and _HIDDEN_CLASS.search(cls))


_FOLD_NEWLINES = str.maketrans("\r\n", "  ")
"""Source line breaks inside a text node are wrapping, not structure: only block
elements break lines in ``Document.text``."""

# Text is extracted by libxslt (C) in one pass rather than by a Python walk over every
# element: about 0.5 ms instead of 5 ms on a 64 KB page (Python's regexes still decide
# which ``style`` and ``class`` values hide an element, called back only for those
# attributes). The stylesheet marks structure with private-use characters: one around
# each block element (a line break once the source's own line breaks are folded into
# spaces) and a pair around each outermost hidden element's text. A page whose text
# could already hold those characters takes the Python walk instead (same output).
_BREAK, _HIDE, _SHOW = "\ue000", "\ue001", "\ue002"
_MARKER_REFERENCE = re.compile("&#(?:[xX]0*[eE]00[0-2]|0*5734[4-6])")
_HIDDEN_TEST = (
    "@hidden or @aria-hidden='true' or @popover"
    " or (@style and h:style-hides(string(@style)))"
    " or (@class[contains(., 'hidden') or contains(., 'sr-only') or contains(., 'd-none')]"
    f" and re:test(@class, '{_HIDDEN_CLASS.pattern}', ''))")
_SKIP_TAGS = "|".join(sorted(_SKIP))
_UNSEEN = "|".join([*sorted(_UNSEEN_TEXT_TAGS - _SKIP), "dialog[not(@open)]", "object[@data]",
                    "bdo[translate(normalize-space(@dir), 'RTL', 'rtl') = 'rtl']"
                    f"[not(.//*[{' or '.join(f'self::{t}' for t in sorted(_BLOCK))}])]"])
_BLOCK_TAGS = "|".join(sorted(_BLOCK))
_TEXT_SPLIT = etree.XSLT(etree.XML(f"""\
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:re="http://exslt.org/regular-expressions" xmlns:h="urn:x-auditor-hiding"
    extension-element-prefixes="re h">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="/"><xsl:choose>
  <xsl:when test="html/body"><xsl:apply-templates
      select="html/body[1] | html/body[1]/following-sibling::node()[1][self::text()]"/></xsl:when>
  <xsl:otherwise><xsl:apply-templates select="*"/></xsl:otherwise></xsl:choose></xsl:template>
<xsl:template match="{_SKIP_TAGS}" priority="3"/>
<xsl:template match="*[{_HIDDEN_TEST}] | {_UNSEEN}" priority="2"><xsl:text>&#xE001;</xsl:text
  ><xsl:apply-templates mode="hidden"/><xsl:text>&#xE002;</xsl:text></xsl:template>
<xsl:template match="{_BLOCK_TAGS}" priority="1"><xsl:text>&#xE000;</xsl:text
  ><xsl:apply-templates/><xsl:text>&#xE000;</xsl:text></xsl:template>
<xsl:template match="{_SKIP_TAGS}" mode="hidden" priority="3"/>
<xsl:template match="{_BLOCK_TAGS}" mode="hidden" priority="1"><xsl:text>&#xE000;</xsl:text
  ><xsl:apply-templates mode="hidden"/><xsl:text>&#xE000;</xsl:text></xsl:template>
</xsl:stylesheet>"""), extensions={
    ("urn:x-auditor-hiding", "style-hides"): lambda _ctx, style: style_hides(style)})


def _texts(root: lxml.html.HtmlElement, start: lxml.html.HtmlElement,
           html: str) -> tuple[str, list[str]]:
    """(visible text with a line break around each block element, hidden chunks):
    the text under `start` outside script-like elements, split by markup visibility."""
    if _BREAK in html or _HIDE in html or _SHOW in html or _MARKER_REFERENCE.search(html):
        visible: list[str] = []
        hidden: list[str] = []
        _walk(start, False, visible, hidden)
        return "".join(visible), hidden
    out = str(_TEXT_SPLIT(root))
    for char in "\r\n":
        if char in out:
            out = out.replace(char, " ")
    out = out.replace(_BREAK, "\n")
    if _HIDE not in out:
        return out, []
    parts = re.split(f"[{_HIDE}{_SHOW}]", out)
    return "".join(parts[0::2]), parts[1::2]


def _walk(el: lxml.html.HtmlElement, hidden: bool, visible: list[str], hid: list[str]) -> None:
    """The same split in Python, for hidden subtrees and pages holding the markers."""
    tag = el.tag if isinstance(el.tag, str) else ""
    tail = el.tail.translate(_FOLD_NEWLINES) if el.tail else ""
    if tag in _SKIP:
        if tail:
            (hid if hidden else visible).append(tail)
        return
    here_hidden = (hidden or is_hidden(el) or tag == "select"
                   or (tag == "input" and el.get("type") == "hidden"))
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
            href = _join(base, href)
        absolute = href.split("#", 1)[0]
        if not absolute.startswith(("http://", "https://")) or absolute in seen:
            continue
        seen.add(absolute)
        text = _norm(a.text_content() or a.get("title") or a.get("aria-label") or "")
        out.append((absolute, text[:200]))
    return out


def _join(base: str, href: str) -> str:
    """``urljoin(base, href)``, remembered across pages for the part of `base` the
    result depends on: its origin for ``/path`` links, its directory for relative
    ones (``urljoin`` costs about 20 us, and a site repeats its navigation links on
    every page)."""
    scheme_end = base.find("//")
    path_at = base.find("/", scheme_end + 2) if scheme_end > 0 else -1
    if path_at < 0 or "?" in base or "#" in base or not _PLAIN_PATH.match(href):
        return urljoin(base, href)
    if href.startswith("/"):
        return _join_under(base[:path_at + 1], href)
    return _join_under(base[:base.rfind("/") + 1], href)


_PLAIN_PATH = re.compile(r"(?!//)[\w./%~-][^:/]*(?:/|$)")
"""A reference that starts with a non-empty path and names no scheme: the only kind
whose join depends on nothing but the base's origin or directory."""


@functools.lru_cache(maxsize=8192)
def _join_under(directory: str, href: str) -> str:
    return urljoin(directory + "x", href)


def _norm(text: str) -> str:
    return _fold_spaces(text).strip()


_SPACES = re.compile(" {2,}")


def _fold_spaces(text: str) -> str:
    """Runs of spaces, tabs, CR, FF, VT and NBSP become one space, by plain replacements:
    a character-class regex tries a match at every position of a 50 KB text (about
    1 ms); these take 0.05 ms."""
    for char in "\t\r\f\v\u00a0":
        if char in text:
            text = text.replace(char, " ")
    return _SPACES.sub(" ", text) if "  " in text else text


def _clean_lines(text: str) -> str:
    """Spaces folded, every line stripped, empty lines dropped."""
    return "\n".join(stripped for line in _fold_spaces(text).split("\n")
                     if (stripped := line.strip()))
