"""Reporting mechanism published: judged from the ``reporting_mechanism`` signal.

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
    id="safeguards.reporting",
    title="Reporting mechanism published",
    policy_section=(
        "Guidelines for Organizations Serving Minors, 1. Additional Technical Measures: "
        "ways to spot problems and let people flag them so they get dealt with"
    ),
    requirement=(
        "Users and parents can report abuse, harmful content or safety concerns through a"
        " published mechanism (report button, form or address)."
    ),
    legal_refs=[
        "UK Age Appropriate Design Code, Standard 15 (online tools)",
    ],
    severity=Severity.MEDIUM,
    audiences=[Audience.UNDER13, Audience.TEENS],
    safeguard=Safeguard.MONITORING_REPORTING,
    remediation=(
        "Give users and parents a visible way to report harmful content or safety "
        "concerns (a report button in the chat, a form or a safety e-mail address) and "
        "link it from the product and safety pages."
    ),
)


def run(snapshot: SiteSnapshot, org: Organization) -> list[Finding]:
    return [judge(META, org, snapshot, "reporting_mechanism",
                  "a way to report abuse or harmful content")]
