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
from checks.signals._page import PageView, Unit
from checks.signals._score import Hit, decide

NOTICE_THRESHOLD = 3
_WINDOW = 3


def _children_page(view: PageView) -> bool:
    heading = view.rx("coppa", "heading")
    first = next((u.text for u in view.units if u.heading), "")
    return bool(heading.search(view.doc.title) or heading.search(first))


def _in_context(view: PageView, unit: Unit, children_page: bool) -> bool:
    return (children_page or bool(view.rx("coppa", "trigger").search(unit.text))
            or bool(unit.section and view.rx("coppa", "heading").search(unit.section)))


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


def _pool(view: PageView, children_page: bool) -> list[Unit]:
    if children_page:
        return [u for u in view.units if not u.heading]
    seen = {u.index: u for u in view.candidates(view.rx("coppa", "trigger"))}
    for u in view.section_units(view.rx("coppa", "heading")):
        seen.setdefault(u.index, u)
    return [seen[k] for k in sorted(seen)]


def _is_exclusion(view: PageView, text: str) -> bool:
    return bool(view.rx("disclaimer", "exclusion").search(text))


def detect_notice(view: PageView) -> tuple[Signal, list[Unit]]:
    """The coppa_notice signal and the units that make up the notice (for elements)."""
    children_page = _children_page(view)
    pool = _pool(view, children_page)
    rx = {role: view.rx("coppa", role) for role in ("claim", "claim_veto", "consent",
                                                    "rights", "collects")}
    personal = view.rx("coppa_elements", "info_collected")
    exclusions = {u.index for u in pool if _is_exclusion(view, u.text)}
    hits: list[Hit] = []
    scope: list[Unit] = []
    for unit in pool:
        text = unit.text
        if view.rx("shared", "pointer").search(text) or view.rx("shared", "others_duty").search(text):
            continue
        context = _in_context(view, unit, children_page)
        if context and unit.index not in exclusions:
            scope.append(unit)
        m = rx["claim"].search(text)
        if m is not None and not rx["claim_veto"].search(text):
            hits.append(Hit(3, unit.visible, view.unit_evidence(unit, m), unit.index))
            continue
        if unit.index in exclusions or not context:
            continue
        weight, first = 0, None
        for role in ("collects", "consent", "rights"):
            m = rx[role].search(text)
            if m is None:
                continue
            first = first or m
            if role == "consent" and not (personal.search(text) or re.search(
                    r"\b(?:information|data)\b", text, re.IGNORECASE)):
                weight += 1
            elif role == "rights" and weight == 0 and _exclusion_near(view, unit, exclusions):
                weight += 0
            else:
                weight += 2
        if weight and first is not None:
            hits.append(Hit(min(weight, 3), unit.visible, view.unit_evidence(unit, first),
                            unit.index))
    signal = decide("coppa_notice", hits, NOTICE_THRESHOLD)
    return signal, scope


def detect_disclaimer(view: PageView) -> Signal:
    """Children excluded from a general-audience service, with no parental path."""
    exclusion = view.rx("disclaimer", "exclusion")
    min_age = view.rx("disclaimer", "min_age")
    path = view.rx("disclaimer", "parental_path")
    duty = view.rx("shared", "others_duty")
    hits: list[Hit] = []
    for unit in view.candidates(view.rx("disclaimer", "trigger")):
        text = unit.text
        m = exclusion.search(text) or min_age.search(text)
        if m is None or path.search(text):
            continue
        if duty.search(text) and not re.match(r"\s*you\b", text[m.start():], re.IGNORECASE) \
                and exclusion.search(text) is None:
            continue
        nxt = view.units[unit.index + 1] if unit.index + 1 < len(view.units) else None
        if exclusion.search(text) is None and nxt is not None and path.search(nxt.text):
            continue
        hits.append(Hit(2, unit.visible, view.unit_evidence(unit, m), unit.index))
    return decide("children_disclaimer", hits, 2)


def detect_elements(view: PageView, notice: Signal, scope: list[Unit]) -> Signal:
    """Which COPPA notice elements the notice contains (empty when there is no notice)."""
    if not notice.value:
        return Signal(name="coppa_elements", value=False, confidence=0.9)
    found: dict[str, Evidence] = {}
    for element in COPPA_ELEMENTS:
        if element == "operator_contact":
            continue
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
    units = [u for u in view.units if u.visible] or view.units
    for unit in units:
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
