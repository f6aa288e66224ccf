"""Gates: the literal strings any match of a lexicon fragment must contain.

A page runs a fragment only on the sentences holding its gate literals (see
``PageView.match``), so a gate must be a *necessary* condition of a match: it may let
a sentence through that the regex then rejects, never the reverse. The gate is read off
the fragment's own regex by the small parser below, which knows the syntax the lexicons
use (literals, classes, groups, alternation, bounded and unbounded repeats, word
boundaries, lookarounds); anything it does not know simply contributes no literal, which
keeps the gate sound. It replaces a walk over Python's private ``re._parser`` output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARK = "\x00"
"""In a literal: a word boundary (``\\b``) at that point."""
AND = "\x02"
"""In a literal: joins parts that must all occur, in any order (`joined`)."""

MIN_LITERAL = 2
MAX_FACTORS = 4
MAX_VARIANTS = 24
MAX_JOINED = 8
"""At most this many literals an alternative's joined factor holds (`joined`)."""
_CLASS_MAX = 10


class RegexSyntax(ValueError):
    """A fragment this parser cannot read (the gate falls back to none)."""


# --------------------------------------------------------------------------- syntax tree
# Nodes are small tuples: ("lit", c) one character; ("in", chars|None) a class (None:
# too wide to list); ("b",) a word boundary; ("at",) another zero-width assertion;
# ("group", items); ("branch", [items, ...]); ("repeat", lo, items); ("opt", [atom]) one
# listed character or none (``s?``); ("look",) a lookaround (opaque). A repeat's fourth
# item is its upper bound (None: unbounded).

Node = tuple[object, ...]
BOUNDARY: Node = ("b",)
_DIGITS = frozenset("0123456789")
_WORD_CHAR = re.compile(r"\w")
_ESCAPED_CLASSES = {"d": _DIGITS}
_WIDE_CLASSES = set("DwWsS")
_NONWORD_CLASSES = set("sW")
_ZERO_WIDTH = set("ABZ")
_END = "<end>"
LETTERS = "letters"
"""Third item of an ``in`` node too wide to list whose characters are all letters."""
NONWORD = "nonword"
"""Third item of an ``in`` node too wide to list that matches no word character
(``\\s``, ``\\W``): a literal word right before or after one ends or starts a token."""


@dataclass
class _Parser:
    text: str
    pos: int = 0
    letters: bool = False
    """Whether the class `char_class` last read holds letters only."""
    nonword: bool = False
    """Whether the class `char_class` last read holds no word character."""

    def peek(self) -> str:
        """The next character, or `_END` (which no membership test matches)."""
        return self.text[self.pos] if self.pos < len(self.text) else _END

    def take(self) -> str:
        c = self.peek()
        if c == _END:
            raise RegexSyntax(f"unexpected end of {self.text!r}")
        self.pos += 1
        return c

    def alternation(self) -> list[Node]:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.pos += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else [("branch", branches)]

    def sequence(self) -> list[Node]:
        items: list[Node] = []
        while self.peek() not in ("|", ")", _END):
            atom = self.atom()
            if atom is None:
                continue
            items.append(self.quantified(atom))
        return items

    def quantified(self, atom: Node) -> Node:
        c = self.peek()
        lo: int | None = None
        hi: int | None = None
        if c in "*+?":
            self.pos += 1
            lo = 1 if c == "+" else 0
            hi = 1 if c == "?" else None
        elif c == "{":
            end = self.text.find("}", self.pos)
            body = self.text[self.pos + 1:end] if end > 0 else ""
            if body and all(part.strip().isdigit() or part == "" for part in body.split(",")) \
                    and body.split(",")[0].strip().isdigit():
                self.pos = end + 1
                bounds = body.split(",")
                lo = int(bounds[0])
                hi = lo if len(bounds) == 1 else int(bounds[1]) if bounds[1].strip() else None
            else:
                return atom  # a literal "{"
        else:
            return atom
        if self.peek() in "?+":  # lazy or possessive
            self.pos += 1
        if c == "?" and atom[0] in ("lit", "in") and atom[1] is not None:
            return ("opt", [atom])  # one character or none: still a short list of strings
        return ("repeat", lo, [atom], hi)

    def atom(self) -> Node | None:
        c = self.take()
        if c == "(":
            return self.group()
        if c == "[":
            chars = self.char_class()
            if chars is None and self.letters:
                return ("in", None, LETTERS)
            if chars is None and self.nonword:
                return ("in", None, NONWORD)
            return ("in", chars)
        if c == ".":
            return ("in", None)
        if c in "^$":
            return ("at",)
        if c == "\\":
            return self.escape()
        return ("lit", c)

    def group(self) -> Node | None:
        kind = ""
        if self.peek() == "?":
            self.pos += 1
            kind = self.take()
            if kind == "<" and self.peek() in "=!":
                kind += self.take()
            elif kind == "P" or kind == "<":  # named group
                while self.take() != ">":
                    pass
                kind = ":"
            elif kind.isalpha() or kind == "-":  # inline flags: (?i) or (?i:...)
                while self.peek() not in (":", ")", _END):
                    self.pos += 1
                if self.take() == ")":
                    return None
                kind = ":"
        body = self.alternation()
        if self.take() != ")":
            raise RegexSyntax(f"unbalanced group in {self.text!r}")
        if kind in ("=", "!", "<=", "<!"):
            return ("look",)
        return ("group", body)

    def escape(self) -> Node:
        c = self.take()
        if c == "b":
            return BOUNDARY
        if c in _ZERO_WIDTH:
            return ("at",)
        if c in _ESCAPED_CLASSES:
            return ("in", _ESCAPED_CLASSES[c])
        if c in _NONWORD_CLASSES:
            return ("in", None, NONWORD)
        if c in _WIDE_CLASSES or c.isdigit():
            return ("in", None)
        if c in "ntrfv":
            return ("lit", {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v"}[c])
        if c in "xuU":
            raise RegexSyntax(f"code-point escapes are not used in lexicons: {self.text!r}")
        return ("lit", c)

    def char_class(self) -> frozenset[str] | None:
        """The characters of a class, or None when too wide to list; sets `letters`
        when it holds letters only (a wide one such as ``[A-Z]`` included)."""
        chars: set[str] = set()
        wide = False
        letters = True
        nonword = True
        if self.peek() == "^":
            self.pos += 1
            wide = True
            letters = nonword = False
        first = True
        while True:
            c = self.take()
            if c == "]" and not first:
                break
            first = False
            if c == "\\":
                letters = False
                e = self.take()
                if e in _ESCAPED_CLASSES:
                    chars |= _ESCAPED_CLASSES[e]
                    nonword = False
                    continue
                if e in _WIDE_CLASSES or e == "b":
                    wide = True
                    nonword = nonword and e in _NONWORD_CLASSES
                    continue
                c = {"n": "\n", "t": "\t"}.get(e, e)
            if self.peek() == "-" and self.text[self.pos + 1:self.pos + 2] not in ("]", ""):
                self.pos += 1
                end = self.take()
                if end == "\\":
                    end = self.take()
                span = range(ord(c), ord(end) + 1)
                letters = letters and len(span) <= 2000 and all(chr(x).isalpha() for x in span)
                nonword = nonword and len(span) <= 2000 and \
                    not any(_WORD_CHAR.match(chr(x)) for x in span)
                if ord(end) - ord(c) >= _CLASS_MAX:
                    wide = True
                else:
                    chars.update(chr(x) for x in range(ord(c), ord(end) + 1))
                continue
            letters = letters and c.isalpha()
            nonword = nonword and not _WORD_CHAR.match(c)
            chars.add(c)
        self.letters = letters
        self.nonword = nonword
        if wide or len(chars) > _CLASS_MAX:
            return None
        return frozenset(chars)


def parse(regex: str) -> list[Node]:
    """The syntax tree of `regex` (raises RegexSyntax on what it cannot read)."""
    parser = _Parser(regex)
    tree = parser.alternation()
    if parser.pos != len(regex):
        raise RegexSyntax(f"unbalanced ')' in {regex!r}")
    return tree


# --------------------------------------------------------------------------- literals


def _variants(items: list[Node]) -> set[str] | None:
    """Every string a purely literal (sub)pattern can match (small classes and
    alternations expanded), or None when it is not purely literal."""
    out = {""}
    for node in items:
        kind = node[0]
        if kind == "lit":
            chars: set[str] = {str(node[1])}
        elif kind == "in":
            if node[1] is None:
                return None
            chars = set(node[1])  # type: ignore[call-overload]
        elif kind == "group":
            sub = _variants(node[1])  # type: ignore[arg-type]
            if sub is None:
                return None
            chars = sub
        elif kind == "b":
            chars = {MARK}
        elif kind == "opt":
            sub = _variants(node[1])  # type: ignore[arg-type]
            if sub is None:
                return None
            chars = {""} | sub
        elif kind == "branch":
            chars = set()
            for alt in node[1]:  # type: ignore[attr-defined]
                got = _variants(alt)
                if got is None:
                    return None
                chars |= got
        else:
            return None
        out = {a + b for a in out for b in chars}
        if len(out) > MAX_VARIANTS:
            return None
    return out


def _nonword(node: Node) -> bool:
    """`node` always consumes at least one character and never a word character (``\\s``,
    ``\\W+``, a class of spaces and signs): a word literal beside it ends or starts a token
    there, as it would at a ``\\b``."""
    if node[0] == "repeat":
        items: list[Node] = node[2]  # type: ignore[assignment]
        return int(node[1]) >= 1 and len(items) == 1 and _nonword(items[0])  # type: ignore[call-overload]
    return node[0] == "in" and node[1] is None and len(node) > 2 and node[2] == NONWORD


def factors(items: list[Node]) -> list[frozenset[str]]:
    """Necessary literal factors of a (sub)pattern: each a set of strings of which at
    least one occurs (lower-cased) in every match."""
    out: list[frozenset[str]] = []
    run: set[str] = {""}

    def flush() -> None:
        nonlocal run
        if all(v.strip(MARK) for v in run):
            out.append(frozenset(v.lower() for v in run))
        run = {""}

    for k, node in enumerate(items):
        kind = node[0]
        if kind in ("lit", "in", "group", "branch", "b", "opt"):
            lit = _variants([node])
            if lit is not None and len(run) * len(lit) <= MAX_VARIANTS:
                run = {a + b for a in run for b in lit}
                continue
        apart = _nonword(node)
        if apart and run != {""}:
            run = {v + MARK for v in run}  # the literal ends where a space or sign follows
        flush()
        # a boundary (or a space or sign) just before or after a group or alternation
        # holds inside each branch
        before = [BOUNDARY] if k and (items[k - 1] == BOUNDARY or _nonword(items[k - 1])) \
            else []
        after = [BOUNDARY] if k + 1 < len(items) and (items[k + 1] == BOUNDARY or
                                                      _nonword(items[k + 1])) else []
        if kind == "group":
            out.extend(factors([*before, *node[1], *after]))  # type: ignore[misc]
        elif kind == "repeat" and int(node[1]) >= 1:  # type: ignore[call-overload]
            out.extend(factors(node[2]))  # type: ignore[arg-type]
        elif kind == "branch":
            union: set[str] = set()
            for alt in node[1]:  # type: ignore[attr-defined]
                best = joined(factors([*before, *alt, *after]))
                if not best:
                    union = set()
                    break
                union |= best
            if union:
                out.append(frozenset(union))
        if apart:
            run = {MARK}  # the next literal starts after a space or sign
    flush()
    return out


def joined(found: list[frozenset[str]]) -> set[str]:
    """One factor of an alternative of an alternation: its most selective factor's
    literals each joined by `AND` with those of its next factors (while at most
    `MAX_JOINED` literals result). Any match of the alternative holds every factor, so
    the joined literal is as necessary as each part, and rarer: the alternative
    ``text\\s+message`` needs both words, where "message" alone let through every
    sentence about a message."""
    best = strongest(found, MAX_FACTORS)
    if not best:
        return set()
    out = set(best[0])
    for factor in best[1:]:
        if len(out) * len(factor) > MAX_JOINED or not all(map(_worded, out | factor)):
            continue
        out = {a + AND + b for a in out for b in factor}
    return out


def _worded(literal: str) -> bool:
    """Every part of `literal` holds a word (a part without one is no vocabulary key)."""
    return all(_WORD_CHAR.search(part) for part in literal.split(AND))


def _weight(literal: str) -> int:
    if AND in literal:
        return sum(map(_weight, literal.split(AND)))
    core = literal.replace(MARK, "")
    size = len(core) if len(core) != 1 or core.isalpha() else 2
    return 2 * size + (len(literal) - len(core) if size else 0)


def _selectivity(factor: frozenset[str]) -> tuple[int, int]:
    """Longer literals are rarer, and a word boundary narrows one further; a lone
    digit or sign ("@") counts as a short word."""
    return (min(_weight(s) for s in factor), -len(factor))


def strongest(found: list[frozenset[str]], n: int) -> list[frozenset[str]]:
    """The `n` most selective factors long enough to be worth a lookup."""
    usable = [f for f in found if _selectivity(f)[0] >= 2 * MIN_LITERAL]
    return sorted(usable, key=_selectivity, reverse=True)[:n]


def literal_factors(regex: str) -> list[frozenset[str]]:
    """The gate factors of one expanded fragment (``[]`` when none can be read)."""
    try:
        tree = parse(regex)
    except RegexSyntax:
        return []
    return strongest(factors(tree), MAX_FACTORS)


# --------------------------------------------------------------------------- digits
# Word literals cannot gate a fragment such as a phone number or a postcode, which is
# made of digits; on a page where most sentences hold a number such fragments ran on
# every sentence. Their gate is a count instead: how many digits any match holds and
# how long a run of consecutive digits it holds at least.

DigitNeed = tuple[int, int, bool]
"""(digits, run, beside): every match holds at least `digits` decimal digits, `run` of
them in a row, and when `beside`, a letter right before or after a digit (as in "SW1A
1AA"). ``(0, 0, False)``: no need."""

_Need = tuple[int, int, "int | None", bool, "str | None"]
"""(digits, run, width, beside, shape): `width` is the characters the node matches when
it matches digits only (None when it may match anything else); `shape` is ``D`` or
``L`` when it always matches at least one character, all digits or all letters."""


def _is_digits(node: Node) -> bool:
    kind = node[0]
    if kind == "lit":
        return str(node[1]) in _DIGITS
    if kind == "in":
        chars = node[1]
        return chars is not None and bool(chars) and chars <= _DIGITS  # type: ignore[operator]
    return False


def _is_letters(node: Node) -> bool:
    kind = node[0]
    if kind == "lit":
        return str(node[1]).isalpha()
    if kind == "in":
        if node[1] is None:
            return len(node) > 2 and node[2] == LETTERS
        return bool(node[1]) and all(c.isalpha() for c in node[1])  # type: ignore[attr-defined]
    return False


def _node_need(node: Node) -> _Need:
    if node[0] == "opt":
        node = ("repeat", 0, node[1])
    kind = node[0]
    if _is_digits(node):
        return 1, 1, 1, False, "D"
    if _is_letters(node):
        return 0, 0, None, False, "L"
    if kind == "group":
        digits, run, width, beside, _shape = _sequence_need(node[1])  # type: ignore[arg-type]
        return digits, run, width, beside, None
    if kind == "branch":
        needs = [_sequence_need(alt) for alt in node[1]]  # type: ignore[attr-defined]
        return (min(n[0] for n in needs), min(n[1] for n in needs), None,
                all(n[3] for n in needs), None)
    if kind == "repeat":
        lo = int(node[1])  # type: ignore[call-overload]
        items: list[Node] = node[2]  # type: ignore[assignment]
        digits, run, width, beside, _shape = _sequence_need(items)
        if not lo:
            return 0, 0, (0 if width is not None else None), False, None
        shape = _node_need(items[0])[4] if len(items) == 1 else None
        if width is not None:  # digits only: the repeats form one run
            return digits * lo, width * lo, width * lo, beside, shape
        return digits * lo, run, None, beside, shape
    return 0, 0, None, False, None


def _sequence_need(items: list[Node]) -> _Need:
    digits = run = current = 0
    width: int | None = 0
    beside = False
    before: str | None = None
    for node in items:
        d, r, w, b, shape = _node_need(node)
        digits += d
        beside = beside or b or (shape is not None and before is not None
                                 and {shape, before} == {"D", "L"})
        before = shape
        if w is None:
            width = None
            current = 0
            run = max(run, r)
        else:
            current += w
            run = max(run, current)
            if width is not None:
                width += w
    if width == 0:
        width = None if items else 0
    return digits, run, width, beside, None


def digit_need(regex: str) -> DigitNeed:
    """How many digits, and how long a run of them, every match of `regex` holds, and
    whether a letter always stands right beside one of them."""
    try:
        tree = parse(regex)
    except RegexSyntax:
        return 0, 0, False
    digits, run, _width, beside, _shape = _sequence_need(tree)
    return digits, run, beside


# --------------------------------------------------------------------------- sure words
# A gate only says where a fragment *may* match. For `PageView.has`, which wants a yes
# or no, some words say more: ``\bkids?\b`` matches every sentence with the token "kid"
# or "kids", so there the regex need not run at all.

SURE_MAX = 64
_ONE_WORD = re.compile(f"{MARK}?[0-9A-Za-z_]*{MARK}?")
_FLAGS = re.compile(r"\(\?[aiLmsux-]")


def sure_literals(regex: str) -> frozenset[str]:
    """Literals of one ASCII word each (`MARK` where it must start or end a token)
    such that any ASCII text holding that word as such has a match of `regex` (with
    ``re.IGNORECASE``). Some of them, not every one: empty when unsure (inline flags,
    syntax the parser does not know)."""
    if _FLAGS.search(regex):
        return frozenset()  # a case-sensitive part would not match every casing
    try:
        tree = parse(regex)
    except RegexSyntax:
        return frozenset()
    return frozenset(s.lower() for s in _matched(tree) if s.strip(MARK))


def _matched(items: list[Node]) -> set[str]:
    """Strings of one word with its boundaries that `items` matches (some, not all)."""
    out = {""}
    for node in items:
        kind = node[0]
        if kind == "lit":
            chars: set[str] = {str(node[1])}
        elif kind == "in":
            chars = set(node[1]) if node[1] is not None else set()  # type: ignore[call-overload]
        elif kind == "b":
            chars = {MARK}
        elif kind in ("group", "opt"):
            chars = _matched(node[1])  # type: ignore[arg-type]
            if kind == "opt":
                chars.add("")
        elif kind == "branch":
            chars = set().union(*(_matched(alt) for alt in node[1]))  # type: ignore[attr-defined]
        elif kind == "repeat":  # the body as few times as it may, the same way each time
            lo, hi = int(node[1]), node[3]  # type: ignore[call-overload]
            body = _matched(node[2])  # type: ignore[arg-type]
            chars = {s * max(lo, 1) for s in body} if hi != 0 else set()
            if not lo:
                chars.add("")
        else:  # ^, $, a lookaround: the text around decides
            return set()
        out = {s for a in out for b in chars
               if _ONE_WORD.fullmatch(s := a + b) and MARK not in s[1:-1]}
        if not out or len(out) > SURE_MAX:
            return set()
    return out
