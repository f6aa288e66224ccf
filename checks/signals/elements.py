"""Which parts of the COPPA online notice (16 CFR 312.4(d)) a children's notice states.

Read only on pages whose coppa_notice fired, over the notice's scope (the units
:func:`checks.signals.coppa.detect_notice` hands over), plus the operator's own
contact block anywhere on the page.
"""

from __future__ import annotations

from auditor.models import COPPA_ELEMENTS, Evidence, Signal
from checks.signals._page import PageView, Unit


def detect_elements(view: PageView, notice: Signal, scope: list[Unit]) -> Signal:
    """Which COPPA notice elements the notice contains (empty when there is no notice)."""
    if not notice.value:
        return Signal(name="coppa_elements", value=False, confidence=0.9)
    found: dict[str, Evidence] = {}
    for element in COPPA_ELEMENTS[1:]:
        possible = view.may_match("coppa_elements", element)
        for unit in scope:
            if not possible >> unit.index & 1:
                continue
            m = view.match("coppa_elements", element, unit)
            if m is not None:
                found[element] = view.unit_evidence(unit, m, note=element)
                break
    contact = _operator_contact(view)
    if contact is not None:
        found["operator_contact"] = contact
    names = sorted(found)
    return Signal(name="coppa_elements", value=bool(names), confidence=0.7,
                  evidence=[found[n] for n in names], elements=names,
                  visible=notice.visible)


def _operator_contact(view: PageView) -> Evidence | None:
    """A name plus a postal address, phone or e-mail (a web form alone is not enough).

    Failing that, a mailto link on a page whose visible text names a company form
    ("Inc", "GmbH"...): looked for sentence by sentence, so a sentence seen on an
    earlier page is not searched again (a company form never spans two sentences)."""
    name = view.rx("contact", "company")
    words = view.rx("coppa_elements", "contact_words")
    detail = ("email", "phone", "postal")
    possible = 0
    for role in detail:
        possible |= view.may_match("contact", role)
    units = [u for u in view.units if u.visible] or view.units
    for unit in units:
        if not possible >> unit.index & 1:
            continue
        m = next((x for x in (view.match("contact", r, unit) for r in detail)
                  if x is not None), None)
        if m is None:
            continue
        lo, hi = max(0, unit.index - 3), min(len(view.units), unit.index + 4)
        near = " ".join(view.units[i].text for i in range(lo, hi))
        if name.search(near) or words.search(near):
            return view.unit_evidence(unit, m, note="operator_contact")
    mailto = next((c for c in view.controls if c.kind == "mailto"), None)
    if mailto is not None and any(view.has("contact", "company", u)
                                  for u in view.units if u.visible):
        return view.element_evidence(mailto.el, mailto.words, note="operator_contact")
    return None
