"""A children's privacy notice contains every element COPPA's online notice requires.

The elements are read from the ``coppa_elements`` signal of the notice pages (pages
with a ``coppa_notice``) and of the privacy documents around them, because operators
often split one notice over a privacy policy and a children's section. Each missing
element is named.

The 2025 amendments added the written data-retention policy to the notice; they apply
from 2026-04-22, so that element is judged in its own finding, advisory before then,
while the long-standing elements are judged without a date.
"""

from __future__ import annotations

from datetime import date

from auditor.models import (
    COPPA_ELEMENTS,
    Audience,
    CheckMeta,
    Evidence,
    Finding,
    Organization,
    Page,
    Safeguard,
    Severity,
    SiteSnapshot,
    Status,
)
from checks._evidence import (
    absence,
    could_not_look,
    could_not_read,
    finding,
    from_signal,
    page_evidence,
)
from checks._pages import (
    WEAK,
    is_privacy,
    names,
    ok_pages,
    page_url,
    positive,
    wanted_privacy,
)

AMENDMENTS_APPLY = date(2026, 4, 22)
AMENDED_ELEMENTS: tuple[str, ...] = ("data_retention",)
"""Elements the 2025 COPPA amendments added to the online notice."""

LABELS = {
    "operator_contact": "operator name and contact (address, phone or e-mail)",
    "info_collected": "what information is collected from children",
    "use_of_info": "how children's information is used",
    "disclosure_practices": "whether and to whom it is disclosed",
    "parental_rights": "parents' rights to review, delete or refuse further collection",
    "no_conditioning": "that participation is not conditioned on more data than necessary",
    "consent_mechanism": "how verifiable parental consent is obtained",
    "data_retention": "how long children's data is kept: the retention policy",
}

META = CheckMeta(
    id="coppa.notice_complete",
    title="Children's privacy notice is complete",
    policy_section=(
        "Guidelines for Organizations Serving Minors, 2. Regulatory Compliance: child "
        "privacy obligations such as COPPA are the organization's to meet"
    ),
    requirement=(
        "The children's privacy notice states who the operator is and how to reach it, "
        "what is collected from children, how it is used and disclosed, parents' rights, "
        "that no more than necessary is required, how parental consent is obtained, and "
        "(from 2026-04-22) how long children's data is retained."
    ),
    legal_refs=["16 CFR 312.4(d)", "16 CFR 312.10", "FTC COPPA Rule amendments (2025)"],
    severity=Severity.MEDIUM,
    audiences=[Audience.UNDER13],
    safeguard=Safeguard.COPPA_STATEMENT,
    remediation=(
        "Add each missing element named in the finding to the children's privacy notice: "
        "operator contact details, information collected, its use and disclosure, "
        "parental rights and how to exercise them, the no-conditioning statement, the "
        "parental consent method and the written data-retention policy."
    ),
)


def run(snapshot: SiteSnapshot, org: Organization) -> list[Finding]:
    pages = ok_pages(snapshot)
    notices = [p for p in pages if positive(p, "coppa_notice")]
    if not notices:
        what = "a children's privacy notice"
        stop = (could_not_look(META, org, snapshot, wanted_privacy(org), what)
                or could_not_read(META, org, snapshot, wanted_privacy(org), what))
        if stop is not None:
            return [stop]
        return [finding(META, org, Status.FAIL,
                        f"No children's privacy notice among {len(pages)} pages fetched from "
                        f"{org.url}, so none of its required elements is published.",
                        absence(pages, "no children's privacy notice seen"))]
    sources = notices + [p for p in pages if is_privacy(p) and p not in notices]
    present, evidence = _elements(sources)
    base = tuple(e for e in COPPA_ELEMENTS if e not in AMENDED_ELEMENTS)
    return [
        _judge(notices, present, evidence, base, None, org),
        _judge(notices, present, evidence, AMENDED_ELEMENTS, AMENDMENTS_APPLY, org),
    ]


def _elements(pages: list[Page]) -> tuple[dict[str, Page], list[Evidence]]:
    present: dict[str, Page] = {}
    evidence: list[Evidence] = []
    for page in pages:
        signal = positive(page, "coppa_elements", WEAK)
        if signal is None:
            continue
        new = [e for e in signal.elements if e in COPPA_ELEMENTS and e not in present]
        for element in new:
            present[element] = page
        if new:
            evidence += from_signal(page, signal, "elements: " + ", ".join(new))
    return present, evidence


def _judge(notices: list[Page], present: dict[str, Page], evidence: list[Evidence],
           required: tuple[str, ...], starts: date | None, org: Organization) -> Finding:
    where = names(notices, 3)
    missing = [e for e in required if e not in present]
    scope = "the 2025 amendments' elements" if starts else "the required elements"
    if not missing:
        own = [ev for ev in evidence if ev.url in {page_url(present[e]) for e in required}]
        return finding(META, org, Status.PASS,
                       f"The children's privacy notice at {where} contains {scope} "
                       f"({', '.join(required)}).",
                       own or evidence, applies_from=starts)
    named = "; ".join(f"{e} ({LABELS[e]})" for e in missing)
    looked = [page_evidence(p, "missing: " + ", ".join(missing)) for p in notices[:5]]
    return finding(META, org, Status.FAIL,
                   f"The children's privacy notice at {where} lacks {len(missing)} of "
                   f"{scope}: {named}.",
                   looked + evidence, applies_from=starts)
