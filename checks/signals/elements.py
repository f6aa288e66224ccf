"""Which parts of the COPPA online notice (16 CFR 312.4(d)) a children's notice states.

Read only on pages whose coppa_notice fired, over the notice's scope (the units
:func:`checks.signals.coppa.detect_notice` hands over), plus the operator's own
contact block anywhere on the page.
"""

from __future__ import annotations

from auditor.models import COPPA_ELEMENTS, Evidence, Signal
from checks.signals._page import PageView, Unit


def detect_elements(view: PageView, notice: Signal, scope: list[Unit]) -> Signal:
    """Which COPPA notice elements the notice contains (empty when there is no notice).

    Per element, the first sentence that states it: inside the notice's scope any
    sentence, elsewhere on the page one that names the children beside the practice
    (see :func:`_reading_scope`); a sentence an element's veto role drops (someone
    else uses the data, a consent that comes before further collection) is skipped
    for that element alone."""
    if not notice.value:
        return Signal(name="coppa_elements", value=False, confidence=0.9)
    found: dict[str, Evidence] = {}
    inside = {u.index for u in scope}
    units = _reading_scope(view, scope)
    for element in COPPA_ELEMENTS[1:]:
        evidence = _first_statement(view, element, units, inside)
        if evidence is not None:
            found[element] = evidence
    contact = _operator_contact(view)
    if contact is not None:
        found["operator_contact"] = contact
    names = sorted(found)
    return Signal(name="coppa_elements", value=bool(names), confidence=0.7,
                  evidence=[found[n] for n in names], elements=names,
                  visible=notice.visible)


def _first_statement(view: PageView, element: str, units: list[Unit],
                     inside: set[int]) -> Evidence | None:
    """The evidence of the first unit that states `element` (`inside`: the notice's)."""
    possible = view.may_match("coppa_elements", element)
    veto = _VETOES.get(element)
    child = view.rx("coppa_elements", "child_owner")
    for unit in units:
        if not possible >> unit.index & 1:
            continue
        m = view.match("coppa_elements", element, unit)
        if m is None or (veto is not None and view.has("coppa_elements", veto, unit)):
            continue
        if unit.index not in inside and not child.search(
                unit.text, max(0, m.start() - _CHILD_REACH), m.end() + _CHILD_REACH):
            continue  # outside the notice, the children are named as the data's owners
        # the element's own entry, not the first support role of any element that the
        # sentence also matches (what a generic tagging would name)
        return view.unit_evidence(unit, m, note=element).model_copy(
            update={"rule": view.rule("coppa_elements", element, unit)})
    return None


def _reading_scope(view: PageView, scope: list[Unit]) -> list[Unit]:
    """The notice's units plus, anywhere else on the page, sentences that name the
    children themselves ("we use a child's nickname only to ...", "Student Data"): a
    general policy often states a children's practice in its general sections. Not an
    exclusion, a discovery and its follow-up, advice, a pointer or a duty placed on
    others, which state no practice of the operator's."""
    possible = 0
    for element in COPPA_ELEMENTS[1:]:
        possible |= view.may_match("coppa_elements", element)
    others = possible & ~view.bits_of(scope) & ~view.bits_of(u for u in view.units
                                                             if u.heading)
    named = view.hits("coppa", "child", others) | \
        view.hits("coppa_elements", "child_owner", others)
    extra = view.units_in(view.without(_NOT_PRACTICE_PAIRS, named))
    if not extra:
        return scope
    return sorted([*scope, *extra], key=lambda u: u.index)


_CHILD_REACH = 60
"""Characters around an element's words within which a sentence outside the notice
must name the children."""
_VETOES = {"use_of_info": "use_veto", "parental_rights": "rights_veto",
           "data_retention": "retention_veto"}
"""Per element, the lexicon role that drops a sentence for it alone."""
_NOT_PRACTICE_PAIRS = (("disclaimer", "exclusion"), ("disclaimer", "knowing"),
                       ("coppa", "discovery"), ("coppa", "advice"), ("coppa", "older_minor"),
                       ("shared", "pointer"), ("shared", "others_duty"))
"""Roles of a sentence that states no practice of the operator's, in the order asked."""


def _operator_contact(view: PageView) -> Evidence | None:
    """A name plus a postal address, phone or e-mail (a web form alone is not enough):
    a company form or contact words near the detail, or a contact block (a postal
    address with an e-mail or phone in the same sentence, which only an organisation's
    own address block has in a policy).

    Failing that, a mailto link on a page whose visible text names a company form
    ("Inc", "GmbH"...): looked for sentence by sentence, so a sentence seen on an
    earlier page is not searched again (a company form never spans two sentences)."""
    name = view.rx("contact", "company")
    words = view.rx("coppa_elements", "contact_words")
    detail = ("email", "phone", "postal")
    masks = [(role, view.may_match("contact", role)) for role in detail]
    possible = 0
    for _role, mask in masks:
        possible |= mask
    # the visible units (all when none is) that may hold a detail, in page order
    for unit in view.units_in(possible & (view.visible_bits or -1)):
        bit = 1 << unit.index
        m = next((x for x in (view.match("contact", r, unit) for r, mask in masks
                              if mask & bit) if x is not None), None)
        if m is None:
            continue
        lo, hi = max(0, unit.index - 3), min(len(view.units), unit.index + 4)
        near = " ".join(view.units[i].text for i in range(lo, hi))
        if name.search(near) or words.search(near) or _block(view, unit, detail):
            return view.unit_evidence(unit, m, note="operator_contact")
    mailto = next((c for c in view.controls if c.kind == "mailto"), None)
    if mailto is not None and view.first_hit("contact", "company",
                                             view.visible_bits) is not None:
        return view.element_evidence(mailto.el, mailto.words, note="operator_contact")
    return None


def _block(view: PageView, unit: Unit, detail: tuple[str, ...]) -> bool:
    """A postal address and another kind of contact detail in one sentence."""
    if not view.has("contact", "postal", unit):
        return False
    return any(view.has("contact", role, unit) for role in detail if role != "postal")
