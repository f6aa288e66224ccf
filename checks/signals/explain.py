"""Why a page got its signals: the sentences that counted, the vetoes that dropped one,
and for a false signal the closest candidates and why they fell short.

``auditor inspect PATH_OR_URL --explain`` prints this. It runs the very detectors the
audit runs, on a page view that records every lexicon lookup (which role of which
family matched which sentence), then reads the record back: no second set of rules that
could disagree with the first. Rule ids name the lexicon entry that fired:
``coppa.strong[en#3]`` is the fourth entry of role ``strong`` in table ``[coppa]`` of
``checks/lexicons/en.toml`` (``*`` for ``common.toml``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from auditor.models import SIGNAL_NAMES, Evidence, Page, Signal
from auditor.parse.htmldoc import Document
from checks.signals import _lexicon, _schema
from checks.signals._page import PageView, Unit

SECTIONS: dict[str, tuple[str, ...]] = {
    "coppa_notice": ("coppa",),
    "children_disclaimer": ("disclaimer",),
    "coppa_elements": ("coppa_elements", "contact"),
    "ai_disclosure": ("ai",),
    "ai_mention_only": ("ai",),
    "age_assurance": ("age",),
    "content_moderation": ("moderation",),
    "reporting_mechanism": ("reporting",),
    "minors_education": ("education",),
}
"""Which lexicon tables each signal's detector reads."""

EXCLUDED_BY: dict[str, tuple[str, ...]] = {"coppa_notice": ("disclaimer",)}
"""Sections whose support drops a sentence from this signal: a sentence that excludes
children is a disclaimer's, never a notice's."""

MAX_CANDIDATES = 3


def _dropping(section: str, role: str) -> bool:
    return _schema.kind_of(section, role) == "veto"


def _supporting(section: str, role: str) -> bool:
    return _schema.kind_of(section, role) == "support"


@dataclass
class Recorder:
    """Positive lookups per unit: {unit index: [(section, role), ...]} in call order."""

    hits: dict[int, list[tuple[str, str]]] = field(default_factory=dict)

    def wrap(self, view: PageView) -> None:
        """Make `view` record every positive `match`/`has` it answers."""
        def recording(method: Callable[[str, str, Unit], Any]) -> Callable[..., Any]:
            def call(section: str, role: str, unit: Unit) -> Any:
                result = method(section, role, unit)
                if result:
                    seen = self.hits.setdefault(unit.index, [])
                    if (section, role) not in seen:
                        seen.append((section, role))
                return result
            return call

        view.match = recording(view.match)  # type: ignore[method-assign]
        view.has = recording(view.has)  # type: ignore[method-assign]


@dataclass(frozen=True)
class Line:
    """One sentence in an explanation."""

    locator: str
    snippet: str
    rules: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class SignalExplanation:
    name: str
    value: bool
    visible: bool
    confidence: float
    elements: tuple[str, ...]
    counted: tuple[Line, ...]
    vetoed: tuple[Line, ...]
    candidates: tuple[Line, ...]


def _line(view: PageView, unit: Unit, pairs: list[tuple[str, str]], why: str) -> Line:
    rules = tuple(view.rule(s, r, unit) for s, r in pairs)
    snippet = unit.text if len(unit.text) <= 300 else unit.text[:297] + "..."
    return Line(unit.locator, snippet, rules, why)


def explain_signal(view: PageView, recorder: Recorder, signal: Signal) -> SignalExplanation:
    """Read the record back for one signal."""
    sections = SECTIONS.get(signal.name, ())
    counted: list[Line] = []
    counted_units: set[int] = set()
    for ev in signal.evidence:
        unit = view.unit_at(ev.locator)
        if unit is None:  # structure: a form field, button, dialog or mailto link
            counted.append(Line(ev.locator, ev.snippet, (ev.rule or "structure",),
                                ev.note or "page structure"))
            continue
        counted_units.add(unit.index)
        pairs = [p for p in recorder.hits.get(unit.index, []) if p[0] in sections
                 and _supporting(*p)] or [p for p in recorder.hits.get(unit.index, [])
                                            if p[0] in sections]
        counted.append(_line(view, unit, pairs, ev.note or "counted"))
    vetoed: list[Line] = []
    near: list[tuple[int, Line]] = []
    for index, pairs in sorted(recorder.hits.items()):
        if index in counted_units:
            continue
        mine = [p for p in pairs if p[0] in sections or p[0] == "shared"]
        support = [p for p in mine if p[0] in sections and _supporting(*p)]
        drops = [p for p in mine if _dropping(*p)]
        drops += [p for p in pairs if p[0] in EXCLUDED_BY.get(signal.name, ())
                  and _supporting(*p)]
        if not mine or not (support or drops):
            continue
        unit = view.units[index]
        if support and drops:
            vetoed.append(_line(view, unit, drops + support,
                                "dropped by " + ", ".join(f"{s}.{r}" for s, r in drops)))
        elif support:
            near.append((len(support), _line(view, unit, support,
                                             "matched, but did not reach the signal's "
                                             "threshold or scope alone")))
    candidates: tuple[Line, ...] = ()
    if not signal.value:
        ranked = sorted(near, key=lambda x: -x[0])[:MAX_CANDIDATES]
        candidates = tuple(vetoed[:MAX_CANDIDATES]) + tuple(line for _, line in ranked)
    return SignalExplanation(signal.name, bool(signal.value), signal.visible,
                             signal.confidence, tuple(sorted(signal.elements)),
                             tuple(counted), tuple(vetoed[:MAX_CANDIDATES * 2]),
                             candidates[:MAX_CANDIDATES * 2])


def explain(doc: Document, page: Page | None,
            run: Callable[[PageView, Page | None], list[Signal]],
            build: Callable[[Document, Page | None], PageView]) -> list[SignalExplanation]:
    """Run the detectors (`run` over the view `build` makes) with a recording view."""
    view = build(doc, page)
    recorder = Recorder()
    recorder.wrap(view)
    signals = run(view, page)
    by_name = {s.name: s for s in signals}
    return [explain_signal(view, recorder, by_name[name]) for name in SIGNAL_NAMES]


def tag_rules(view: PageView, signals: list[Signal]) -> None:
    """Give each piece of text evidence the id of the lexicon entry that fired on it."""
    for signal in signals:
        sections = SECTIONS.get(signal.name, ())
        for i, ev in enumerate(signal.evidence):
            if ev.rule is not None:
                continue
            unit = view.unit_at(ev.locator)
            if unit is None:  # a form field, button, dialog or mailto address
                signal.evidence[i] = ev.model_copy(update={"rule": "structure"})
                continue
            rule = _first_rule(view, unit, sections)
            if rule:
                signal.evidence[i] = ev.model_copy(update={"rule": rule})


def _first_rule(view: PageView, unit: Unit, sections: tuple[str, ...]) -> str | None:
    for section in sections:
        for role in _lexicon.roles_of(section, "support"):
            if view.has(section, role, unit):
                return view.rule(section, role, unit)
    return None


__all__ = ["SECTIONS", "Evidence", "SignalExplanation", "explain", "tag_rules"]
