"""The safeguards table at the top of an org's report: one row per safeguard, always seven.

Why a table of its own: "what did they sign, what did we see, so what" is the first
question about an organization, and the answer was spread over a list of reasons.
Each row puts the attestation (the claim, who signed it, until when) beside what the
crawl observed (and on which page), the resulting status, and the checks behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from auditor.models import (
    Assessment,
    Attestation,
    Safeguard,
    SafeguardAssessment,
    SafeguardStatus,
)
from auditor.publish import labels as L
from auditor.publish.reasons import brief


@dataclass(frozen=True)
class SafeguardRow:
    safeguard: str
    label: str
    attested: str
    attested_detail: str
    attested_tone: str
    observed: str
    observed_url: str
    observed_tone: str
    status_label: str
    tone: str
    checks: list[tuple[str, str]] = field(default_factory=list)
    """(check id, anchor of its finding in the report, or empty)."""
    reason: str = ""
    details: str = ""


def _attested(sg: Safeguard, att: Attestation | None, as_of: datetime
              ) -> tuple[str, str, str]:
    """(claim, signer and expiry, tone) of the attestation for one safeguard."""
    if att is None:
        return "No attestation", "", "neutral"
    expired = att.valid_until < as_of.date()
    until = f"until {att.valid_until.isoformat()}" + (" (expired)" if expired else "")
    detail = f"{att.signer.name}, {until}"
    claim = att.safeguards.get(sg)
    if claim is None:
        return "Not covered", detail, "warn"
    if not claim.implemented:
        return "Not implemented", detail, "bad"
    return "Implemented", detail, "warn" if expired else "good"


def _observed(sa: SafeguardAssessment | None) -> tuple[str, str, str]:
    """(what the crawl saw, the page, tone)."""
    if sa is None:
        return "Not assessed", "", "neutral"
    url = next((e.url for e in sa.evidence if e.url.startswith(("http:", "https:"))), "")
    if not sa.applicable:
        return "Not applicable", "", "neutral"
    if sa.could_not_observe:
        return "Could not look", url, "neutral"
    if sa.status in (SafeguardStatus.VERIFIED, SafeguardStatus.OBSERVED_UNATTESTED):
        return "Seen", url, "good"
    if sa.status is SafeguardStatus.CONTRADICTED:
        return "Contradicted", url, "bad"
    if not sa.check_ids:
        return "Not observable from outside", "", "neutral"
    return "Not seen on the pages read", "", "bad"


def attestation_note(att: Attestation | None, as_of: datetime) -> str:
    """One line above the table: whose attestation the audit weighed, and until when."""
    if att is None:
        return "No safeguard attestation was on file when the audit ran."
    expired = att.valid_until < as_of.date()
    return (f"Attestation signed by {att.signer.name} ({att.signer.role}) on "
            f"{att.signed_at.isoformat()}, valid until {att.valid_until.isoformat()}"
            + (", expired when the audit ran." if expired else "."))


def safeguard_rows(assessment: Assessment, attestation: Attestation | None,
                   now: datetime) -> list[SafeguardRow]:
    """The seven rows, in the policy's order, whether or not each was assessed."""
    anchors = {f.check_id: "f-" + f.check_id.replace(".", "-") for f in assessment.findings}
    rows = []
    for sg in L.SAFEGUARD_LABEL:
        sa = assessment.safeguards.get(sg)
        claim, detail, claim_tone = _attested(sg, attestation, assessment.as_of or now)
        seen, url, seen_tone = _observed(sa)
        if sa is not None:
            status_label, tone = L.SAFEGUARD_STATUS_LABEL[sa.status]
            said = brief(sa.reason, nested=True)
            reason, details = said.short, said.more
            checks = [(c, anchors.get(c, "")) for c in sa.check_ids]
        else:
            status_label, tone, reason, details, checks = "Not assessed", "neutral", "", "", []
        rows.append(SafeguardRow(
            safeguard=sg.value, label=L.SAFEGUARD_LABEL[sg], attested=claim,
            attested_detail=detail, attested_tone=claim_tone, observed=seen,
            observed_url=url, observed_tone=seen_tone, status_label=status_label, tone=tone,
            checks=checks, reason=reason, details=details,
        ))
    return rows
