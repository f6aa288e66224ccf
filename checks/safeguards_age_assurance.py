"""Age assurance in place: judged from the ``age_assurance`` signal.

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
    id="safeguards.age_assurance",
    title="Age assurance in place",
    policy_section=(
        "Guidelines for Organizations Serving Minors, 1. Additional Technical Measures: "
        "checking users' ages so the product reaches only the audience it is meant for"
    ),
    requirement=(
        "The product checks users' age (age gate, age estimation, verification or a "
        "parental consent flow) so that only its intended users reach it, and says so "
        "publicly."
    ),
    legal_refs=[
        "UK Age Appropriate Design Code, Standard 3 (age appropriate application)",
        "16 CFR 312.5 (parental consent)",
    ],
    severity=Severity.MEDIUM,
    audiences=[Audience.UNDER13, Audience.TEENS],
    safeguard=Safeguard.AGE_VERIFICATION,
    remediation=(
        "Use an age gate, age estimation or verifiable parental consent flow before "
        "children reach the chat, and describe it publicly (sign-up page, safety or "
        "parents' page) so parents and auditors can see it."
    ),
)


def run(snapshot: SiteSnapshot, org: Organization) -> list[Finding]:
    return [judge(META, org, snapshot, "age_assurance",
                  "age assurance (an age gate, age check or parental consent flow)")]
