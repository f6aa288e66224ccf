"""Safety education for minors: judged from the ``minors_education`` signal.

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
    id="safeguards.education",
    title="Safety education for minors",
    policy_section=(
        "Guidelines for Organizations Serving Minors, 1. Additional Technical Measures: "
        "helping young users, and the adults around them, learn to use the product safely"
    ),
    requirement=(
        "The organization publishes guidance for minors, parents or educators on using "
        "the product safely and responsibly."
    ),
    legal_refs=[
        "UK Age Appropriate Design Code, Standard 4 (transparency)",
    ],
    severity=Severity.LOW,
    audiences=[Audience.UNDER13, Audience.TEENS],
    safeguard=Safeguard.EDUCATIONAL_RESOURCES,
    remediation=(
        "Publish guidance for young users, parents and educators on safe and responsible "
        "use of the product (a family or teen safety centre, a parents' guide, classroom "
        "resources) and link it from the home page."
    ),
)


def run(snapshot: SiteSnapshot, org: Organization) -> list[Finding]:
    return [judge(META, org, snapshot, "minors_education",
                  "safety guidance for minors, parents or educators")]
