"""Is a safeguard described anywhere on the public site?

Shared by the ``safeguards.*`` checks: the policy's technical measures (age
assurance, moderation, reporting, education) are judged from one page signal each.
Rule: a confident, visible signal on any fetched page is ``pass``; one only in hidden
markup (collapsed or CSS-hidden), left unconfirmed by the browser, or with borderline
confidence is ``needs_review``;
nothing is ``fail``, unless pages where it would be described (home, product, safety,
help, parents' pages) were out of reach, which is ``blocked`` or ``error``.

The site is what we can see: a safeguard that lives only inside the app is for the
organization's attestation, which the assessment stage weighs against this finding.
"""

from __future__ import annotations

from auditor.models import CheckMeta, Finding, Organization, SiteSnapshot, Status
from checks._evidence import absence, could_not_look, could_not_read, finding, from_signal
from checks._pages import doubt, names, ok_pages, page_url, positive, seen, wanted_safety


def judge(meta: CheckMeta, org: Organization, snapshot: SiteSnapshot, signal_name: str,
          what: str) -> Finding:
    """One finding on whether `what` (the safeguard, in words) is described."""
    pages = ok_pages(snapshot)
    found = [(p, s) for p in pages if (s := positive(p, signal_name))]
    visible = [(p, s) for p in pages if (s := seen(p, signal_name))]
    if visible:
        where = ", ".join(page_url(p) for p, _ in visible[:3])
        evidence = [e for p, s in visible[:3] for e in from_signal(p, s, what)]
        return finding(meta, org, Status.PASS, f"{where} describes {what}.", evidence)
    if found:
        page, signal = max(found, key=lambda ps: ps[1].confidence)
        return finding(meta, org, Status.NEEDS_REVIEW,
                       f"{page_url(page)} may describe {what}, but {doubt(page, signal)}.",
                       from_signal(page, signal, f"borderline: {what}"))
    stop = (could_not_look(meta, org, snapshot, wanted_safety(org), what)
            or could_not_read(meta, org, snapshot, wanted_safety(org), what))
    if stop is not None:
        return stop
    return finding(meta, org, Status.FAIL,
                   f"None of the {len(pages)} pages fetched from {org.url} ({names(pages)}) "
                   f"describes {what}.", absence(pages, f"not seen: {what}"))
