"""Users of the chat are told, where they chat, that they are talking to an AI.

Rule (see ``checks/_disclosure.py`` for how pages are graded):

- a visible disclosure on every product (chat) page: ``pass``;
- borderline wording, a JavaScript shell read without a browser, a chat page the browser
  could not see whole (an overlay it could not dismiss, a launcher it could not open),
  no identifiable chat page, or a disclosure only on another user-facing page (home,
  FAQ, help): ``needs_review``, since a person can confirm what the chat itself shows;
- a disclosure only in the terms or privacy text, only in hidden markup, only
  "AI-powered" marketing, or nothing: ``fail``. A user in the chat does not read the
  terms, and hidden text is not a disclosure.
"""

from __future__ import annotations

from auditor.models import (
    CheckMeta,
    Finding,
    Organization,
    Safeguard,
    Severity,
    SiteSnapshot,
    Status,
)
from checks._disclosure import Outcome, judge

META = CheckMeta(
    id="ai.disclosure_present",
    title="AI disclosure where users chat",
    policy_section=(
        "Disclosure Requirements (customer-facing chatbots and products serving minors) "
        "and Guidelines for Organizations Serving Minors, 3. Disclosure Requirements: "
        "users must be told they are dealing with an AI system, not a person"
    ),
    requirement=(
        "Each chat or product page tells users, visibly and at the point where they start "
        "chatting, that they are interacting with an AI system rather than a human."
    ),
    legal_refs=[],
    severity=Severity.HIGH,
    safeguard=Safeguard.AI_DISCLOSURE,
    remediation=(
        "Show a plain statement such as \"You are chatting with an AI, not a person\" next "
        "to the chat input or in the chat's opening message, in the page's language, "
        "visible without scrolling or clicking; do not rely on the terms of service or "
        "on \"AI-powered\" marketing copy."
    ),
)

STATUSES = {
    Outcome.PRODUCT_VISIBLE: Status.PASS,
    Outcome.PRODUCT_WEAK: Status.NEEDS_REVIEW,
    Outcome.APP_SHELL: Status.NEEDS_REVIEW,
    Outcome.OBSTRUCTED: Status.NEEDS_REVIEW,
    Outcome.NO_PRODUCT_PAGE: Status.NEEDS_REVIEW,
    Outcome.ELSEWHERE: Status.NEEDS_REVIEW,
    Outcome.TERMS_ONLY: Status.FAIL,
    Outcome.HIDDEN: Status.FAIL,
    Outcome.MENTION_ONLY: Status.FAIL,
    Outcome.NONE: Status.FAIL,
}


def run(snapshot: SiteSnapshot, org: Organization) -> list[Finding]:
    return [judge(META, org, snapshot, STATUSES)]
