"""Round 14, learnt from the thirteenth collection's development part (app privacy
policies, youth clubs' safeguarding and child-protection policies, parents' and
age-check pages, AI products' terms and help pages, and French, German, Spanish and
Portuguese rules), scored before anyone tuned on it. Wordings such pages share: concerns
passed to a named safeguarding lead or duty officer, Spanish codes of conduct that send
the victim or witness of harassment to the organisers, a report form, reports sent "to
the channel", a kind of generation censored, safeguards against harmful outputs, extra
review for some submissions, outputs generated "through artificial intelligence" or
defined as artificially created, the operator adhering to the laws "including" COPPA, an
app not "specifically" for children, and a content rating that is no user age. Each rule
sits beside a sentence it must not catch."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from auditor.models import Signal
from tests.checks.signals.probes import in_page

Run = Callable[..., dict[str, Signal]]


CAUGHT = [
    # (signal, language, caught, left alone)
    ("reporting_mechanism", "en",
     "Coaches and parents with any worries should report their concerns to the club "
     "welfare officer straight away.",
     "Coaches and parents with any worries should read the club handbook straight away."),
    ("reporting_mechanism", "en",
     "Any disclosure made by a young person must be passed on to the designated "
     "safeguarding lead the same day.",
     "Any disclosure made by a young person must be recorded in the session log the "
     "same day."),
    ("reporting_mechanism", "es",
     "Si sufres acoso o ves que alguien lo sufre, contacta de inmediato con el equipo "
     "organizador del evento.",
     "Si quieres colaborar con la comunidad, contacta de inmediato con el equipo "
     "organizador del evento."),
    ("reporting_mechanism", "es",
     "Para avisar a los administradores puedes usar el formulario de reporte de la web.",
     "Para avisar a los administradores puedes usar el formulario de registro de la web."),
    ("reporting_mechanism", "pt",
     "Denúncias de conteúdo ofensivo ou de violações destes Termos devem ser enviadas para "
     "o canal de atendimento indicado no site.",
     "Sugestões sobre o uso da plataforma são bem-vindas e ajudam a melhorar o site."),
    ("content_moderation", "en",
     "We have put safeguards in place to prevent the model from generating harmful or "
     "explicit text.",
     "We have put safeguards in place to prevent the loss of your saved projects."),
    ("content_moderation", "en",
     "Extensions that handle payments or health data get extra review before they are "
     "listed.",
     "Extensions that handle payments or health data get extra attention in our "
     "documentation."),
    ("content_moderation", "en",
     "Across the whole network we censor only one kind of generation: images that sexualise "
     "minors.",
     "Across the whole network we only support one kind of generation: images from text."),
    ("ai_disclosure", "en",
     "You understand that outputs may be generated through artificial intelligence and may "
     "be inaccurate.",
     "You understand that invoices may be generated through our billing partner."),
    ("ai_disclosure", "en",
     "\"Outputs\" means any text or image content artificially created by the Services in "
     "response to your prompts.",
     "\"Outputs\" means any report or chart you export from the Services."),
    ("coppa_notice", "en",
     "We take the privacy of children seriously and adhere to all applicable laws and "
     "regulations, including the General Data Protection Regulation (GDPR) and the "
     "Children's Online Privacy Protection Act (COPPA).",
     "We take the privacy of children seriously and adhere to all applicable laws and "
     "regulations, including the General Data Protection Regulation (GDPR) and the "
     "ePrivacy Directive."),
    ("children_disclaimer", "de",
     "Diese App richtet sich nicht gezielt an Kinder unter 13 Jahren.",
     "Diese App richtet sich gezielt an Familien mit Kindern."),
]


@pytest.mark.parametrize(("signal", "lang", "caught", "alone"), CAUGHT)
def test_round14_rule_and_its_near_miss(signals: Run, signal: str, lang: str, caught: str,
                                        alone: str) -> None:
    lead = _LEADS.get(lang, "")
    assert in_page(signals, signal, f"{lead}<p>{caught}</p>", lang), caught
    assert not in_page(signals, signal, f"{lead}<p>{alone}</p>", lang), alone


_LEADS = {"pt": "<p>Estes são os termos de uso que valem para todas as pessoas que usam a "
                "nossa plataforma, e não só para quem tem uma conta.</p>"}
"""A sentence of ordinary prose before a short Portuguese one, whose function words alone
would read as Spanish."""


def test_the_operator_reporting_fraud_is_no_way_to_report(signals: Run) -> None:
    """'We will report any suspicions of fraud' is what the operator does, not a way the
    reader reports; the reader told to report concerns to a named officer is."""
    assert not in_page(signals, "reporting_mechanism",
                    "<p>We will report any concerns of fraud to the relevant authorities.</p>")
    assert in_page(signals, "reporting_mechanism",
                "<p>Please report any concerns to the designated safeguarding officer.</p>")


def test_a_content_rating_is_no_minimum_age(signals: Run) -> None:
    assert not in_page(signals, "children_disclaimer",
                    "<p>The server contains content that is suitable for ages 10 and over.</p>")
    assert in_page(signals, "children_disclaimer",
                "<p>You must be at least 13 years old to join the server.</p>")


def test_steps_under_a_screen_time_heading_are_guidance(signals: Run) -> None:
    """A section on screen time is written for the parents who set the limits: its
    settings steps are a how-to for them, as under a "Parental controls" heading."""
    steps = ("<p>Go to Settings &gt; Family &gt; Screen Time and choose a daily limit for each "
             "child profile.</p><p>Set daily limits and schedule viewing windows for younger "
             "viewers.</p>")
    assert in_page(signals, "minors_education", f"<h1>Screen time</h1>{steps}")
    assert not in_page(signals, "minors_education", f"<h1>Playback</h1>{steps}")
