"""Words, tones and orderings shared by every view model.

Why a table and not template logic: "which colour is `contradicted`?" and "does a
blocked page sort above a pass?" are decisions, and decisions live in Python where a
test can pin them. Tones are the four CSS classes the templates know:
``good``, ``warn``, ``bad`` and ``neutral``.
"""

from __future__ import annotations

from datetime import datetime

from auditor.models import (
    CaseState,
    RateState,
    Rating,
    Safeguard,
    SafeguardStatus,
    Severity,
    Status,
)

STATUS_LABEL: dict[Status, tuple[str, str]] = {
    Status.FAIL: ("Fail", "bad"),
    Status.NEEDS_REVIEW: ("Needs review", "warn"),
    Status.ERROR: ("Could not check (error)", "neutral"),
    Status.BLOCKED: ("Could not check (blocked)", "neutral"),
    Status.PASS: ("Pass", "good"),
    Status.NOT_APPLICABLE: ("Not applicable", "neutral"),
}
STATUS_ORDER = {s: i for i, s in enumerate(STATUS_LABEL)}

SEVERITY_LABEL: dict[Severity, tuple[str, str]] = {
    Severity.CRITICAL: ("Critical", "bad"),
    Severity.HIGH: ("High", "bad"),
    Severity.MEDIUM: ("Medium", "warn"),
    Severity.LOW: ("Low", "neutral"),
    Severity.INFO: ("Info", "neutral"),
}
SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITY_LABEL)}

RATING_LABEL: dict[Rating, tuple[str, str]] = {
    Rating.NON_COMPLIANT: ("Non-compliant", "bad"),
    Rating.AT_RISK: ("At risk", "warn"),
    Rating.INCOMPLETE: ("Incomplete", "neutral"),
    Rating.COMPLIANT: ("Compliant", "good"),
}

SAFEGUARD_LABEL: dict[Safeguard, str] = {
    Safeguard.AGE_VERIFICATION: "Age verification",
    Safeguard.CONTENT_MODERATION: "Content moderation and filtering",
    Safeguard.MONITORING_REPORTING: "Monitoring and reporting",
    Safeguard.EDUCATIONAL_RESOURCES: "Educational resources for minors",
    Safeguard.CHILD_SAFETY_SYSTEM_PROMPT: "Child-safety system prompt",
    Safeguard.COPPA_STATEMENT: "Statement of COPPA compliance",
    Safeguard.AI_DISCLOSURE: "Disclosure that users talk to an AI",
}

SAFEGUARD_STATUS_LABEL: dict[SafeguardStatus, tuple[str, str]] = {
    SafeguardStatus.CONTRADICTED: ("Attested, contradicted by what we saw", "bad"),
    SafeguardStatus.MISSING: ("Missing", "bad"),
    SafeguardStatus.ATTESTED_UNVERIFIED: ("Attested, not verifiable from outside", "warn"),
    SafeguardStatus.OBSERVED_UNATTESTED: ("Observed, not attested", "warn"),
    SafeguardStatus.VERIFIED: ("Attested and observed", "good"),
}

RATE_LABEL: dict[RateState, tuple[str, str]] = {
    RateState.CONTINUED_HIGH: ("Continued high", "bad"),
    RateState.HIGH: ("High", "warn"),
    RateState.INSUFFICIENT_DATA: ("Not enough data", "neutral"),
    RateState.NORMAL: ("Normal", "good"),
}

CASE_LABEL: dict[CaseState, tuple[str, str]] = {
    CaseState.TERMINATION_RECOMMENDED: ("Termination recommended", "bad"),
    CaseState.SUSPENSION_RECOMMENDED: ("Suspension recommended", "bad"),
    CaseState.FINAL_NOTICE: ("Final notice sent", "bad"),
    CaseState.REMEDIATION_REQUESTED: ("Remediation requested", "warn"),
    CaseState.DECIDED: ("Decided", "neutral"),
    CaseState.MONITORING: ("Monitoring", "good"),
    CaseState.RESOLVED: ("Resolved", "good"),
}

POLICY_MINORS = "Responsible Use: Guidelines for Organizations Serving Minors"
POLICY_DISCLOSURE = "Disclosure Requirements"
COPPA_LAW = "Children's Online Privacy Protection Act (15 U.S.C. 6501-6506; 16 CFR Part 312)"

SAFEGUARD_POLICY: dict[Safeguard, tuple[str, str, list[str]]] = {
    Safeguard.AGE_VERIFICATION: (
        f"{POLICY_MINORS}, 1. Additional Technical Measures",
        "Products used by minors should check age so that only the intended users get in.",
        [],
    ),
    Safeguard.CONTENT_MODERATION: (
        f"{POLICY_MINORS}, 1. Additional Technical Measures",
        "Inappropriate or harmful content should be filtered before it reaches a minor.",
        [],
    ),
    Safeguard.MONITORING_REPORTING: (
        f"{POLICY_MINORS}, 1. Additional Technical Measures",
        "There should be a way to notice problems and for users to report them.",
        [],
    ),
    Safeguard.EDUCATIONAL_RESOURCES: (
        f"{POLICY_MINORS}, 1. Additional Technical Measures",
        "Minors should be given guidance on using the product safely and responsibly.",
        [],
    ),
    Safeguard.CHILD_SAFETY_SYSTEM_PROMPT: (
        f"{POLICY_MINORS}, 1. Additional Technical Measures",
        "The provider's child-safety system prompt should be part of the product's safeguards.",
        [],
    ),
    Safeguard.COPPA_STATEMENT: (
        f"{POLICY_MINORS}, 2. Regulatory Compliance",
        "Compliance with child privacy law such as COPPA should be stated publicly.",
        [COPPA_LAW],
    ),
    Safeguard.AI_DISCLOSURE: (
        f"{POLICY_MINORS}, 3. Disclosure Requirements; {POLICY_DISCLOSURE}",
        "Users must be told that they are talking to an AI system and not a person.",
        [],
    ),
}


def when(value: datetime | None) -> str:
    """A timestamp as auditors read it: `2026-11-29 10:00 UTC`."""
    return "—" if value is None else value.strftime("%Y-%m-%d %H:%M UTC")


def day(value: datetime | None) -> str:
    """A date as letters print it: `29 November 2026`."""
    return "—" if value is None else f"{value.day} {value.strftime('%B %Y')}"


def pct(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value * 100:.{digits}f}%"


def bar_width(value: float, top: float) -> int:
    """A bar's width in percent of `top`, at least 2 so a non-zero value shows."""
    if top <= 0 or value <= 0:
        return 0
    return max(2, min(100, round(value / top * 100)))
