"""One page cut into the units detectors score: sentences (with their section heading
and visibility) and form controls, plus evidence builders.

The cutting is done once per page and shared by every detector. Lexicon roles are
matched per sentence through `match`/`has`, which run a fragment's regex only on the
sentences whose words can satisfy its literal gate (`checks.signals._vocab`): a family
whose vocabulary is absent from the page costs no regex search at all.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import lxml.html

from auditor.models import Evidence
from auditor.parse.htmldoc import Document, is_hidden
from checks.signals import _lexicon
from checks.signals._memo import Memo
from checks.signals._vocab import Vocabulary, bit_indices
from checks.signals.language import UNDETERMINED, detect_language

_SENTENCE_END = re.compile(r"[.!?。:;](?:\s+(?=\S)|(?=[A-Z][a-z]))")
"""A sentence ends after ``.!?`` and whitespace, or after ``:;`` when a capital follows;
or where its space was lost when a page became text ("compliant.Google uses"): a
``.!?`` with two small letters before it and a capitalised word after, so "U.S.A",
"v1.Two" and "e.Coli" stay whole. One scan finds both."""
_CAPS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ¿¡")
_SMALL = frozenset("abcdefghijklmnopqrstuvwxyz")
_ABBREVIATIONS = frozenset((
    "e.g", "i.e", "z.b", "d.h", "u.a", "p.ex", "bzw", "ggf", "vgl", "inkl", "evtl", "sog",
    "bspw", "usw", "resp", "cf", "approx", "incl"))
_CITED = frozenset(("Art", "Abs", "Nr", "Ziff", "Rn", "S", "Sec", "No"))
_TWO_PART = {"z": "B.", "d": "h.", "u": "a.", "p": "ex."}
_LONGEST_NO_END = 7
"""One more than the longest word `_no_end` may keep from ending a sentence ("approx")."""
_ORDINAL_AFTER = frozenset(("das", "dem", "des", "den", "der", "zum", "vom", "im", "zur",
                            "vollendeten", "vollendete"))


def _word_before(line: str, end: int) -> tuple[int, str]:
    """The word that ends at `end` and where it starts, without a leading bracket or
    quote and without an elided article ("l’Art" is "Art")."""
    start = end
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    word = line[start:end]
    cut = max(word.rfind("’"), word.rfind("'"))
    word = word[cut + 1:].lstrip("([{\"“‘«¿¡")
    return end - len(word), word


def _no_end(line: str, dot: int) -> bool:
    """The full stop at `dot` ends no sentence: it closes an abbreviation ("e.g.",
    "z. B.", "bzw."), a citation's word ("Art. 8", "Abs. 1", "lit. a") or a German
    ordinal ("das 16. Lebensjahr", "zum 1. Januar"), where a cut would tear a rule from
    its age or article. Looked at only where a cut would fall (a scan of every line
    cost a third of the page view). Seven letters or digits just before the stop make a
    word longer than any that can end no sentence, whatever precedes them: most full
    stops are settled by that one look."""
    if dot >= _LONGEST_NO_END and line[dot - _LONGEST_NO_END:dot].isalnum():
        return False
    start, word = _word_before(line, dot)
    if word.lower() in _ABBREVIATIONS:
        return True
    rest = line[dot + 1:dot + 6].lstrip()
    if word in _TWO_PART:
        return rest.startswith(_TWO_PART[word])
    if len(word) <= 2 and start >= 3 and line[start - 2] == "." and line[start - 1].isspace():
        if _TWO_PART.get(_word_before(line, start - 2)[1].lower()) == f"{word}.":
            return True  # the second part of "z. B."
    if word in _CITED:
        return rest[:1].isdigit()
    if word == "lit":
        return rest[:1].islower() and rest[1:2] in ("", " ", ")", ",", ".", ";")
    if word.isdigit() and len(word) <= 2 and rest[:1].isalpha() and start >= 2:
        return _word_before(line, start - 1)[1].lower() in _ORDINAL_AFTER
    return False


_WS = re.compile(r"\s+")
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "summary", "legend", "dt", "th")
_CONTROL_TAGS = ("input", "select", "textarea")
_SNIPPET = 300


@dataclass(slots=True)
class Unit:
    """A sentence of visible text (offsets into ``Document.text``) or of hidden text.
    Treat as read-only; not ``frozen`` only because a frozen dataclass's ``__init__``
    costs about a microsecond more per unit, and a page has hundreds."""

    text: str
    start: int
    end: int
    visible: bool
    source: int
    """-1 for the visible text; otherwise the index in ``Document.hidden_text``."""
    section: str
    heading: bool
    index: int
    path: tuple[str, ...] = ()
    """Headings this unit sits under, outermost first (by heading level)."""

    @property
    def locator(self) -> str:
        if self.visible:
            return f"text[{self.start}:{self.end}]"
        return f"hidden[{self.source}][{self.start}:{self.end}]"


@dataclass(frozen=True)
class Control:
    """A form control, button, link or dialog with the words that describe it."""

    el: lxml.html.HtmlElement
    kind: str
    """``field`` (input/select/textarea), ``button``, ``link``, ``mailto`` or ``dialog``."""
    words: str
    """Machine-ish attributes (name, id, placeholder, autocomplete, type) and label text."""
    label: str
    """Human text: label, button text, link text."""

    @cached_property
    def hidden(self) -> bool:
        """Hidden by markup on the element or an ancestor (computed when asked)."""
        return hidden_in_tree(self.el)

    @cached_property
    def form(self) -> lxml.html.HtmlElement | None:
        """The form the control sits in, if any (computed when asked)."""
        return next(iter(self.el.iterancestors("form")), None)


def css_path(el: lxml.html.HtmlElement) -> str:
    """A short CSS-like path that finds `el` again in the archived page."""
    parts: list[str] = []
    node: lxml.html.HtmlElement | None = el
    while node is not None and isinstance(node.tag, str) and node.tag != "html":
        ident = node.get("id")
        if ident and re.fullmatch(r"[A-Za-z][\w-]*", ident):
            parts.append(f"{node.tag}#{ident}")
            break
        parent = node.getparent()
        if parent is None:
            parts.append(node.tag)
            break
        before = sum(1 for _ in node.itersiblings(node.tag, preceding=True))
        alone = before == 0 and next(node.itersiblings(node.tag), None) is None
        parts.append(node.tag if alone else f"{node.tag}:nth-of-type({before + 1})")
        node = parent
    return " > ".join(reversed(parts))


def hidden_in_tree(el: lxml.html.HtmlElement) -> bool:
    """Hidden by markup on the element or any ancestor."""
    node: lxml.html.HtmlElement | None = el
    while node is not None and isinstance(node.tag, str):
        if is_hidden(node):
            return True
        node = node.getparent()
    return False


@dataclass(slots=True)
class _Plan:
    key: tuple[str, str]
    armed: list[tuple[re.Pattern[str], int, str]]
    """The fragments whose literals occur on the page, each with its units' bit set
    and its rule id."""
    mask: int
    sure: int = 0
    """Units on which a fragment surely matches (`_lexicon.Fragment.sure`): `has`
    answers yes there without a regex."""


_LOCATOR = re.compile(r"(text|hidden\[\d+\])\[(\d+):(\d+)\]")


class _LocatorIndex:
    """Units by locator, and per text source their starts, so a windowed evidence
    locator finds its unit by bisection (units of one source never overlap)."""

    def __init__(self, units: list[Unit]) -> None:
        self.exact: dict[str, Unit] = {}
        self.starts: dict[str, list[int]] = {}
        self.units: dict[str, list[Unit]] = {}
        for unit in units:
            self.exact.setdefault(unit.locator, unit)
            where = "text" if unit.visible else f"hidden[{unit.source}]"
            self.starts.setdefault(where, []).append(unit.start)
            self.units.setdefault(where, []).append(unit)

    def find(self, locator: str) -> Unit | None:
        unit = self.exact.get(locator)
        if unit is not None:
            return unit
        m = _LOCATOR.fullmatch(locator)
        if m is None:
            return None
        where, start, end = m.group(1), int(m.group(2)), int(m.group(3))
        starts = self.starts.get(where)
        if not starts:
            return None
        i = bisect.bisect_right(starts, start) - 1
        if i < 0:
            return None
        unit = self.units[where][i]
        return unit if end <= unit.end else None


class _Results:
    """What the roles gave on one sentence text: ``matches`` from `PageView.match`,
    ``found`` from `PageView.has` (which stops at the first fragment that matches)."""

    __slots__ = ("found", "matches", "rules")

    def __init__(self) -> None:
        self.matches: dict[tuple[str, str], re.Match[str] | None] = {}
        self.found: dict[tuple[str, str], bool] = {}
        self.rules: dict[tuple[str, str], str] = {}
        """The rule id of the fragment that gave ``matches[key]`` (when not None)."""


RESULTS: Memo[tuple[tuple[str, ...], str], _Results] = Memo(8_000)
"""Role results per (languages, sentence text): a role's result depends only on the text.
Sizes: on 400 farm pages in crawl order 8 000 entries per generation miss about as often
as 20 000 (results 62 % vs 61 %) and hold a third of the memory (with `SENTENCES` and
`_vocab.TOKENS`, 27 MB instead of 74 MB)."""
SENTENCES: Memo[str, tuple[tuple[int, int, str], ...]] = Memo(8_000)
"""Sentences of a line of text: (start, end, text) of each."""


def _record(langs: tuple[str, ...], text: str) -> _Results:
    """The remembered role results of one sentence text (empty when new)."""
    key = (langs, text)
    rec = RESULTS.get(key)
    if rec is None:
        rec = _Results()
        RESULTS.put(key, rec)
    return rec


def _glued(line: str, stop: int) -> bool:
    """The stop at `stop`, a capitalised word right after it, ends a sentence that lost
    its space: ``.!?`` after two small letters."""
    return line[stop] in ".!?" and stop >= 2 and line[stop - 1] in _SMALL \
        and line[stop - 2] in _SMALL


def _sentences(line: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, text) of each sentence of `line`, remembered per line."""
    found = SENTENCES.get(line)
    if found is None:
        cuts = [(m.start() + 1, m.end()) for m in _SENTENCE_END.finditer(line)
                if (_glued(line, m.start()) if m.end() == m.start() + 1 else
                    (line[m.start()] not in ":;" or line[m.end()] in _CAPS)
                    and not (line[m.start()] == "." and (line[m.end()].islower()
                                                         or _no_end(line, m.start()))))]
        cuts.append((len(line), len(line)))
        out = []
        pos = 0
        for end, nxt in cuts:
            text = line[pos:end]
            if text and not text.isspace():
                out.append((pos, end, text))
            pos = nxt
        found = tuple(out)
        SENTENCES.put(line, found)
    return found


def text_language(doc: Document) -> str:
    """The language a page is read in: its text's (a close call goes to its markup's),
    else its markup's."""
    declared = doc.lang.split("-")[0].lower() if doc.lang else None
    lang = detect_language(doc.text or " ".join(doc.hidden_text), declared)
    if lang == UNDETERMINED and declared:
        lang = declared
    return lang


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _blocks(text: str) -> list[tuple[str, int]]:
    """Lines of the visible text with their offsets: one per block element, since
    `auditor.parse.htmldoc.parse` folds the source's own line wrapping into spaces."""
    out: list[tuple[str, int]] = []
    offset = 0
    for line in text.split("\n"):
        out.append((line, offset))
        offset += len(line) + 1
    return out


@dataclass
class PageView:
    """What detectors read: units, controls, language, evidence helpers."""

    doc: Document
    url: str
    language: str
    langs: tuple[str, ...]
    units: list[Unit] = field(default_factory=list)
    regex_calls: int = 0
    """Regex searches run on units so far (tests use it to check the gating)."""
    vocab: Vocabulary = field(init=False)
    _plans: dict[tuple[str, str], _Plan] = field(default_factory=dict)
    _results: list[_Results | None] = field(default_factory=list)
    """Per unit, its text's `RESULTS` record, fetched when the unit is first looked up
    (most units never are)."""
    _locators: _LocatorIndex | None = None

    @classmethod
    def build(cls, doc: Document, url: str) -> PageView:
        lang = text_language(doc)
        known = _lexicon.languages()
        langs = tuple(dict.fromkeys(c for c in (lang, "en") if c in known))
        view = cls(doc=doc, url=url, language=lang, langs=langs)
        view._cut()
        return view

    # ------------------------------------------------------------------ cutting

    def _headings(self) -> dict[str, int]:
        """Heading text -> level (h1..h6; other heading-like elements rank below h6)."""
        found: dict[str, int] = {}
        for el in self.doc.root.iter(*_HEADING_TAGS):
            text = _norm(el.text_content())
            level = int(el.tag[1]) if el.tag[0] == "h" and el.tag[1:].isdigit() else 7
            if text and len(text) < 200:
                found[text] = min(level, found.get(text, 9))
        for el in self.doc.root.xpath("//*[@role='heading']"):
            text = _norm(el.text_content())
            level = int(el.get("aria-level", "3")) if el.get("aria-level", "").isdigit() else 3
            if text and len(text) < 200:
                found[text] = min(level, found.get(text, 9))
        return found

    def _cut(self) -> None:
        headings = self._headings()
        stack: list[tuple[int, str]] = []
        path: tuple[str, ...] = ()
        for block, offset in _blocks(self.doc.text):
            level = headings.get(block)
            if level is not None:
                while stack and stack[-1][0] >= level:
                    stack.pop()
                stack.append((level, block))
                path = tuple(text for _, text in stack)
            self._add_sentences(block, offset, -1, path, level is not None)
        for i, chunk in enumerate(self.doc.hidden_text):
            self._add_sentences(chunk, 0, i, (), False)
        texts = [u.text for u in self.units]
        self.vocab = Vocabulary(texts, self.langs)
        self._results = [None] * len(texts)

    def _add_sentences(self, line: str, base: int, source: int, path: tuple[str, ...],
                       heading: bool) -> None:
        section = path[-1] if path else ""
        units, visible = self.units, source < 0
        for start, end, text in _sentences(line):
            units.append(Unit(text, base + start, base + end, visible, source, section,
                              heading, len(units), path))

    # ------------------------------------------------------------------ lookup

    def rx(self, section: str, role: str) -> re.Pattern[str]:
        """The whole role as one regex, for text that is not a unit (labels, forms)."""
        return _lexicon.pattern(section, role, self.langs)

    def match(self, section: str, role: str, unit: Unit) -> re.Match[str] | None:
        """``rx(section, role).search(unit.text)``, computed only from the fragments
        whose literals the unit contains (same result: leftmost match, earliest
        fragment on a tie). Remembered per sentence text (`RESULTS`)."""
        plan = self._plans.get((section, role)) or self._plan(section, role)
        index = unit.index
        if not plan.mask >> index & 1:
            return None
        memo = self._results[index] or self._fetch(index)
        key = plan.key
        if key in memo.matches:
            return memo.matches[key]
        best: re.Match[str] | None = None
        if memo.found.get(key) is not False:
            bit = 1 << index
            text = unit.text
            rule = ""
            for rx, bits, frag_rule in plan.armed:
                if not bits & bit:
                    continue
                self.regex_calls += 1
                m = rx.search(text)
                if m is not None and (best is None or m.start() < best.start()):
                    best, rule = m, frag_rule
                    if m.start() == 0:
                        break
            if best is not None:
                memo.rules[key] = rule
        memo.matches[key] = best
        return best

    def rule(self, section: str, role: str, unit: Unit) -> str:
        """The id of the lexicon entry of `section.role` that matches `unit` leftmost
        (the earliest entry on a tie), found by `match` as it matched."""
        if self.match(section, role, unit) is None:
            return f"{section}.{role}"
        return (self._results[unit.index] or self._fetch(unit.index)).rules[(section, role)]

    def _fetch(self, index: int) -> _Results:
        rec = self._results[index] = _record(self.langs, self.units[index].text)
        return rec

    def unit_at(self, locator: str) -> Unit | None:
        """The unit an evidence locator points into (its own, or a window inside it)."""
        index = self._locators
        if index is None:
            index = self._locators = _LocatorIndex(self.units)
        return index.find(locator)

    def has(self, section: str, role: str, unit: Unit) -> bool:
        """Whether `role` matches anywhere in `unit` (stops at the first fragment).
        Remembered per sentence text (`RESULTS`)."""
        plan = self._plans.get((section, role)) or self._plan(section, role)
        index = unit.index
        if not plan.mask >> index & 1:
            return False
        if plan.sure >> index & 1:
            return True
        memo = self._results[index] or self._fetch(index)
        key = plan.key
        found = memo.found.get(key)
        if found is None:
            if key in memo.matches:
                found = memo.matches[key] is not None
            else:
                found = False
                bit = 1 << index
                text = unit.text
                for rx, bits, _rule in plan.armed:
                    if bits & bit:
                        self.regex_calls += 1
                        if rx.search(text) is not None:
                            found = True
                            break
            memo.found[key] = found
        return found

    def has_any(self, section: str, roles: tuple[str, ...], unit: Unit) -> bool:
        return any(self.has(section, role, unit) for role in roles)

    def beside(self, unit: Unit, step: int) -> Unit | None:
        """The unit `step` places from `unit` when it is in the same section (None at
        the page's edge or across a heading): what "they", "such" or "it" points to."""
        i = unit.index + step
        if not 0 <= i < len(self.units):
            return None
        other = self.units[i]
        return other if other.section == unit.section else None

    def has_near(self, section: str, role: str, unit: Unit, step: int = -1) -> bool:
        """Whether `role` matches in `unit` or in the unit `step` places from it in the
        same section (by default the sentence just before)."""
        if self.has(section, role, unit):
            return True
        other = self.beside(unit, step)
        return other is not None and self.has(section, role, other)

    def may_match(self, section: str, role: str) -> int:
        """Bit set of the units whose literals allow `role` to match (0: none can)."""
        return self._plan(section, role).mask

    def hits(self, section: str, role: str, within: int = -1) -> int:
        """Bit set of the units of `within` in which `role` matches. `has` is asked only
        of the units its gate admits, so a detector filtering a set of units by a role
        pays nothing for the others (a per-unit `has` loop paid a call each: about 1,900
        a farm page)."""
        units, has = self.units, self.has
        found = 0
        for i in bit_indices(self._plan(section, role).mask & within):
            if has(section, role, units[i]):
                found |= 1 << i
        return found

    def first_hit(self, section: str, role: str, within: int = -1) -> Unit | None:
        """The first unit of `within`, in page order, in which `role` matches (None when
        none does); asks `has` of the units its gate admits, and stops at the first."""
        units, has = self.units, self.has
        for i in bit_indices(self._plan(section, role).mask & within):
            if has(section, role, units[i]):
                return units[i]
        return None

    def hits_any(self, section: str, roles: tuple[str, ...], within: int = -1) -> int:
        """The units of `within` in which one of `roles` matches, each role asked only
        where the earlier ones did not match (as `has_any` per unit asks them)."""
        found = 0
        for role in roles:
            found |= self.hits(section, role, within & ~found)
        return found

    def without(self, pairs: tuple[tuple[str, str], ...], within: int) -> int:
        """The units of `within` in which none of the (section, role) `pairs` matches,
        each role asked only where the earlier ones did not match (as ``not has(a) and
        not has(b)`` per unit would ask them)."""
        for section, role in pairs:
            if not within:
                break
            within &= ~self.hits(section, role, within)
        return within

    def units_in(self, bits: int) -> list[Unit]:
        """The units of bit set `bits`, in page order."""
        units = self.units
        return [units[i] for i in bit_indices(bits)]

    def bits_of(self, units: Iterable[Unit]) -> int:
        """The bit set of `units`."""
        bits = 0
        for unit in units:
            bits |= 1 << unit.index
        return bits

    @cached_property
    def visible_bits(self) -> int:
        """The units of visible text."""
        return self.bits_of(u for u in self.units if u.visible)

    @cached_property
    def heading_bits(self) -> int:
        """The units that are headings (under a path that holds them)."""
        return self.bits_of(u for u in self.units if u.heading and u.path)

    def candidates(self, section: str, role: str = "trigger", within: int = -1) -> list[Unit]:
        """Units in which `section.role` matches, in page order (among the units of
        the bit set `within`, when given)."""
        units = self.units
        return [units[i] for i in bit_indices(self.may_match(section, role) & within)
                if self.has(section, role, units[i])]

    def _plan(self, section: str, role: str) -> _Plan:
        """`section.role` on this page: the fragments whose literals occur, each with
        the bit set of units holding them; their union; results per unit so far."""
        key = (section, role)
        plan = self._plans.get(key)
        if plan is None:
            armed = []
            mask = sure = 0
            vocab = self.vocab
            known = vocab.factor_memo  # a page plans ~500 fragments: no call per gate
            everything = vocab.all_bits
            for frag in _lexicon.fragments(section, role, self.langs):
                bits = everything
                for factor in frag.gate:
                    any_of = known.get(id(factor))
                    if any_of is None:
                        any_of = vocab.factor_bits(factor)
                    bits &= any_of
                    if not bits:
                        break
                if bits and frag.digits[0]:
                    bits = vocab.digit_bits(frag.digits, bits)
                if bits:
                    mask |= bits
                    armed.append((frag.rx, bits, frag.rule))
                    if frag.sure:
                        sure |= vocab.sure_bits(frag.sure) & bits
            plan = self._plans[key] = _Plan(key, armed, mask, sure)
        return plan

    def section_units(self, *headings: tuple[str, str]) -> list[Unit]:
        """Units under (or being) a heading that matches one of `headings` (section,
        role pairs), at any depth."""
        found = 0
        for section, role in headings:  # each heading asked until one role matches
            found |= self.hits(section, role, self.heading_bits & ~found)
        hits: set[str] = {u.path[-1] for u in self.units_in(found)}
        if not hits:
            return []
        return [u for u in self.units if u.path and any(h in hits for h in u.path)]

    @cached_property
    def controls(self) -> list[Control]:
        out: list[Control] = []
        root = self.doc.root
        labels: dict[str, str] = {}
        for lab in root.iter("label"):
            target = lab.get("for")
            if target:
                labels[target] = _norm(lab.text_content())
        for el in root.iter(*_CONTROL_TAGS, "button", "a", "dialog", "form"):
            tag = el.tag
            if tag in _CONTROL_TAGS:
                if el.get("type", "").lower() in ("hidden", "submit", "button", "image", "reset"):
                    if el.get("type", "").lower() in ("submit", "button"):
                        text = el.get("value") or el.get("aria-label") or ""
                        out.append(self._control(el, "button", text, text))
                    continue
                attrs = " ".join(el.get(a, "") for a in ("name", "id", "placeholder",
                                                         "autocomplete", "aria-label", "type",
                                                         "title", "data-testid"))
                label = labels.get(el.get("id", ""), "")
                parent = el.getparent()
                if not label and parent is not None and parent.tag == "label":
                    label = _norm(parent.text_content())
                if tag == "select":
                    label = (label + " " + _norm(" ".join(
                        (o.text or "") for o in list(el.iter("option"))[:3]))).strip()
                out.append(self._control(el, "field", f"{attrs} {label}", label))
            elif tag == "button":
                text = _norm(el.text_content()) or el.get("aria-label", "")
                out.append(self._control(el, "button", text, text))
            elif tag == "a":
                href = el.get("href", "")
                text = _norm(el.text_content()) or el.get("aria-label", "") or el.get("title", "")
                if href.lower().startswith("mailto:"):
                    out.append(self._control(el, "mailto", href[7:], text or href[7:]))
                elif el.get("role") == "button":
                    out.append(self._control(el, "button", text, text))
                else:
                    out.append(self._control(el, "link", f"{text} {href}", text))
            else:
                if tag == "dialog" or el.get("role") in ("dialog", "alertdialog"):
                    text = _norm(el.text_content())[:600]
                    out.append(self._control(el, "dialog", text, text))
        for el in root.xpath("//*[@role='dialog' or @role='alertdialog' or @aria-modal='true']"):
            if el.tag != "dialog":
                text = _norm(el.text_content())[:600]
                out.append(self._control(el, "dialog", text, text))
        return out

    def _control(self, el: lxml.html.HtmlElement, kind: str, words: str, label: str) -> Control:
        return Control(el=el, kind=kind, words=_norm(words), label=_norm(label))

    # ------------------------------------------------------------------ evidence

    def unit_evidence(self, unit: Unit, match: re.Match[str] | None = None,
                      note: str | None = None) -> Evidence:
        """Evidence quoting the unit verbatim, windowed around `match` when it is long."""
        text, start = unit.text, unit.start
        if len(text) > _SNIPPET:
            centre = match.start() if match is not None else 0
            lo = max(0, min(centre - 100, len(text) - _SNIPPET))
            text, start = text[lo:lo + _SNIPPET], start + lo
        end = start + len(text)
        loc = f"text[{start}:{end}]" if unit.visible else f"hidden[{unit.source}][{start}:{end}]"
        if not unit.visible and note is None:
            note = "hidden by markup"
        return Evidence(url=self.url, snippet=text, locator=loc, note=note)

    def element_evidence(self, el: lxml.html.HtmlElement, snippet: str,
                         note: str | None = None) -> Evidence:
        return Evidence(url=self.url, snippet=_norm(snippet)[:_SNIPPET], locator=css_path(el),
                        note=note)
