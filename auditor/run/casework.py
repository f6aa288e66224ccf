"""Cases and the letters they owe: enforcement decides, publish writes, this passes it on.

The ladder (:mod:`auditor.enforce`) never builds mail. After every move this driver asks
the case what it owes (:func:`auditor.enforce.ladder.owed_message`), has publish write
the letter into the durable outbox (idempotent on org, case and step), then records that
it is queued. A crash in between leaves a debt that the next approve or sweep pays.
"""

from __future__ import annotations

import logging
from datetime import datetime

from auditor.assess.feeds import rates_for
from auditor.assess.ratejudge import judge_rates
from auditor.enforce import cases, ladder
from auditor.errors import BadInput
from auditor.models import Assessment, Case, Organization
from auditor.publish.letters import case_message
from auditor.publish.outbox import enqueue
from auditor.settings import Settings
from auditor.store import Store, audits

log = logging.getLogger(__name__)


def pay_debt(store: Store, settings: Settings, case: Case, now: datetime) -> Case:
    """Queue the letter the case's last move owes, once; record that it is queued."""
    move = ladder.owed_message(case)
    if move is None:
        return case
    org, assessment = cases.letter_context(store, case.id)
    message = case_message(case, org, assessment, settings, move.actor, now)
    queued = enqueue(store, message)
    log.info("case %s: letter %s %s", case.id, message.idempotency_key,
             "queued" if queued else "was already queued")
    return cases.letter_queued(store, case, move, now, message.idempotency_key)


def evaluate(store: Store, settings: Settings, org: Organization, assessment: Assessment,
             now: datetime) -> Case | None:
    """Open or move the org's case on a fresh assessment, and send what the move owes."""
    case = cases.evaluate_case(store, settings, org, assessment, now)
    return None if case is None else pay_debt(store, settings, case, now)


def approve(store: Store, settings: Settings, case_id: str, by: str, note: str | None,
            now: datetime) -> Case:
    """A person approves the pending step; the letter it owes is queued."""
    return pay_debt(store, settings, cases.approve(store, settings, case_id, by, note, now), now)


def sweep(store: Store, settings: Settings, now: datetime) -> list[Case]:
    """Re-weigh every open case (deadlines, new feed periods) and every audited org.

    Each org's latest stored assessment is used, with its violation rate re-judged on
    the feed periods stored since, so a new period can move a case without a crawl.
    Returns the cases that changed.
    """
    open_data = cases.open_case_orgs(store)
    changed: list[Case] = []
    for org_id in sorted(set(open_data) | set(audits.audited_org_ids(store))):
        data = open_data.get(org_id, {})
        try:
            org = cases.case_org(store, org_id, data)
        except BadInput:
            log.warning("sweep: organization %s is not in the registry; skipped", org_id)
            continue
        assessment = audits.latest_assessment(store, org_id)
        if assessment is None and data.get("assessment"):
            assessment = Assessment.model_validate(data["assessment"])
        if assessment is None:
            continue
        assessment = _rejudge_rates(store, settings, org, assessment, now)
        before = cases.current_case(store, org_id)
        after = evaluate(store, settings, org, assessment, now)
        if after is not None and (before is None or before.id != after.id
                                  or len(after.events) != len(before.events)):
            changed.append(after)
    return changed


def _rejudge_rates(store: Store, settings: Settings, org: Organization, assessment: Assessment,
                   now: datetime) -> Assessment:
    rates = rates_for(store, org.id)
    if not rates:
        return assessment
    rate = judge_rates(rates, tier=org.tier, feeds=settings.feeds, as_of=now,
                       remediation_deadline_passed=cases.deadline_passed(store, org.id, now))
    return assessment.model_copy(update={"violation_rate": rate})
