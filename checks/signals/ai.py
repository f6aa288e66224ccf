"""AI disclosure versus a mere mention of AI.

A disclosure tells the reader that the counterpart they interact with (chatbot,
assistant, character, companion, voice agent) is an AI, or that the answers they get
are AI-generated. "AI-powered" marketing, model training, labelling rules, duties on
deployers, promises to disclose later and hedged "may include chatbots" are mentions.

Roles of the ``[ai]`` lexicon table: ``trigger`` picks the sentences to read,
``disclose`` marks a disclosure, ``mention`` a mere mention, ``veto`` (plus the shared
``others_duty`` and ``pointer``) drops a disclosure sentence. Under a heading that names
an AI counterpart or AI feature (``heading``: "AI assistant", "Chatbot", "AI features"),
``section_disclose`` also counts sentences that say what "it" does without naming AI
again ("it answers your questions", "responses may be inaccurate"). Output said to be
made by "the model" (``model_made``) counts when AI is named in that sentence or the one
before it in the same section: the model is then the AI just named.

Decision on visibility: a disclosure found only in text hidden by markup (CSS
``display:none``, ``hidden``, ``aria-hidden``, screen-reader-only) does NOT make
``ai_disclosure`` true: the signal is ``value=False, visible=False`` and keeps the
hidden sentence as evidence (noted "hidden by markup") so a check can report it.
``ai_mention_only`` is then true, since the reader sees no disclosure. A site menu line
(capitalised link words, no punctuation) is no mention. A vetoed disclosure sentence is
a mention only when it names AI itself (``mention``): "decided by a computer and not a
human being" says nothing about AI.
"""

from __future__ import annotations

from auditor.models import Signal
from checks.signals._page import PageView, Unit
from checks.signals._score import MAX_EVIDENCE, Hit, decide, vetoed


def detect(view: PageView) -> list[Signal]:
    disclose = view.rx("ai", "disclose")
    mention = view.rx("ai", "mention")
    hits: list[Hit] = []
    mentions: list[Hit] = []
    for unit in view.candidates("ai"):
        m = view.match("ai", "disclose", unit)
        if m is not None and not vetoed(view, "ai", unit, ("veto",),
                                        ("others_duty", "pointer")):
            hits.append(Hit(2, unit.visible, view.unit_evidence(unit, m), unit.index))
            continue
        m = view.match("ai", "mention", unit)
        if m is not None and not _menu_line(unit):
            mentions.append(Hit(1, unit.visible, view.unit_evidence(unit, m), unit.index))
    hits += _section_hits(view, {h.order for h in hits})
    hits += _model_made_hits(view, {h.order for h in hits})
    for ctrl in view.controls:
        if ctrl.kind in ("button", "dialog") and ctrl.label and len(ctrl.label) < 200:
            m = disclose.search(ctrl.label)
            if m is not None and not vetoed(view, "ai", ctrl.label, ("veto",)):
                hits.append(Hit(2, not ctrl.hidden, view.element_evidence(ctrl.el, ctrl.label),
                                10**6))
    disclosure = decide("ai_disclosure", hits, 2, hidden_counts=False)
    title_mention = mention.search(view.doc.title or "")
    mentioned = bool(mentions or hits or title_mention)
    if disclosure.value or not mentioned:
        only = Signal(name="ai_mention_only", value=False,
                      confidence=0.9 if disclosure.value else 0.8)
        return [disclosure, only]
    pool = [h for h in mentions if h.visible] or mentions or [h for h in hits]
    evidence = [h.evidence for h in pool[:MAX_EVIDENCE]]
    if not evidence and title_mention is not None:
        evidence = [view.element_evidence(view.doc.root.find(".//title"), view.doc.title)] \
            if view.doc.root.find(".//title") is not None else []
    visible = any(h.visible for h in mentions) or title_mention is not None
    only = Signal(name="ai_mention_only", value=True, confidence=0.8, evidence=evidence,
                  visible=visible)
    return [disclosure, only]


def _menu_line(unit: Unit) -> bool:
    """A run of capitalised link words with no punctuation ("AI Terms Categories Brands
    Articles"): a site menu, whose labels say nothing about the page's practice."""
    if unit.heading:
        return False
    words = unit.text.split()
    return len(words) >= 4 and not any(c in unit.text for c in ".,;:!?") \
        and all(w[:1].isupper() or w[:1].isdigit() or w == "&" for w in words)


def _section_hits(view: PageView, counted: set[int]) -> list[Hit]:
    """Disclosures in a section about an AI counterpart or feature, where the sentence
    itself need not name AI (``section_disclose`` under an ``[ai] heading``)."""
    hits: list[Hit] = []
    for unit in view.section_units(("ai", "heading")):
        if unit.heading or unit.index in counted:
            continue
        m = view.match("ai", "section_disclose", unit)
        if m is not None and not vetoed(view, "ai", unit, ("veto",), ("others_duty", "pointer")):
            hits.append(Hit(2, unit.visible, view.unit_evidence(unit, m), unit.index))
    return hits


def _model_made_hits(view: PageView, counted: set[int]) -> list[Hit]:
    """Output made by "the model" or "those models" (``model_made``), where the model
    is the AI named in the same sentence or the sentence before it in the section."""
    hits: list[Hit] = []
    for unit in view.candidates("ai", "model_made"):
        if unit.index in counted or not view.has_near("ai", "mention", unit):
            continue
        if vetoed(view, "ai", unit, ("veto",), ("others_duty", "pointer")):
            continue
        m = view.match("ai", "model_made", unit)
        hits.append(Hit(2, unit.visible, view.unit_evidence(unit, m), unit.index))
    return hits
