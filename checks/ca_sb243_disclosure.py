"""California SB 243: a companion chatbot says clearly that it is an AI, not a human.

For operators of companion chatbots serving California, SB 243 requires a clear and
conspicuous notice that the companion is artificially generated and not human. The
public pages carry a signal for that notice only; SB 243's other public-facing duties
(a published crisis-response protocol, the notice that companions may not suit some
minors) have no detector yet and are listed as manual clauses in
``checks/frameworks/ca-sb243.toml``.

Placement is strict as for the EU check: only a visible notice on the companion's own
page passes; elsewhere, in the terms, hidden or absent is ``fail``; borderline wording
or an unreadable JavaScript shell is ``needs_review``. Applies from 2026-01-01.
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

META = CheckMeta(
    id="ca.sb243_disclosure",
    title="California SB 243 companion chatbot AI notice",
    policy_section=(
        "Guidelines for Organizations Serving Minors, 2. Regulatory Compliance (applicable "
        "law) and 3. Disclosure Requirements (tell users they are dealing with an AI)"
    ),
    requirement=(
        "A companion chatbot offered to people in California gives a clear and "
        "conspicuous notice that it is artificially generated and not a human."
    ),
    legal_refs=["California SB 243 (2025), Cal. Bus. & Prof. Code ch. 22.6, s. 22602(a)"],
    severity=Severity.HIGH,
    jurisdictions=["US-CA"],
    product_kinds=["companion"],
    applies_from=date(2026, 1, 1),
    safeguard=Safeguard.AI_DISCLOSURE,
    remediation=(
        "Show, on the companion's chat screen and at the start of each conversation, a "
        "conspicuous notice that the companion is an AI and not a human; repeat it "
        "periodically for users known to be minors, and publish the crisis-response "
        "protocol and the suitability notice SB 243 also requires."
    ),
)



def run(snapshot: SiteSnapshot, org: Organization) -> list[Finding]:
    return [judge(META, org, snapshot, STRICT_PLACEMENT)]
