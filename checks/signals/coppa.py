"""Children's privacy: a COPPA-style notice, a "not for children" disclaimer, and
which parts of the COPPA online notice (16 CFR 312.4(d)) a notice contains.

The hard part is telling the two apart: a disclaimer talks about children, parents
and deletion too ("if you believe your child gave us data, contact us and we will
delete it"). A sentence counts toward a notice only when it describes the operator's
own practice (collection, parental consent, parental rights, a compliance claim) and
is not itself an exclusion, a pointer to another page, or a duty placed on others.
"""

from __future__ import annotations

import re

from auditor.models import COPPA_ELEMENTS, Evidence, Signal
from checks.signals import _lexicon
from checks.signals._page import PageView, Unit
from checks.signals._score import Hit, decide

NOTICE_THRESHOLD = 3
_WINDOW = 3


def _children_page(view: PageView) -> bool:
    heading = view.rx("coppa", "heading")
    if heading.search(view.doc.title):
        return True
    top = [u for u in view.units if u.heading and len(u.path) == 1][:2]
    return any(heading.search(u.text) for u in top)


def _exclusion_near(view: PageView, unit: Unit, exclusions: set[int]) -> bool:
    """A disclaimer sentence in the same section (or close by when there are none)."""
    for i in exclusions:
        other = view.units[i]
        if other.visible != unit.visible:
            continue
        if unit.section and other.section == unit.section:
            return True
        if abs(i - unit.index) <= _WINDOW:
            return True
    return False


def _scope(view: PageView, children_page: bool) -> tuple[list[Unit], set[int]]:
    """Units that may belong to a children's notice, and which of them sit in a
    children's section (or page) rather than merely mentioning a child."""
    if children_page:
        units = list(view.units)
        return units, {u.index for u in units}
    sections = view.section_units(view.rx("coppa", "heading"), view.rx("coppa", "trigger"))
    scoped = {u.index for u in sections}
    seen = {u.index: u for u in sections}
    for u in view.candidates(view.rx("coppa", "trigger")):
        seen.setdefault(u.index, u)
    return [seen[k] for k in sorted(seen)], scoped


def _is_exclusion(view: PageView, text: str) -> bool:
    """An exclusion of children: always for the hard forms ("not directed to", "if we
    learn"); for "we do not knowingly collect" only when no parental path follows."""
    if view.rx("disclaimer", "exclusion").search(text):
        return True
    return bool(view.rx("disclaimer", "knowing").search(text)) and not \
        view.rx("disclaimer", "parental_path").search(text)


_CORE = ("collects", "consent", "rights")


def detect_notice(view: PageView) -> tuple[Signal, list[Unit]]:
    """The coppa_notice signal and the units that make up the notice (for elements).

    Core sentences (the operator collects from children, obtains parental consent,
    gives parents rights, or states its own COPPA compliance) are required; element
    sentences inside a children's section add weight. Exclusions, pointers, duties on
    others and negated collection never count.
    """
    children_page = _children_page(view)
    pool, scoped = _scope(view, children_page)
    rx = {role: view.rx("coppa", role) for role in (*_CORE, "claim", "claim_veto", "negated",
                                                    "directed")}
    data = view.rx("coppa", "data")
    skip = [view.rx("shared", "pointer"), view.rx("shared", "others_duty"), rx["negated"]]
    in_pool = {u.index for u in pool}
    exclusions = {u.index for u in view.candidates(view.rx("disclaimer", "trigger"))
                  if u.index in in_pool and _is_exclusion(view, u.text)}
    any_element = _lexicon.union("coppa_elements", COPPA_ELEMENTS[1:], view.langs)
    relevant = _lexicon.union("coppa", (*_CORE, "claim", "directed"), view.langs)
    hits: list[Hit] = []
    scope: list[Unit] = []
    elements: set[str] = set()
    core = 0
    for unit in pool:
        text = unit.text
        has_element = unit.index in scoped and any_element.search(text) is not None
        if unit.index in exclusions or not (has_element or relevant.search(text)):
            continue
        if any(r.search(text) for r in skip):
            continue
        scope.append(unit)
        m = rx["claim"].search(text)
        if m is not None and not rx["claim_veto"].search(text) and not text.rstrip().endswith("?"):
            hits.append(Hit(3, unit.visible, view.unit_evidence(unit, m), unit.index))
            core += 1
            continue
        if has_element:
            for element in COPPA_ELEMENTS[1:]:
                if element not in elements and view.rx("coppa_elements", element).search(text):
                    elements.add(element)
        weight, first = 0, None
        for role in _CORE:
            m = rx[role].search(text)
            if m is None:
                continue
            first = first or m
            if role == "consent" and not data.search(text):
                weight += 1
            elif role == "rights" and weight == 0 and _exclusion_near(view, unit, exclusions):
                continue
            else:
                weight += 2
        if weight:
            core += 1
        elif (m := rx["directed"].search(text)) is not None:
            weight, first = 1, m
        if weight and first is not None:
            hits.append(Hit(min(weight, 3), unit.visible, view.unit_evidence(unit, first),
                            unit.index))
    if core == 0:
        hits = []
    elif elements:
        best = max(hits, key=lambda h: (h.visible, h.weight))
        hits.append(Hit(min(len(elements), 3), best.visible, best.evidence, best.order))
    signal = decide("coppa_notice", hits, NOTICE_THRESHOLD)
    return signal, scope


def detect_disclaimer(view: PageView) -> Signal:
    """Children excluded from a general-audience service, with no parental path."""
    hard = view.rx("disclaimer", "exclusion")
    soft = [view.rx("disclaimer", "knowing"), view.rx("disclaimer", "min_age")]
    path = view.rx("disclaimer", "parental_path")
    duty = view.rx("shared", "others_duty")
    hits: list[Hit] = []
    for unit in view.candidates(view.rx("disclaimer", "trigger")):
        text = unit.text
        m = hard.search(text)
        if m is None:
            m = next((x for x in (rx.search(text) for rx in soft) if x is not None), None)
            if m is None or path.search(text):
                continue
            nxt = view.units[unit.index + 1] if unit.index + 1 < len(view.units) else None
            if nxt is not None and nxt.visible == unit.visible and path.search(nxt.text):
                continue
        if duty.search(text) and not re.match(r"\s*(?:you|if\s+you)\b", text, re.IGNORECASE):
            continue
        hits.append(Hit(2, unit.visible, view.unit_evidence(unit, m), unit.index))
    return decide("children_disclaimer", hits, 2)


def detect_elements(view: PageView, notice: Signal, scope: list[Unit]) -> Signal:
    """Which COPPA notice elements the notice contains (empty when there is no notice)."""
    if not notice.value:
        return Signal(name="coppa_elements", value=False, confidence=0.9)
    found: dict[str, Evidence] = {}
    any_element = _lexicon.union("coppa_elements", COPPA_ELEMENTS[1:], view.langs)
    scope = [u for u in scope if any_element.search(u.text)]
    for element in COPPA_ELEMENTS[1:]:
        rx = view.rx("coppa_elements", element)
        for unit in scope:
            m = rx.search(unit.text)
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
    """A name plus a postal address, phone or e-mail (a web form alone is not enough)."""
    detail = [view.rx("contact", r) for r in ("email", "phone", "postal")]
    name = view.rx("contact", "company")
    words = view.rx("coppa_elements", "contact_words")
    any_detail = _lexicon.union("contact", ("email", "phone", "postal"), view.langs)
    units = [u for u in view.units if u.visible] or view.units
    for unit in units:
        if not any_detail.search(unit.text):
            continue
        m = next((x for x in (rx.search(unit.text) for rx in detail) if x is not None), None)
        if m is None:
            continue
        lo, hi = max(0, unit.index - 3), min(len(view.units), unit.index + 4)
        near = " ".join(view.units[i].text for i in range(lo, hi))
        if name.search(near) or words.search(near):
            return view.unit_evidence(unit, m, note="operator_contact")
    for ctrl in view.controls:
        if ctrl.kind == "mailto" and name.search(view.doc.text):
            return view.element_evidence(ctrl.el, ctrl.words, note="operator_contact")
    return None
