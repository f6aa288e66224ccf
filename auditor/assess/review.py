"""The review queue: a person's verdict on a `needs_review` finding, bound to its evidence.

A verdict is stored against (org, check, evidence hash). Later audits that reach the
same finding on the same evidence inherit it, with the `Review` attached so reports
and the audit trail show who decided, when and why; when the evidence changes (the
hash differs) the finding goes back to the queue.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, cast

from sqlalchemy import select

from auditor.errors import BadInput
from auditor.models import Finding, Review, Status
from auditor.store import Store, audits
from auditor.store.tables import ReviewRow

Verdict = Literal["pass", "fail"]


def _review(row: ReviewRow) -> Review:
    return Review(verdict=cast(Verdict, row.verdict), by=row.by, note=row.note, at=row.at,
                  evidence_hash=row.evidence_hash)


def _latest_reviews(store: Store, org_ids: set[str]) -> dict[tuple[str, str, str], Review]:
    """The newest verdict per (org, check, evidence hash)."""
    if not org_ids:
        return {}
    with store.session() as session:
        rows = session.scalars(select(ReviewRow).where(ReviewRow.org_id.in_(sorted(org_ids)))
                               .order_by(ReviewRow.at, ReviewRow.id))
        return {(r.org_id, r.check_id, r.evidence_hash): _review(r) for r in rows}


def apply_reviews(store: Store, findings: list[Finding]) -> list[Finding]:
    """Findings with standing verdicts applied: status set to the verdict, review attached."""
    reviews = _latest_reviews(store, {f.org_id for f in findings
                                      if f.status is Status.NEEDS_REVIEW})
    out = []
    for finding in findings:
        review = reviews.get((finding.org_id, finding.check_id, finding.evidence_hash))
        if finding.status is Status.NEEDS_REVIEW and review is not None:
            finding = finding.model_copy(update={"status": Status(review.verdict),
                                                 "review": review})
        out.append(finding)
    return out


def review_queue(store: Store) -> list[Finding]:
    """`needs_review` findings of each org's latest finished audit, not yet decided."""
    latest = audits.latest_done_audit_ids(store)
    findings = audits.findings_needing_review(store, list(latest.values()))
    reviews = _latest_reviews(store, {f.org_id for f in findings})
    return [f for f in findings if (f.org_id, f.check_id, f.evidence_hash) not in reviews]


def decide(store: Store, finding_id: str, verdict: str, by: str, note: str,
           now: datetime) -> Review:
    """Record a person's verdict on one finding, bound to its evidence hash."""
    if verdict not in ("pass", "fail"):
        raise BadInput(f"verdict must be pass or fail, not {verdict!r}")
    if not by.strip() or not note.strip():
        raise BadInput("a review needs --by and --note")
    finding = audits.get_finding(store, finding_id)
    if finding is None:
        raise BadInput(f"no finding with id {finding_id!r}")
    with store.session() as session:
        if finding.status is not Status.NEEDS_REVIEW and finding.review is None:
            raise BadInput(f"finding {finding_id} is {finding.status.value}, not needs_review")
        review = Review(verdict=cast(Verdict, verdict), by=by.strip(), note=note.strip(), at=now,
                        evidence_hash=finding.evidence_hash)
        session.add(ReviewRow(org_id=finding.org_id, check_id=finding.check_id,
                              finding_id=finding_id, evidence_hash=review.evidence_hash,
                              verdict=verdict, by=review.by, note=review.note, at=now))
    return review
