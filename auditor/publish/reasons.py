"""Reasons a person reads: one short sentence first, the long detail kept for later.

Why: checks and the assessment write complete reasons (every URL looked at, every
safeguard's own reason), which is right for the record and the JSON but a wall of
text in a report. :func:`brief` keeps the first sentence, drops inline lists of URLs
(the report lists the pages in a collapsed block instead) and bounds the length; the
full text stays available to the template for a ``<details>`` block.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from auditor.models import Rating

LIMIT = 200
_URL = re.compile(r"https?://[^\s,;()<>\"']+")
_URL_RUN = re.compile(r"https?://[^\s,;()<>\"']+(?:(?:,\s*|,?\s+and\s+)https?://[^\s,;()<>\"']+)+")
_URL_LIST = re.compile(r"\s*\((?:[^()]*?https?://[^()]*?)\)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(“\"])")
_SPACE = re.compile(r"\s+")
_NESTED = re.compile(r":\s+(?=[A-Z])")
_LEVEL = re.compile(r"^(non_compliant|at_risk|incomplete|compliant|note):\s*")


@dataclass(frozen=True)
class Brief:
    """A reason as the report shows it."""

    short: str
    full: str
    urls: list[str]
    level: str = ""

    @property
    def more(self) -> str:
        """The full text when it says more than the short form, else empty."""
        return "" if self.full.rstrip(".") == self.short.rstrip(".…") else self.full


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:(") + "…"


def _drop_url_lists(text: str) -> str:
    """``(A, B, C)`` lists of URLs removed, a single parenthesised URL too; an inline run
    of URLs (``at A, B and C``) becomes ``3 pages``."""
    text = _URL_LIST.sub(lambda m: "" if _URL.search(m.group(0)) else m.group(0), text)
    return _URL_RUN.sub(lambda m: f"{len(_URL.findall(m.group(0)))} pages", text)


def brief(text: str, limit: int = LIMIT, *, nested: bool = False,
          names: Mapping[str, str] | None = None) -> Brief:
    """The first sentence of `text` without inline URL lists, at most `limit` characters.

    A rating reason starts with its level (``non_compliant: ...``), kept apart in
    ``level``. `nested` cuts where a quoted reason of another finding begins
    (``...: None of the pages...``); `names` replaces a leading id (a safeguard) by
    its label.
    """
    full = _SPACE.sub(" ", text).strip()
    level = ""
    match = _LEVEL.match(full)
    body = full
    if match:
        level, body = match.group(1), full[match.end():]
    urls = list(dict.fromkeys(_URL.findall(body)))
    short = _drop_url_lists(body)
    if nested:
        head = _NESTED.split(short, maxsplit=1)[0]
        if len(head.split()) >= 4:  # "X missing: attested, not observed: <its reason>"
            short = head
    for key, label in (names or {}).items():
        if short.startswith(key + " ") or short.startswith(key + ":"):
            short = label + short[len(key):]
            break
    first = _SENTENCE_END.split(short, maxsplit=1)[0]
    short = _clip(first.strip(), limit)
    if short and short[-1] not in ".!?…":
        short += "."
    head = short.split(" ", 1)[0]
    if "." not in head.rstrip(".") and "_" not in head:  # an id keeps its spelling
        short = short[:1].upper() + short[1:]
    return Brief(short=short, full=body, urls=urls, level=level)


LEVEL_TONE: dict[str, str] = {
    Rating.NON_COMPLIANT.value: "bad",
    Rating.AT_RISK.value: "warn",
    Rating.INCOMPLETE.value: "neutral",
    Rating.COMPLIANT.value: "good",
    "note": "neutral",
    "": "neutral",
}
