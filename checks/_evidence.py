"""Evidence and findings, built the same way by every check.

A finding's evidence names the URL, a verbatim snippet, where on the page, and the
archive record (WARC id and SHA-256) copied from the page that was read, so a person
can re-open exactly what the check saw. Absence is evidence too: the pages looked at,
each with a note saying what was not seen there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from auditor.models import (
    CheckMeta,
    Evidence,
    Finding,
    Organization,
    Page,
    Severity,
    Signal,
    SiteSnapshot,
    Status,
)
from checks._pages import Unseen, Wanted, names, ok_pages, out_of_reach, page_url, unread_pages
from checks.signals.language import language_name

MAX_EVIDENCE = 20
"""Absence findings list at most this many pages; the reason gives the full count."""


def _archived(ev: Evidence, page: Page) -> Evidence:
    return ev.model_copy(update={
        "url": ev.url or page_url(page),
        "warc_record_id": ev.warc_record_id or page.warc_record_id,
        "sha256": ev.sha256 or page.sha256,
        "screenshot_record_id": ev.screenshot_record_id or page.screenshot_record_id,
        "fetched_at": ev.fetched_at or page.fetched_at,
    })


def from_signal(page: Page, signal: Signal, note: str | None = None) -> list[Evidence]:
    """The signal's evidence spans, tied to the page's archive record."""
    spans = [_archived(ev, page) for ev in signal.evidence[:3]]
    if not spans:
        spans = [page_evidence(page, f"signal {signal.name} without a span")]
    if note:
        spans = [ev.model_copy(update={"note": note}) for ev in spans]
    return spans


def page_evidence(page: Page, note: str, snippet: str | None = None,
                  locator: str = "page") -> Evidence:
    """One page looked at, with a note of what was (not) seen on it."""
    return Evidence(
        url=page_url(page),
        snippet=snippet if snippet is not None else (page.title or "")[:300],
        locator=locator,
        warc_record_id=page.warc_record_id,
        sha256=page.sha256,
        screenshot_record_id=page.screenshot_record_id,
        fetched_at=page.fetched_at,
        note=note,
    )


def text_evidence(page: Page, match: re.Match[str], note: str) -> Evidence:
    """A verbatim excerpt of the page text around `match`, located by offsets."""
    text = page.text
    start = max(0, text.rfind("\n", 0, match.start()) + 1, match.start() - 140)
    end = text.find("\n", match.end())
    end = min(len(text) if end < 0 else end, match.end() + 140, start + 300)
    return page_evidence(page, note, snippet=text[start:end],
                         locator=f"text[{start}:{end}]")


def absence(pages: Sequence[Page], note: str) -> list[Evidence]:
    """The pages that were looked at, each with the same note."""
    return [page_evidence(p, note) for p in pages[:MAX_EVIDENCE]]


def unseen_evidence(items: Iterable[Unseen]) -> list[Evidence]:
    return [Evidence(url=u.url, locator="fetch", warc_record_id=u.warc_record_id,
                     note=u.describe()) for u in list(items)[:MAX_EVIDENCE]]


def finding(meta: CheckMeta, org: Organization, status: Status, reason: str,
            evidence: Sequence[Evidence] = (), *, severity: Severity | None = None,
            applies_from: date | None = None) -> Finding:
    """A finding with the check's metadata filled in."""
    return Finding(
        check_id=meta.id,
        org_id=org.id,
        status=status,
        severity=severity or meta.severity,
        title=meta.title,
        reason=reason,
        policy_section=meta.policy_section,
        legal_refs=list(meta.legal_refs),
        remediation=meta.remediation,
        evidence=list(evidence),
        applies_from=applies_from or meta.applies_from,
        safeguard=meta.safeguard,
    )


def could_not_read(meta: CheckMeta, org: Organization, snapshot: SiteSnapshot,
                   wanted: Wanted, what: str) -> Finding | None:
    """``needs_review`` instead of a ``fail`` when the pages that would hold `what` were
    read but are written in a language the detectors do not read: finding nothing there
    is no evidence that nothing is there, so a person reads them. Call it where a check
    is about to fail for what it did not find."""
    pages = unread_pages(snapshot, wanted)
    if not pages:
        return None
    langs = sorted({language_name(p.text_language or "") for p in pages})
    told = " and ".join(langs)
    return finding(meta, org, Status.NEEDS_REVIEW,
                   f"Could not read {what}: the pages where it would be ({names(pages)}) are "
                   f"written in {told}, which the detectors do not read; a person reads them.",
                   [page_evidence(p, f"written in {language_name(p.text_language or '')}; "
                                     "not read by the detectors") for p in pages[:MAX_EVIDENCE]])


def could_not_look(meta: CheckMeta, org: Organization, snapshot: SiteSnapshot,
                   wanted: Wanted, what: str) -> Finding | None:
    """``blocked`` or ``error`` when the pages that would hold `what` were out of reach.

    Call it only after the evidence was not found on the pages that were read: a
    notice seen on one page passes even if another page was blocked.
    """
    missing = out_of_reach(snapshot, wanted)
    if not missing and ok_pages(snapshot):
        return None
    if not missing:
        note = "; ".join(snapshot.notes) or "the crawl produced no pages"
        return finding(meta, org, Status.ERROR,
                       f"Could not look for {what} at {org.url}: no page was fetched ({note}).")
    blocked = [u for u in missing if u.blocked]
    status = Status.BLOCKED if blocked else Status.ERROR
    shown = blocked or missing
    listed = "; ".join(u.describe() for u in shown[:3])
    more = f" and {len(shown) - 3} more" if len(shown) > 3 else ""
    return finding(meta, org, status,
                   f"Could not look for {what}: {listed}{more}.", unseen_evidence(shown))
