"""Content moderation described: judged from the ``content_moderation`` signal.

See ``checks/_presence.py`` for the rule (confident and visible: pass; hidden or
borderline: needs_review; nothing: fail; out of reach: blocked or error).
"""

from __future__ import annotations

from auditor.models import (
    Audience,
    CheckMeta,
    Finding,
    Organization,
    Safeguard,
    Severity,
    SiteSnapshot,
)
from checks._presence import judge

META = CheckMeta(
    id="safeguards.moderation",
    title="Content moderation described",
    policy_section=(
        "Guidelines for Organizations Serving Minors, 1. Additional Technical Measures: "
        "screening content so harmful or unsuitable material is kept from young users"
    ),
    requirement=(
        "The organization filters or moderates user content and model outputs to block "
        "content unsuitable for minors, and describes this publicly."
    ),
    legal_refs=[
        "UK Age Appropriate Design Code, Standard 6 (policies and community standards)",
    ],
    severity=Severity.MEDIUM,
    audiences=[Audience.UNDER13, Audience.TEENS],
    safeguard=Safeguard.CONTENT_MODERATION,
    remediation=(
        "Describe publicly how user inputs and model outputs are filtered and moderated "
        "for minors (automated filters, human review, what is blocked), for example on a "
        "safety or community-guidelines page."
    ),
)


def run(snapshot: SiteSnapshot, org: Organization) -> list[Finding]:
    return [judge(META, org, snapshot, "content_moderation",
                  "content moderation or filtering")]
