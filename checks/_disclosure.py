"""Where, if anywhere, the site tells users they are talking to an AI.

Shared by ``ai.disclosure_present``, ``eu.ai_act_art50`` and ``ca.sb243_disclosure``:
they read the same pages and differ only in how strict they are about placement.

Each product (chat) page is graded on its own, and the worst page decides, since
every chat entry point must disclose. A page's grade, worst first:

``NONE`` nothing; ``MENTION`` only "AI-powered"-style mentions; ``HIDDEN`` a disclosure
in the markup but hidden (CSS, ``hidden``, off-screen); ``OBSTRUCTED`` no visible
disclosure, but the browser could not see the page as a user would (an overlay it could
not dismiss, a chat launcher it could not open), so a hidden or missing disclosure may
only be behind it; ``SHELL`` a JavaScript app shell read without a browser, so the
chat's own text was never seen; ``WEAK`` a borderline disclosure; ``VISIBLE`` a visible
disclosure on the chat page, which is the proxy we use for "near the chat entry point"
(the page *is* the entry point).

When the worst product page shows nothing, a visible disclosure on another page makes
the outcome ``ELSEWHERE`` (home, FAQ, help) or ``TERMS_ONLY`` (terms, privacy, legal).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

from auditor.models import (
    CheckMeta,
    Evidence,
    Fetcher,
    Finding,
    Organization,
    Page,
    SiteSnapshot,
    Status,
)
from checks._evidence import could_not_look, could_not_read, finding, from_signal, page_evidence
from checks._pages import (
    STRONG,
    is_product,
    is_terms,
    ok_pages,
    page_url,
    positive,
    wanted_product,
)


class Grade(IntEnum):
    NONE = 0
    MENTION = 1
    HIDDEN = 2
    OBSTRUCTED = 3
    SHELL = 4
    WEAK = 5
    VISIBLE = 6


class Outcome(StrEnum):
    PRODUCT_VISIBLE = "product_visible"
    PRODUCT_WEAK = "product_weak"
    APP_SHELL = "app_shell"
    OBSTRUCTED = "obstructed"
    NO_PRODUCT_PAGE = "no_product_page"
    ELSEWHERE = "elsewhere"
    TERMS_ONLY = "terms_only"
    HIDDEN = "hidden"
    MENTION_ONLY = "mention_only"
    NONE = "none"


@dataclass(frozen=True)
class Disclosure:
    """The outcome, a one-sentence reason naming the URL, and the evidence."""

    outcome: Outcome
    reason: str
    evidence: list[Evidence] = field(default_factory=list)


def is_app_shell(page: Page) -> bool:
    """Markup that needs JavaScript to show anything, read without a browser (the parse
    stage's one rule, :func:`auditor.parse.htmldoc.looks_like_app_shell`)."""
    return page.fetcher is not Fetcher.BROWSER and page.app_shell


def grade(page: Page) -> tuple[Grade, list[Evidence]]:
    signal = positive(page, "ai_disclosure")
    if signal is not None and signal.visible and signal.confidence >= STRONG:
        return Grade.VISIBLE, from_signal(page, signal, "visible AI disclosure")
    if signal is not None and signal.visible:
        return Grade.WEAK, from_signal(page, signal, "borderline AI disclosure")
    hidden = signal or page.signal("ai_disclosure")  # hidden ones may carry value=False
    if page.obstruction:
        seen = [page_evidence(page, f"the browser could not see the whole page: "
                                    f"{page.obstruction}", snippet=page.text.strip()[:200])]
        if hidden is not None and hidden.evidence:  # perhaps what the launcher would show
            seen += from_signal(page, hidden, "AI disclosure in markup not shown")
        return Grade.OBSTRUCTED, seen
    if hidden is not None and not hidden.visible and hidden.evidence:
        return Grade.HIDDEN, from_signal(page, hidden, "AI disclosure hidden from view")
    if is_app_shell(page):
        return Grade.SHELL, [page_evidence(page, "JavaScript app shell read without a browser",
                                           snippet=page.text.strip()[:200])]
    mention = positive(page, "ai_mention_only")
    if mention is not None:
        return Grade.MENTION, from_signal(page, mention, "mentions AI without disclosing it")
    return Grade.NONE, [page_evidence(page, "no AI disclosure seen")]


def locate(snapshot: SiteSnapshot, org: Organization) -> Disclosure | None:
    """The disclosure outcome, or None when there were no pages to read at all."""
    pages = ok_pages(snapshot)
    if not pages:
        return None
    products = [p for p in pages if is_product(p, org)]
    others = [p for p in pages if p not in products]
    if not products:
        return _no_product_page(org, others)
    graded = [(p, *grade(p)) for p in products]
    page, worst, _ = min(graded, key=lambda g: g[1])
    evidence = [ev for _, _, evs in graded for ev in evs]
    url = page_url(page)
    if worst is Grade.VISIBLE:
        return Disclosure(Outcome.PRODUCT_VISIBLE,
                          f"The chat page {url} visibly tells users they are talking to an AI.",
                          evidence)
    if worst is Grade.WEAK:
        return Disclosure(Outcome.PRODUCT_WEAK,
                          f"The chat page {url} may disclose AI, but the wording is borderline.",
                          evidence)
    if worst is Grade.SHELL:
        browser = ("no browser was available" if not snapshot.browser_available
                   else "it was not rendered in the browser")
        return Disclosure(Outcome.APP_SHELL,
                          f"The chat page {url} is built by JavaScript and {browser}, so its "
                          "on-screen text (and any AI disclosure) could not be read.", evidence)
    if worst is Grade.OBSTRUCTED:
        return Disclosure(Outcome.OBSTRUCTED,
                          f"The chat page {url} could not be seen as a user sees it "
                          f"({page.obstruction}), so whether it tells users they are talking "
                          "to an AI needs a person to look.", evidence)
    if worst is Grade.HIDDEN:
        return Disclosure(Outcome.HIDDEN,
                          f"The chat page {url} carries an AI disclosure only in hidden markup "
                          "that users do not see.", evidence)
    elsewhere = _visible_elsewhere(others)
    if elsewhere is not None:
        other, spans = elsewhere
        kind = Outcome.TERMS_ONLY if is_terms(other) else Outcome.ELSEWHERE
        where = "only in the legal text at" if kind is Outcome.TERMS_ONLY else "only at"
        return Disclosure(kind, f"The chat page {url} does not disclose that users are talking "
                                f"to an AI; a disclosure appears {where} {page_url(other)}.",
                          evidence + spans)
    if worst is Grade.MENTION:
        return Disclosure(Outcome.MENTION_ONLY,
                          f"The chat page {url} mentions AI (marketing or features) but never "
                          "tells users they are talking to an AI.", evidence)
    rest = f"on the {len(others)} other pages fetched" if others else "and no other page was read"
    return Disclosure(Outcome.NONE, f"No AI disclosure on the chat page {url} {rest}.", evidence)


def _visible_elsewhere(pages: list[Page]) -> tuple[Page, list[Evidence]] | None:
    found = [(p, s) for p in pages if (s := positive(p, "ai_disclosure", STRONG)) and s.visible]
    if not found:
        return None
    found.sort(key=lambda ps: is_terms(ps[0]))  # a user-facing page before the terms
    page, signal = found[0]
    return page, from_signal(page, signal, "AI disclosure away from the chat")


def _no_product_page(org: Organization, pages: list[Page]) -> Disclosure:
    elsewhere = _visible_elsewhere(pages)
    looked = [page_evidence(p, "not identified as a chat page") for p in pages[:10]]
    if elsewhere is not None:
        page, spans = elsewhere
        return Disclosure(Outcome.NO_PRODUCT_PAGE,
                          f"No chat page of {org.id} was identified; an AI disclosure appears "
                          f"at {page_url(page)}, but not necessarily where users chat.",
                          spans + looked)
    return Disclosure(Outcome.NO_PRODUCT_PAGE,
                      f"No chat page of {org.id} was identified among {len(pages)} pages "
                      f"fetched from {org.url}, and none of them discloses AI.", looked)


STRICT_PLACEMENT: Mapping[Outcome, Status] = {
    # Laws that require the disclosure where the chat happens (EU AI Act Art. 50,
    # California SB 243): a notice elsewhere on the site or in the terms does not count.
    Outcome.PRODUCT_VISIBLE: Status.PASS,
    Outcome.PRODUCT_WEAK: Status.NEEDS_REVIEW,
    Outcome.APP_SHELL: Status.NEEDS_REVIEW,
    Outcome.OBSTRUCTED: Status.NEEDS_REVIEW,
    Outcome.NO_PRODUCT_PAGE: Status.NEEDS_REVIEW,
    Outcome.ELSEWHERE: Status.FAIL,
    Outcome.TERMS_ONLY: Status.FAIL,
    Outcome.HIDDEN: Status.FAIL,
    Outcome.MENTION_ONLY: Status.FAIL,
    Outcome.NONE: Status.FAIL,
}


def judge(meta: CheckMeta, org: Organization, snapshot: SiteSnapshot,
          statuses: Mapping[Outcome, Status]) -> Finding:
    """One finding: the outcome mapped through the check's own `statuses` table.

    A chat page we could not read (robots, bot protection, timeouts) makes the finding
    ``blocked`` or ``error``, whatever the other pages showed: the worst page decides,
    and we do not know how the unread one would have graded.
    """
    found = locate(snapshot, org)
    stop = could_not_look(meta, org, snapshot, wanted_product(org), "the AI disclosure")
    if stop is not None:
        return stop
    if found is None:
        return finding(meta, org, Status.ERROR, f"No page of {org.url} was fetched.")
    status = statuses[found.outcome]
    if status is Status.FAIL:
        unread = could_not_read(meta, org, snapshot, wanted_product(org), "the AI disclosure")
        if unread is not None:
            return unread.model_copy(update={"evidence": unread.evidence + found.evidence})
    return finding(meta, org, status, found.reason, found.evidence)
