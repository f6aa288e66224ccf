"""The children's privacy notice is linked, clearly labelled, where children arrive.

Pages that must carry the link: the home page, and every fetched product (chat) page
and sign-up page. A link counts when its text clearly labels a children's notice
("Children's Privacy", "Kids' Privacy Notice", "COPPA", in five languages), whatever it
points at, or when it points at a page where the notice was found. Rule:

- every required page has a clearly labelled link: ``pass``;
- a required page links the notice only as a generic "Privacy Policy": ``needs_review``
  (COPPA asks for a clearly labelled link; a person judges the label);
- a required page has no link to the notice at all: ``fail``;
- the home page (or a product page) could not be read: ``blocked`` / ``error``.
"""

from __future__ import annotations

from enum import IntEnum

from auditor.models import (
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
from checks._evidence import could_not_look, could_not_read, finding, page_evidence
from checks._pages import (
    hint,
    is_home,
    is_product,
    is_signup,
    norm_url,
    ok_pages,
    out_of_reach,
    page_url,
    positive,
    wanted_entry,
)

META = CheckMeta(
    id="coppa.notice_prominent",
    title="Children's privacy notice prominently linked",
    policy_section=(
        "Guidelines for Organizations Serving Minors, 2. Regulatory Compliance: the "
        "compliance statement must be clear on the public website, not buried"
    ),
    requirement=(
        "A clearly labelled link to the children's privacy notice appears on the home "
        "page and on each page where children sign up, provide information or chat."
    ),
    legal_refs=["16 CFR 312.4(d)"],
    severity=Severity.MEDIUM,
    audiences=[Audience.UNDER13],
    safeguard=Safeguard.COPPA_STATEMENT,
    remediation=(
        "Add a link labelled for what it is (for example \"Children's Privacy Notice\") "
        "to the home page footer or header and next to every sign-up form and chat entry "
        "point, pointing directly at the children's notice or its section."
    ),
)


class Link(IntEnum):
    """How a page links to the notice, worst first."""

    NONE = 0
    GENERIC = 1
    CLEAR = 2


def run(snapshot: SiteSnapshot, org: Organization) -> list[Finding]:
    pages = ok_pages(snapshot)
    home = [p for p in pages if is_home(p, org)]
    if not home:
        stop = could_not_look(META, org, snapshot, wanted_entry(org), "the home page")
        if stop is not None:
            return [stop]
        shallow = [p for p in pages if p.depth == 0]
        home = shallow[:1]
    if not home:
        return [finding(META, org, Status.ERROR,
                        f"The home page {org.url} was not among the pages fetched.")]
    required = home + [p for p in pages if p not in home and (is_product(p, org) or
                                                               is_signup(p))]
    notices = {norm_url(page_url(p)) for p in pages if positive(p, "coppa_notice")}
    graded = [(p, *_grade(p, notices)) for p in required]
    worst = min(g for _, g, _ in graded)
    evidence = [ev for _, _, ev in graded]
    if worst is Link.CLEAR:
        missing = out_of_reach(snapshot, wanted_entry(org))
        if missing:  # an entry page we could not read may lack the link
            stop = could_not_look(META, org, snapshot, wanted_entry(org), "notice links")
            if stop is not None:
                return [stop]
        return [finding(META, org, Status.PASS,
                        f"A clearly labelled link to the children's privacy notice appears "
                        f"on all {len(required)} entry pages, including {page_url(home[0])}.",
                        evidence)]
    bad = [p for p, g, _ in graded if g is worst]
    urls = ", ".join(page_url(p) for p in bad[:4])
    if worst is Link.GENERIC:
        return [finding(META, org, Status.NEEDS_REVIEW,
                        f"{urls} link the notice only as a generic privacy policy, not "
                        "clearly labelled as a children's notice.", evidence)]
    stop = could_not_read(META, org, snapshot, wanted_entry(org), "notice links")
    if stop is not None:
        return [stop]
    return [finding(META, org, Status.FAIL,
                    f"No link to a children's privacy notice on {urls}, where children "
                    "arrive, sign up or chat.", evidence)]


def _grade(page: Page, notices: set[str]) -> tuple[Link, Evidence]:
    generic: str | None = None
    generic_text = ""
    for link in page.links:
        if hint("children_notice_link", link.text):
            return Link.CLEAR, page_evidence(page, f"labelled link to {link.href}",
                                             snippet=link.text, locator=f"a[href={link.href!r}]")
        if generic is None and (norm_url(link.href) in notices or
                                hint("privacy_link", link.text)):
            generic = link.href
            generic_text = link.text
    if generic is not None:
        return Link.GENERIC, page_evidence(page, f"only a generic privacy link to {generic}",
                                           snippet=generic_text,
                                           locator=f"a[href={generic!r}]")
    return Link.NONE, page_evidence(page, f"no link to a children's notice among "
                                          f"{len(page.links)} links")
