"""How the pages that matter changed between two audits of one organization.

Why: a children's section removed from a privacy policy, or an AI disclosure
reworded on the chat page, is what an auditor most needs to notice, and every audit
archives those pages. The pages that matter are the children's privacy notice, the
privacy policy, the terms and the chat (product) pages; each is compared by its
visible text, paragraph by paragraph, as the checks read it, from the two audits'
archives (:mod:`auditor.publish.archives`), never from the live site.

A page that answered 404 or 410 in the later audit counts as removed; a page the
later crawl could not read is not compared (absence of evidence is not a change).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from auditor.errors import BadInput
from auditor.publish.archives import ArchivedPageInfo, AuditArchive, archive_of, ok_outcome
from auditor.store import Store, audits

ROLE_ORDER = ("children's notice", "privacy policy", "terms", "chat page")
MAX_DIFF_LINES = 160
MAX_LINE_CHARS = 600
_CHILDREN = re.compile(r"child|kid|coppa|minor|under.?13")
_NOTICE = re.compile(r"privacy|notice|coppa|data")
_TERMS = re.compile(r"\bterms\b|terms.of|\btos\b|conditions|\blegal\b|\beula\b")
_CHAT = re.compile(r"\bchat\b|chatbot|assistant")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def page_role(page: ArchivedPageInfo) -> str | None:
    """Which page that matters this is, from its URL path, title and how it was opened."""
    path = urlsplit(page.final_url or page.url).path.lower()
    words = re.sub(r"[-_/.]+", " ", path) + " " + page.title.lower()
    if _CHILDREN.search(words) and _NOTICE.search(words):
        return "children's notice"
    if "privacy" in words:
        return "privacy policy"
    if _TERMS.search(words):
        return "terms"
    if page.is_product or page.chat_opened or _CHAT.search(words):
        return "chat page"
    return None


def clean(text: str) -> str:
    """Crawled text made safe for a terminal or a report line: no control characters."""
    return _CONTROL.sub("", text.replace("\t", " "))


@dataclass(frozen=True)
class DiffLine:
    """One line of a paragraph diff: ``+`` added, ``-`` removed, `` `` kept, ``@`` a gap."""

    op: str
    text: str


@dataclass(frozen=True)
class PageChange:
    """One page that matters, changed between two audits."""

    url: str
    role: str
    title: str
    status: str  # changed | removed | added
    added: int
    removed: int
    lines: list[DiffLine]
    truncated: bool = False

    @property
    def summary(self) -> str:
        """One sentence a person reads first."""
        if self.status == "removed":
            return f"The {self.role} is gone (it now answers with an error)."
        if self.status == "added":
            return f"A {self.role} appeared ({self.added} paragraphs)."
        parts = []
        if self.removed:
            parts.append(f"{self.removed} paragraph{'s' if self.removed != 1 else ''} removed")
        if self.added:
            parts.append(f"{self.added} paragraph{'s' if self.added != 1 else ''} added")
        first = next((ln.text for ln in self.lines if ln.op == "-"), "") or next(
            (ln.text for ln in self.lines if ln.op == "+"), "")
        quote = f", starting “{_clip(first, 90)}”" if first else ""
        return f"The {self.role} changed: {' and '.join(parts) or 'reworded'}{quote}."


@dataclass(frozen=True)
class AuditDiff:
    """The pages that matter compared between an earlier audit and a later one."""

    org_id: str
    before_id: str
    after_id: str
    before_at: datetime | None
    after_at: datetime | None
    pages: list[PageChange] = field(default_factory=list)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _paragraphs(text: str) -> list[str]:
    return [_clip(clean(line).strip(), MAX_LINE_CHARS) for line in text.splitlines()
            if line.strip()]


def diff_text(before: str, after: str) -> tuple[list[DiffLine], int, int, bool]:
    """Paragraph diff with one paragraph of context: (lines, added, removed, truncated)."""
    old, new = _paragraphs(before), _paragraphs(after)
    lines: list[DiffLine] = []
    added = removed = 0
    for raw in difflib.unified_diff(old, new, n=1, lineterm=""):
        if raw.startswith(("---", "+++")):
            continue
        op, text = raw[:1], raw[1:]
        if op == "@":
            lines.append(DiffLine("@", "…"))
            continue
        added += op == "+"
        removed += op == "-"
        lines.append(DiffLine(op, text))
    truncated = len(lines) > MAX_DIFF_LINES
    if lines and lines[0].op == "@":
        lines = lines[1:]
    return lines[:MAX_DIFF_LINES], added, removed, truncated


def _gone(page: ArchivedPageInfo | None) -> bool:
    return page is not None and page.status in (404, 410)


def compare_archives(before: AuditArchive, after: AuditArchive, url: str | None = None
                     ) -> list[PageChange]:
    """Changed pages that matter (or just `url`, whatever its role), in role order."""
    moved = _moved(before, after)
    keys: dict[str, tuple[ArchivedPageInfo | None, ArchivedPageInfo | None]] = {}
    for page in before.pages:
        keys.setdefault(_key(page.url, moved), (page, None))
    for page in after.pages:
        old_page = keys.get(_key(page.url, moved), (None, None))[0]
        keys[_key(page.url, moved)] = (old_page, page)
    out = []
    for old, new in keys.values():
        either = new or old
        assert either is not None
        if url is not None and url not in (either.url, either.final_url) and not (
                old is not None and url in (old.url, old.final_url)):
            continue
        role = page_role(either) or ("page" if url is not None else None)
        if role is None:
            continue
        title = clean(either.title) or either.url
        old_text, new_text = _texts(before, old, after, new)
        key = either.url  # a page is named by its address in the later audit
        if old_text is not None and new_text is not None:
            if _words(old_text) == _words(new_text):
                continue
            lines, added, removed, cut = diff_text(old_text, new_text)
            out.append(PageChange(key, role, title, "changed", added, removed, lines, cut))
        elif old_text is not None and _gone(new):
            lines, added, removed, cut = diff_text(old_text, "")
            out.append(PageChange(key, role, title, "removed", added, removed, lines, cut))
        elif new_text is not None and old is None:
            lines, added, removed, cut = diff_text("", new_text)
            out.append(PageChange(key, role, title, "added", added, removed, lines, cut))
    order = {r: i for i, r in enumerate(ROLE_ORDER)}
    return sorted(out, key=lambda c: (order.get(c.role, 9), c.url))


def _texts(before: AuditArchive, old: ArchivedPageInfo | None, after: AuditArchive,
           new: ArchivedPageInfo | None) -> tuple[str | None, str | None]:
    """The two texts to compare, read the same way: both rendered, else both as plain
    HTTP responses (a page found unchanged by a 304 is not rendered again)."""
    if old is None or not ok_outcome(old):
        old = None
    if new is None or not ok_outcome(new):
        new = None
    if old is not None and new is not None and not (
            before.rendered(old.url) and after.rendered(new.url)):
        old_http, new_http = before.http_text(old.url), after.http_text(new.url)
        if old_http is not None and new_http is not None:
            return old_http, new_http
    return (before.text(old.url) if old is not None else None,
            after.text(new.url) if new is not None else None)


def _words(text: str) -> list[str]:
    """What a reader sees, whatever the line breaks: a layout change is not a change."""
    return clean(text).split()


def _moved(before: AuditArchive, after: AuditArchive) -> bool:
    """The site answered at another address (the demo on another port): no URL in
    common, but paths in common. Pages are then matched by path."""
    old = {p.url for p in before.pages}
    new = {p.url for p in after.pages}
    if not old or not new or old & new:
        return False
    return bool({_key(u, True) for u in old} & {_key(u, True) for u in new})


def _key(url: str, by_path: bool) -> str:
    if not by_path:
        return url
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def diff_audits(store: Store, before_id: str, after_id: str, url: str | None = None
                ) -> AuditDiff:
    """Compare two stored audits of one org (`auditor diff`); BadInput when they can't be."""
    a, b = audits.archive_ref(store, before_id), audits.archive_ref(store, after_id)
    if a.org_id != b.org_id:
        raise BadInput(f"audits {before_id} and {after_id} are of different organizations "
                       f"({a.org_id}, {b.org_id})")
    if a.started_at > b.started_at:
        a, b = b, a
    before, after = archive_of(store, a.id), archive_of(store, b.id)
    for record, archive in ((a, before), (b, after)):
        if archive is None or not archive.path.is_file():
            raise BadInput(f"audit {record.id} has no evidence archive")
    assert before is not None and after is not None
    return AuditDiff(a.org_id, a.id, b.id, a.started_at, b.started_at,
                     compare_archives(before, after, url))


def previous_audit_id(store: Store, audit_id: str) -> str | None:
    """The org's finished audit with an archive just before `audit_id`, if any."""
    try:
        current = audits.archive_ref(store, audit_id)
    except BadInput:
        return None
    for record in audits.archived_before(store, current.org_id, current.started_at):
        if record.id != audit_id:
            return record.id
    return None


def changes_since_previous(store: Store, audit_id: str, current: AuditArchive | None = None
                           ) -> AuditDiff | None:
    """What the pages that matter changed since the org's previous audit, or None.

    `current` is the audit's archive when the caller has already read it."""
    previous = previous_audit_id(store, audit_id)
    if previous is None:
        return None
    if current is None:
        try:
            return diff_audits(store, previous, audit_id)
        except BadInput:
            return None
    before = archive_of(store, previous)
    if before is None:
        return None
    a, b = audits.archive_ref(store, previous), audits.archive_ref(store, audit_id)
    return AuditDiff(a.org_id, a.id, b.id, a.started_at, b.started_at,
                     compare_archives(before, current))
