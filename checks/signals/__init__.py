"""Page-level signals: one parsed page in, one `Signal` per name in `SIGNAL_NAMES` out.

Pure: no I/O, no clock. The crawler calls `analyze` once per page; checks read the
signals from `Page.signals`. Detectors score sentences and form structure with
lexicons that are data files (``checks/lexicons/*.toml``); see each module's
docstring for its rules. Visibility: support found only in text hidden by markup
gives ``visible=False``; for ``ai_disclosure`` it also leaves ``value=False``
(a hidden disclosure discloses nothing), for the other signals ``value=True``
(notices and guides are often in collapsed accordions).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auditor.models import SIGNAL_NAMES, Page, Signal
from auditor.parse.page import fill_page
from checks.signals import ai, coppa, elements, safeguards
from checks.signals._page import PageView, text_language
from checks.signals.explain import SignalExplanation, explain, tag_rules
from checks.signals.language import detect_language

if TYPE_CHECKING:
    from auditor.parse.htmldoc import Document

__all__ = ["SignalExplanation", "analyse_page", "analyze", "detect_language", "explain_page",
           "page_language"]


def _url(doc: Document, page: Page | None) -> str:
    if page is not None:
        return page.final_url or page.url
    return doc.url


def analyse_page(page: Page, body: bytes, content_type: str | None,
                 measured: dict[str, Any] | None = None) -> Page:
    """Fill `page` from its body and run every detector on it: the analyser the
    pipeline hands the crawl (picklable, so it runs in analysis worker processes).
    Also records the language the detectors found the text in (``Page.text_language``),
    so a check knows when it read a page in a language it has no lexicon for."""
    page, doc = fill_page(page, body, content_type, measured)
    view = _view(doc, page)
    page.signals = _signals(view, page)
    page.text_language = view.language
    return page


def analyze(doc: Document, page: Page | None = None) -> list[Signal]:
    """Every signal for one page, in `SIGNAL_NAMES` order, each with its evidence
    (text evidence names the lexicon entry that fired, ``Evidence.rule``)."""
    return _signals(_view(doc, page), page)


def _signals(view: PageView, page: Page | None) -> list[Signal]:
    signals = _detect(view, page)
    tag_rules(view, signals)
    return signals


def explain_page(doc: Document, page: Page | None = None) -> list[SignalExplanation]:
    """Why each signal came out as it did (``auditor inspect --explain``)."""
    return explain(doc, page, _detect, _view)


def _view(doc: Document, page: Page | None) -> PageView:
    return PageView.build(doc, _url(doc, page))


def _detect(view: PageView, page: Page | None) -> list[Signal]:
    for_children = coppa.made_for_children(view)  # both children's detectors ask
    notice, scope = coppa.detect_notice(view, for_children)
    found = {
        "coppa_notice": notice,
        "children_disclaimer": coppa.detect_disclaimer(view, for_children),
        "coppa_elements": elements.detect_elements(view, notice, scope),
        "age_assurance": safeguards.detect_age(view),
        "content_moderation": safeguards.detect_moderation(view),
        "reporting_mechanism": safeguards.detect_reporting(view),
        "minors_education": safeguards.detect_education(view),
    }
    for signal in ai.detect(view):
        found[signal.name] = signal
    found["age_assurance"] = _with_consent_flow(view, found["age_assurance"],
                                                found["coppa_elements"])
    return [found[name] for name in SIGNAL_NAMES]


def _with_consent_flow(view: PageView, age: Signal, parts: Signal) -> Signal:
    """A described verifiable-parental-consent flow is age assurance too (the flow
    checks that an adult consents for a child), unless a school or institution gives or
    gathers the consent in the parents' place: then the operator checks no one."""
    if age.value and age.visible or "consent_mechanism" not in parts.elements:
        return age
    evidence = [e for e in parts.evidence if e.note == "consent_mechanism"
                and not _by_proxy(view, e.locator)]
    if not evidence:
        return age
    return Signal(name="age_assurance", value=True, confidence=0.7, evidence=evidence,
                  visible=parts.visible)


def _by_proxy(view: PageView, locator: str) -> bool:
    unit = view.unit_at(locator)
    return unit is not None and view.has("age", "proxy_consent", unit)


def page_language(doc: Document) -> str:
    """The language `analyze` works in for this page (the text's, else the markup's),
    without cutting the page into sentences."""
    return text_language(doc)
