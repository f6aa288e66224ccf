"""The letters an organization receives: the remediation request, the final notice, and
the suspension or termination decision.

Why a view model first: the text part and the HTML part must say exactly the same
thing, so both render one :class:`LetterView`. What is missing, which policy section
and law ask for it, the evidence, the deadline and the wording of each step are
decided here; the templates only lay them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from auditor.errors import RenderError
from auditor.models import Assessment, Case, CaseState, Finding, Message, Organization, Safeguard
from auditor.publish import labels as L
from auditor.publish.regressions import sort_findings
from auditor.publish.render import render
from auditor.publish.transports import message_id_for, new_message
from auditor.publish.views import EvidenceView, evidence_view
from auditor.settings import Settings

STEPS: dict[CaseState, str] = {
    CaseState.REMEDIATION_REQUESTED: "remediation_request",
    CaseState.FINAL_NOTICE: "final_notice",
}
"""The case states that write to the org with a deadline, and the template of each."""
DECISIONS: dict[str, str] = {
    "suspended": "suspension_notice",
    "terminated": "termination_notice",
}
"""A decided case's outcome, and the template (and message kind) of its letter; a case
closed without a decision (``closed``) sends nothing."""
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class MissingItem:
    label: str
    requirement: str
    policy_section: str
    law: list[str]
    reasons: list[str]
    remediation: str
    evidence: list[EvidenceView]


@dataclass(frozen=True)
class LetterView:
    step: str
    subject: str
    org_name: str
    org_id: str
    case_id: str
    audit_id: str
    as_of: str
    deadline: str
    deadline_iso: str
    items: list[MissingItem]
    rate_note: str
    attestation_template: str
    approved_by: str
    approved_on: str
    contact: str
    decision: str = ""
    """``suspended`` or ``terminated`` for a decision letter, else empty."""


def _attestation_template() -> str:
    """The blank attestation from the attestations module, or a short description."""
    try:
        from auditor.assess.attestation_template import attestation_template

        return attestation_template()
    except (ImportError, AttributeError):
        return ("An attestation is a short YAML document signed by a responsible person: "
                "your organization id, the signer's name, role and e-mail, the dates it was "
                "signed and is valid until, and for each safeguard whether it is "
                "implemented, how, and the public page where it can be seen.")


def _items(case: Case, assessment: Assessment | None) -> list[MissingItem]:
    """One item per missing safeguard, with the failing findings behind it."""
    failing = sort_findings(assessment.failing) if assessment else []
    by_safeguard: dict[Safeguard | None, list[Finding]] = {}
    for f in failing:
        by_safeguard.setdefault(f.safeguard, []).append(f)
    order = list(case.missing_safeguards) + [
        s for s in by_safeguard if s is not None and s not in case.missing_safeguards]
    items = []
    for sg in order:
        section, requirement, law = L.SAFEGUARD_POLICY[sg]
        found = by_safeguard.get(sg, [])
        assessed = assessment.safeguards.get(sg) if assessment else None
        reasons = [f.reason for f in found] or ([assessed.reason] if assessed else [])
        evidence = [e for f in found for e in f.evidence] or (assessed.evidence if assessed
                                                              else [])
        refs = sorted({r for f in found for r in f.legal_refs} | set(law))
        items.append(MissingItem(
            label=L.SAFEGUARD_LABEL[sg], requirement=requirement,
            policy_section=found[0].policy_section if found and found[0].policy_section
            else section, law=refs, reasons=reasons,
            remediation=" ".join(dict.fromkeys(f.remediation for f in found if f.remediation)),
            evidence=[evidence_view(e) for e in evidence[:4]],
        ))
    for f in by_safeguard.get(None, []):
        items.append(MissingItem(
            label=f.title, requirement=f.title, policy_section=f.policy_section or "—",
            law=list(f.legal_refs), reasons=[f.reason], remediation=f.remediation,
            evidence=[evidence_view(e) for e in f.evidence[:4]],
        ))
    return items


def _deadline(case: Case, step: CaseState, settings: Settings, now: datetime) -> datetime:
    if case.state is step and case.deadline is not None:
        return case.deadline
    days = (settings.enforce.final_notice_days if step is CaseState.FINAL_NOTICE
            else settings.enforce.deadline_days)
    return now + timedelta(days=days)


def _template(case: Case, org: Organization) -> tuple[CaseState, str, str]:
    """(step, template, outcome) of the letter `case` owes; RenderError when none."""
    step = case.pending.to_state if case.pending is not None else case.state
    outcome = (case.pending.outcome if case.pending is not None else case.outcome) or ""
    if step in STEPS:
        return step, STEPS[step], ""
    if step is CaseState.DECIDED and outcome in DECISIONS:
        return step, DECISIONS[outcome], outcome
    raise RenderError(f"case {case.id} in state {step.value} does not send a letter",
                      org_id=org.id)


def _subject(step: CaseState, outcome: str, name: str) -> str:
    if outcome == "suspended":
        return f"Account suspended: safeguards for minors on {name}"
    if outcome == "terminated":
        return f"Account terminated: safeguards for minors on {name}"
    if step is CaseState.FINAL_NOTICE:
        return f"Final notice: safeguards for minors on {name}"
    return f"Action required: safeguards for minors on {name}"


def letter_view(case: Case, org: Organization, assessment: Assessment | None,
                settings: Settings, approved_by: str, now: datetime) -> LetterView:
    """Everything one letter says, decided before any template runs."""
    step, template, outcome = _template(case, org)
    name = _SPACE.sub(" ", org.name).strip()
    subject = _subject(step, outcome, name)
    deadline = now if outcome else _deadline(case, step, settings, now)
    rate_note = ""
    vr = assessment.violation_rate if assessment else None
    if vr is not None and vr.state.value in ("high", "continued_high"):
        rate_note = (f"Your policy-violation rate was {L.pct(vr.latest_rate)} in the latest "
                     f"period, above our threshold of {L.pct(vr.threshold)}.")
    return LetterView(
        step=template, subject=subject, org_name=org.name, org_id=org.id,
        case_id=case.id, audit_id=(assessment.audit_id if assessment else None) or "—",
        as_of=L.when(assessment.as_of) if assessment else "—", deadline=L.day(deadline),
        deadline_iso=L.when(deadline), items=_items(case, assessment), rate_note=rate_note,
        attestation_template=_attestation_template(), approved_by=approved_by,
        approved_on=L.day(now), contact=settings.mail.from_, decision=outcome,
    )


def case_message(case: Case, org: Organization, assessment: Assessment | None,
                 settings: Settings, approved_by: str, now: datetime) -> Message:
    """The letter `case` owes (request, final notice or decision), ready for the outbox."""
    view = letter_view(case, org, assessment, settings, approved_by, now)
    step, template, _outcome = _template(case, org)
    key = f"case:{org.id}:{case.id}:{step.value}"
    return new_message(
        idempotency_key=key, message_id=message_id_for(key, settings.mail.from_),
        kind=view.step, to=[org.contact_email], sender=settings.mail.from_,
        subject=view.subject, text=render(f"{template}.txt.j2", v=view),
        html=render(f"{template}.html.j2", v=view), org_id=org.id, case_id=case.id,
        created_at=now,
    )
