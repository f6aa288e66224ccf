"""Evidence a person can look at: the page's screenshot and the sentence in its paragraph.

Why: a record id and a snippet cannot be checked by eye. For each piece of evidence
this finds, in the audit's archive, the screenshot of its page (with the element's
box when the crawler measured one) and the paragraph the quoted sentence sits in.
The result, :class:`EvidenceMedia`, is plain data: the view models look pieces up in
it and :func:`auditor.publish.reports.write_reports` writes its images beside the
report, so the report opens offline from its own files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from auditor.models import Assessment, Evidence
from auditor.publish.archives import AuditArchive, Box, Screenshot

CONTEXT_CHARS = 320
"""At most this many characters of the paragraph on each side of the quoted sentence."""
_TEXT_LOCATOR = re.compile(r"^text\[(\d+):(\d+)\]$")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Shot:
    """A screenshot as the report links it, with the evidence's box in percent."""

    href: str
    width: int
    height: int
    box: tuple[float, float, float, float] | None = None
    note: str = ""


@dataclass(frozen=True)
class Context:
    """The quoted sentence inside its paragraph (clipped around it)."""

    before: str
    match: str
    after: str


@dataclass
class EvidenceMedia:
    """Screenshots and paragraphs by evidence, and the image files to write."""

    folder: str = ""
    shots: dict[tuple[str, str, str], Shot] = field(default_factory=dict)
    contexts: dict[tuple[str, str, str], Context] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)

    def shot(self, ev: Evidence) -> Shot | None:
        return self.shots.get(key(ev))

    def context(self, ev: Evidence) -> Context | None:
        return self.contexts.get(key(ev))


def key(ev: Evidence) -> tuple[str, str, str]:
    return (ev.url, ev.locator, ev.snippet)


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _find(text: str, ev: Evidence) -> tuple[int, int] | None:
    """Where the snippet sits in the page text: its offsets if they still agree, else
    the first place the (unclipped part of the) snippet occurs."""
    snippet = ev.snippet.removesuffix("…").strip()
    if len(snippet) < 3:
        return None
    located = _TEXT_LOCATOR.match(ev.locator)
    if located:
        start, end = int(located.group(1)), int(located.group(2))
        if _norm(text[start:end]).startswith(_norm(snippet)[:40]):
            return start, end
    at = text.find(snippet)
    return (at, at + len(snippet)) if at >= 0 else None


def paragraph_context(text: str, ev: Evidence) -> Context | None:
    """The paragraph (line of the page text) holding the evidence, the sentence marked."""
    if ev.locator.startswith("hidden["):
        return None
    span = _find(text, ev)
    if span is None:
        return None
    start, end = span
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    lo, hi = max(line_start, start - CONTEXT_CHARS), min(line_end, end + CONTEXT_CHARS)
    before, after = text[lo:start], text[end:hi]
    if lo > line_start:
        before = "…" + before.lstrip()
    if hi < line_end:
        after = after.rstrip() + "…"
    return Context(before, text[start:end], after)


def _box_for(ev: Evidence, boxes: list[Box], shot: Screenshot
             ) -> tuple[float, float, float, float] | None:
    """The measured box of the evidence's element, in percent of the screenshot."""
    chosen = next((b for b in boxes if b.selector and b.selector == ev.locator), None)
    if chosen is None and len(ev.snippet.strip()) >= 3:
        wanted = _norm(ev.snippet.removesuffix("…"))[:80]
        holding = [b for b in boxes if wanted and wanted in _norm(b.text)]
        chosen = min(holding, key=lambda b: b.width * b.height, default=None)
    if chosen is None or chosen.y >= shot.height or chosen.x >= shot.width:
        return None

    def pct(value: float, whole: int) -> float:
        return round(max(0.0, min(100.0, value / whole * 100)), 2)

    left, top = pct(chosen.x, shot.width), pct(chosen.y, shot.height)
    width = pct(chosen.x + chosen.width, shot.width) - left
    height = pct(chosen.y + chosen.height, shot.height) - top
    return (left, top, round(width, 2), round(height, 2)) if width and height else None


def all_evidence(assessment: Assessment) -> Iterable[Evidence]:
    for f in assessment.findings:
        yield from f.evidence
    for sg in assessment.safeguards.values():
        yield from sg.evidence


def evidence_media(assessment: Assessment, archive: AuditArchive | None, folder: str
                   ) -> EvidenceMedia:
    """Look up every piece of the assessment's evidence in `archive` (None: nothing)."""
    media = EvidenceMedia(folder=folder)
    if archive is None:
        return media
    for ev in all_evidence(assessment):
        k = key(ev)
        if k in media.shots or k in media.contexts or not ev.url.startswith(("http:", "https:")):
            continue
        shot = archive.screenshot(ev.screenshot_record_id, url=ev.url)
        if shot is None and ev.screenshot_record_id:
            shot = archive.screenshot(None, url=ev.url)
        if shot is not None:
            name = f"{shot.sha256[:24]}.png"
            media.files[name] = shot.png
            href = f"./{quote(folder)}/{name}"
            note = ("taken in an earlier audit: this one found the page unchanged"
                    if shot.earlier else "")
            media.shots[k] = Shot(href, shot.width, shot.height,
                                  _box_for(ev, archive.boxes(ev.url), shot), note)
        text = archive.text(ev.url)
        if text:
            context = paragraph_context(text, ev)
            if context is not None:
                media.contexts[k] = context
    return media
