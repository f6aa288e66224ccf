"""Sentence-level scoring shared by the detectors.

A unit (sentence) that contains a family's trigger is scored by its lexicon roles: a
``strong`` match weighs 2, a ``weak`` one 1, and a ``veto`` (negation, a duty placed
on others, the wrong context) drops the sentence unless a ``rescue`` role shows the
safety context the veto would otherwise hide. A signal is true when the visible
sentences reach the threshold; support found only in hidden text is reported with
``visible=False``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from auditor.models import Evidence, Signal
from checks.signals._page import PageView, Unit
from checks.signals._schema import declared

MAX_EVIDENCE = 3


@dataclass(frozen=True, slots=True)
class Hit:
    """One sentence (or control) supporting a signal, with its weight and evidence."""

    weight: int
    visible: bool
    evidence: Evidence
    order: int = 0


def vetoed(view: PageView, section: str, text: Unit | str, roles: Sequence[str],
           shared: Sequence[str] = ("others_duty",)) -> bool:
    """True when a veto of `section` (or a shared veto) applies and no rescue lifts it.
    `text` is a unit (matched through the page's literal gates) or any other string."""
    pairs = [(section, r) for r in roles] + [("shared", s) for s in shared]
    if isinstance(text, str):
        if not any(view.rx(s, r).search(text) for s, r in pairs):
            return False
    elif not any(view.has(s, r, text) for s, r in pairs):
        return False
    if "rescue" not in declared().get(section, {}):  # nothing can lift this section's vetoes
        return True
    if isinstance(text, str):
        return view.rx(section, "rescue").search(text) is None
    return not view.has(section, "rescue", text)


def scan(view: PageView, section: str, *, units: Sequence[Unit] | None = None,
         veto_roles: Sequence[str] = ("veto",),
         shared: Sequence[str] = ("others_duty",)) -> list[Hit]:
    """Score the units carrying `section`'s trigger with its strong/weak/veto roles.

    Stops once `MAX_EVIDENCE` visible sentences of the top weight are found: later
    sentences could change neither the decision nor the evidence shown."""
    scored = view.may_match(section, "strong") | view.may_match(section, "weak")
    if not scored:
        return []
    pool = units if units is not None else view.candidates(section, "trigger", scored)
    hits: list[Hit] = []
    top = 0
    for unit in pool:
        if not scored >> unit.index & 1:
            continue
        m = view.match(section, "strong", unit)
        weight = 2
        if m is None:
            m = view.match(section, "weak", unit)
            weight = 1
        if m is None:
            continue
        if vetoed(view, section, unit, veto_roles, shared):
            continue
        hits.append(Hit(weight, unit.visible, view.unit_evidence(unit, m), unit.index))
        if weight == 2 and unit.visible:
            top += 1
            if top >= MAX_EVIDENCE:
                break
    return hits


def decide(name: str, hits: Sequence[Hit], threshold: int, *,
           hidden_counts: bool = True) -> Signal:
    """Turn scored hits into one Signal.

    Visible support reaching `threshold` gives ``value=True, visible=True``. Hidden-only
    support gives ``visible=False`` and, when `hidden_counts`, ``value=True``; otherwise
    ``value=False`` with the hidden evidence kept (noted) for the auditor.
    """
    seen = [h for h in hits if h.visible]
    score = sum(h.weight for h in seen)
    if score >= threshold:
        return Signal(name=name, value=True, confidence=_confidence(score, threshold),
                      evidence=_best(seen), visible=True)
    total = sum(h.weight for h in hits)
    if total >= threshold:
        hidden = [h for h in hits if not h.visible]
        conf = _confidence(total, threshold) * 0.8
        return Signal(name=name, value=hidden_counts, confidence=conf,
                      evidence=_best(hidden), visible=False)
    conf = 0.9 if score == 0 else 0.6
    return Signal(name=name, value=False, confidence=conf, evidence=[], visible=True)


def _confidence(score: int, threshold: int) -> float:
    return round(min(1.0, 0.6 + 0.1 * (score - threshold) + 0.2), 2)


def _best(hits: Sequence[Hit]) -> list[Evidence]:
    """The strongest few pieces of evidence, in page order, each shown once."""
    ranked: list[Hit] = []
    seen: set[str] = set()
    for h in sorted(hits, key=lambda h: (-h.weight, h.order)):
        if h.evidence.locator not in seen:
            seen.add(h.evidence.locator)
            ranked.append(h)
        if len(ranked) == MAX_EVIDENCE:
            break
    return [h.evidence for h in sorted(ranked, key=lambda h: h.order)]
