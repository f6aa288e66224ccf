"""EU AI Act, Article 50: people are told they are interacting with an AI system.

Article 50 asks providers of AI systems that interact with people to inform them of
it clearly and distinguishably, at the latest at the first interaction, unless it is
obvious. So placement is strict: a disclosure only on another page (home, FAQ) is a
``fail`` here, where the provider's own policy check leaves it to review. Borderline
wording, a JavaScript shell read without a browser, or no identifiable chat page is
``needs_review``. The article applies from 2026-08-02; before that the finding is
advisory.
"""

from __future__ import annotations

from datetime import date

from auditor.models import (
    CheckMeta,
    Finding,
    Organization,
    Safeguard,
    Severity,
    SiteSnapshot,
)
from checks._disclosure import STRICT_PLACEMENT, judge

EU_MEMBER_STATES = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
]

META = CheckMeta(
    id="eu.ai_act_art50",
    title="EU AI Act chatbot transparency (Art. 50)",
    policy_section=(
        "Guidelines for Organizations Serving Minors, 2. Regulatory Compliance (applicable "
        "law) and 3. Disclosure Requirements (tell users they are dealing with an AI)"
    ),
    requirement=(
        "An AI system that interacts directly with people in the EU informs them, clearly "
        "and at the first interaction at the latest, that they are interacting with an AI "
        "system."
    ),
    legal_refs=["Regulation (EU) 2024/1689 (AI Act), Art. 50(1) and 50(5)"],
    severity=Severity.HIGH,
    jurisdictions=["EU", *EU_MEMBER_STATES],
    applies_from=date(2026, 8, 2),
    safeguard=Safeguard.AI_DISCLOSURE,
    remediation=(
        "Inform users in the chat itself, before or at their first message, that they are "
        "interacting with an AI system, in a clear and distinguishable way and in the "
        "language of the page; a notice elsewhere on the site or in the terms does not "
        "meet Article 50."
    ),
)



def run(snapshot: SiteSnapshot, org: Organization) -> list[Finding]:
    return [judge(META, org, snapshot, STRICT_PLACEMENT)]
