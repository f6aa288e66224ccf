"""An organization serving children publishes a children's privacy notice.

Rule, for an audience under 13 (COPPA's own audience):

- a ``coppa_notice`` seen with confidence on any fetched page passes; if another page
  (without a notice) says the service is not directed to children, a person reviews
  the contradiction;
- a ``children_disclaimer`` and no notice is the severe contradiction: a service for
  children that tells parents it is not for children (critical ``fail``);
- a borderline notice, one only in markup hidden from view, or one the browser's
  confirmation budget left unconfirmed is ``needs_review`` (a site can hide a notice
  from people that plain HTML shows; a person checks visitors can open it); nothing at
  all is ``fail``, unless the
  privacy pages were kept from us (``blocked``) or broke (``error``).

For a teens-only audience COPPA's notice duty does not bite, but the policy still asks
for compliance to be stated publicly, so the lower bar is a COPPA statement or a privacy
statement that addresses teens or minors. A privacy policy that never addresses them
is ``needs_review``; no privacy statement at all is ``fail`` (medium).
"""

from __future__ import annotations

import re

from auditor.models import (
    Audience,
    CheckMeta,
    Finding,
    Organization,
    Page,
    Safeguard,
    Severity,
    Signal,
    SiteSnapshot,
    Status,
)
from checks._evidence import (
    absence,
    could_not_look,
    could_not_read,
    finding,
    from_signal,
    text_evidence,
)
from checks._pages import (
    STRONG,
    doubt,
    hints,
    is_privacy,
    names,
    ok_pages,
    page_url,
    positive,
    seen,
    wanted_privacy,
)

META = CheckMeta(
    id="coppa.notice_published",
    title="Children's privacy notice published",
    policy_section=(
        "Guidelines for Organizations Serving Minors, 2. Regulatory Compliance: "
        "compliance with child-privacy law such as COPPA is to be stated clearly on the "
        "organization's public website"
    ),
    requirement=(
        "An organization whose product children under 13 can use publishes an online "
        "notice of how it handles children's personal information; one serving only "
        "teens states publicly how its privacy practices treat minors."
    ),
    legal_refs=["16 CFR 312.4(d)", "15 U.S.C. 6502(b)(1)(A)(i)"],
    severity=Severity.HIGH,
    audiences=[Audience.UNDER13, Audience.TEENS],
    safeguard=Safeguard.COPPA_STATEMENT,
    remediation=(
        "Publish a children's privacy notice (a dedicated page or a clearly headed "
        "section of the privacy policy) describing what personal information is "
        "collected from children under 13, how it is used and shared, how parents give "
        "verifiable consent and how they can review or delete it. Remove any statement "
        "that the service is not directed to children if children are its audience."
    ),
)

_WHAT = "a children's privacy notice"
_AGE = re.compile(r"\b(1[0-9]|[5-9])\b")


def _excludes_only_children(signal: Signal) -> bool:
    """A disclaimer whose ages are all 13 or below leaves teens in: fine for a teen product."""
    ages = [int(a) for ev in signal.evidence for a in _AGE.findall(ev.snippet)]
    return bool(ages) and max(ages) <= 13


def run(snapshot: SiteSnapshot, org: Organization) -> list[Finding]:
    pages = ok_pages(snapshot)
    if org.audience is Audience.TEENS:
        return [_teens(snapshot, org, pages)]
    return [_children(snapshot, org, pages)]


def _children(snapshot: SiteSnapshot, org: Organization, pages: list[Page]) -> Finding:
    notices = [(p, s) for p in pages if (s := seen(p, "coppa_notice"))]
    disclaimers = [(p, s) for p in pages if (s := positive(p, "children_disclaimer", STRONG))]
    if notices:
        page, signal = notices[0]
        noticed = {page_url(p) for p, _ in notices}
        elsewhere = [(p, s) for p, s in disclaimers if page_url(p) not in noticed]
        evidence = from_signal(page, signal, "children's privacy notice")
        if elsewhere:
            other, dis = elsewhere[0]
            return finding(META, org, Status.NEEDS_REVIEW,
                           f"A children's privacy notice is published at {page_url(page)}, "
                           f"but {page_url(other)} says the service is not directed to "
                           "children; a person should confirm which statement is true.",
                           evidence + from_signal(other, dis, "not-for-children disclaimer"))
        return finding(META, org, Status.PASS,
                       f"A children's privacy notice is published at {page_url(page)}.",
                       evidence)
    weak = [(p, s) for p in pages if (s := positive(p, "coppa_notice"))]
    if disclaimers and not weak:
        page, signal = disclaimers[0]
        stop = could_not_look(META, org, snapshot, wanted_privacy(org), _WHAT)
        if stop is not None:  # the notice may sit on the page we could not read
            return stop.model_copy(update={
                "reason": stop.reason[:-1] + f"; meanwhile {page_url(page)} says the "
                "service is not directed to children.",
                "evidence": stop.evidence + from_signal(page, signal, "disclaimer")})
        return finding(META, org, Status.FAIL,
                       f"{page_url(page)} says the service is not directed to children "
                       "instead of giving a children's privacy notice, although the "
                       "organization's audience includes children under 13.",
                       [e for p, s in disclaimers[:5]
                        for e in from_signal(p, s, "disclaimer instead of a notice")],
                       severity=Severity.CRITICAL)
    if weak:
        page, signal = max(weak, key=lambda ps: ps[1].confidence)
        extra = [e for p, s in disclaimers[:2] for e in from_signal(p, s, "disclaimer")]
        also = "; a not-for-children disclaimer was seen too" if extra else ""
        return finding(META, org, Status.NEEDS_REVIEW,
                       f"{page_url(page)} may carry a children's privacy notice, but "
                       f"{doubt(page, signal)}{also}.",
                       from_signal(page, signal, "borderline children's notice") + extra)
    stop = (could_not_look(META, org, snapshot, wanted_privacy(org), _WHAT)
            or could_not_read(META, org, snapshot, wanted_privacy(org), _WHAT))
    if stop is not None:
        return stop
    return finding(META, org, Status.FAIL,
                   f"No children's privacy notice among {len(pages)} pages fetched from "
                   f"{org.url} ({names(pages)}).",
                   absence(pages, "no children's privacy notice seen"))


def _teens(snapshot: SiteSnapshot, org: Organization, pages: list[Page]) -> Finding:
    for page in pages:
        signal = seen(page, "coppa_notice")
        if signal:
            return finding(META, org, Status.PASS,
                           f"{page_url(page)} states the organization's children's privacy "
                           "or COPPA practices.", from_signal(page, signal, "COPPA statement"))
    privacy = [p for p in pages if is_privacy(p)]
    minors = hints()["minors_terms"]
    for page in privacy:
        match = minors.search(page.text)
        if match is None:
            continue
        evidence = [text_evidence(page, match, "privacy statement addressing minors")]
        disclaimer = positive(page, "children_disclaimer", STRONG)
        if disclaimer and not _excludes_only_children(disclaimer):
            return finding(META, org, Status.NEEDS_REVIEW,
                           f"The privacy statement at {page_url(page)} mentions minors but "
                           "also excludes users by age; a person should confirm it does not "
                           "exclude the teens the product serves.",
                           evidence + from_signal(page, disclaimer, "age disclaimer"))
        return finding(META, org, Status.PASS,
                       f"The privacy statement at {page_url(page)} addresses teens or minors.",
                       evidence)
    if privacy:
        return finding(META, org, Status.NEEDS_REVIEW,
                       f"A privacy statement was found at {names(privacy, 3)}, but it does "
                       "not visibly address teens or minors, whom the product serves.",
                       absence(privacy, "privacy statement without a section on minors"))
    stop = (could_not_look(META, org, snapshot, wanted_privacy(org), "a privacy statement")
            or could_not_read(META, org, snapshot, wanted_privacy(org), "a privacy statement"))
    if stop is not None:
        return stop
    return finding(META, org, Status.FAIL,
                   f"No privacy statement addressing minors among {len(pages)} pages "
                   f"fetched from {org.url} ({names(pages)}).",
                   absence(pages, "no privacy statement seen"), severity=Severity.MEDIUM)
