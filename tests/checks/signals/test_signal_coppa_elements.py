"""How real children's notices phrase the COPPA elements, in the five languages.

Each case runs a minimal notice (a children's heading and one sentence on collection
with parental consent) without and then with one sentence: the element must be absent
first and present after, so every case can fail.
"""

from __future__ import annotations

from typing import Any

import pytest

BASE = {
    "en": "<h1>Children's Privacy Notice</h1><p>We collect a first name from children under "
          "13 only with the verifiable consent of their parents.</p>",
    "es": "<h1>Aviso de privacidad para niños</h1><p>Recopilamos el nombre de pila de los "
          "niños menores de 13 años solo con el consentimiento verificable de sus padres.</p>",
    "fr": "<h1>Confidentialité des enfants</h1><p>Nous collectons le prénom des enfants de "
          "moins de 13 ans uniquement avec le consentement de leurs parents.</p>",
    "de": "<h1>Datenschutz für Kinder</h1><p>Wir erheben den Vornamen von Kindern unter 13 "
          "Jahren nur mit der Einwilligung der Eltern.</p>",
    "pt": "<h1>Privacidade das crianças</h1><p>Coletamos o primeiro nome de crianças menores "
          "de 13 anos somente com o consentimento dos pais.</p>",
}

CASES = [
    # parental rights: review, delete, refuse further collection (any of them)
    ("en", "parental_rights", "You can review the information we hold about your child, "
                              "at any time."),
    ("en", "parental_rights", "You can ask us to see what we have and to delete it."),
    ("en", "parental_rights", "You may request that we stop collecting information."),
    ("en", "parental_rights", "You can revoke your consent at any time."),
    ("en", "parental_rights", "Switch off cloud saving to stop further collection."),
    ("es", "parental_rights", "Puede acceder a los datos de su hijo, rectificarlos o "
                              "suprimirlos."),
    ("es", "parental_rights", "Puede revocar su consentimiento en cualquier momento."),
    ("fr", "parental_rights", "Vous pouvez accéder aux données de votre enfant et les faire "
                              "effacer."),
    ("fr", "parental_rights", "Vous pouvez retirer votre consentement à tout moment."),
    ("de", "parental_rights", "Sie können die Daten Ihres Kindes jederzeit einsehen oder "
                              "löschen lassen."),
    ("de", "parental_rights", "Sie können Ihre Einwilligung jederzeit widerrufen."),
    ("pt", "parental_rights", "Você pode consultar os dados do seu filho ou pedir a "
                              "exclusão."),
    ("pt", "parental_rights", "Você pode revogar o consentimento a qualquer momento."),
    # no conditioning: no more than necessary is asked for
    ("en", "no_conditioning", "We never ask a child for more information than they need to "
                              "take part."),
    ("en", "no_conditioning", "Acme never makes a child give more information than the "
                              "activity needs."),
    ("es", "no_conditioning", "No pedimos a los niños más datos de los necesarios para "
                              "jugar."),
    ("fr", "no_conditioning", "Nous ne demandons jamais plus d'informations que nécessaire "
                              "pour participer."),
    ("de", "no_conditioning", "Wir verlangen von Kindern nie mehr Angaben, als für die Übung "
                              "erforderlich sind."),
    ("pt", "no_conditioning", "Não pedimos às crianças mais dados do que o necessário para "
                              "participar."),
    # disclosure practices
    ("en", "disclosure_practices", "We do not give this information to any other third "
                                   "party except our hosting provider."),
    ("en", "disclosure_practices", "We share this information only with our cloud provider."),
    ("es", "disclosure_practices", "Compartimos estos datos únicamente con nuestro proveedor "
                                   "de alojamiento."),
    ("fr", "disclosure_practices", "Nous transmettons ces données uniquement à notre "
                                   "hébergeur."),
    ("de", "disclosure_practices", "Wir geben die Daten nur an unseren Hosting-Anbieter "
                                   "weiter."),
    ("pt", "disclosure_practices", "Compartilhamos esses dados apenas com nosso provedor de "
                                   "hospedagem."),
    # data retention: how long, or when it is deleted
    ("en", "data_retention", "Chat transcripts are kept for 90 days."),
    ("en", "data_retention", "Saved games of players who have not played for a year are "
                             "deleted."),
    ("en", "data_retention", "We hold it no longer than is reasonably necessary."),
    ("es", "data_retention", "Las grabaciones de voz se borran a los 60 días."),
    ("fr", "data_retention", "Les enregistrements sont supprimés au bout de 30 jours."),
    ("de", "data_retention", "Sprachaufnahmen werden nach 30 Tagen automatisch gelöscht."),
    ("pt", "data_retention", "As gravações de voz são apagadas após 30 dias."),
    # use of information
    ("en", "use_of_info", "Recordings are used only to improve answers."),
    ("en", "use_of_info", "We collect answers, and use them only to pick the next one."),
    ("es", "use_of_info", "Para adaptar los ejercicios al nivel de cada alumno."),
    ("fr", "use_of_info", "Afin de sauvegarder la progression d'une séance à l'autre."),
    ("de", "use_of_info", "Um passende Aufgaben auszuwählen und den Fortschritt anzuzeigen."),
    ("pt", "use_of_info", "Para salvar o progresso e adaptar os desafios."),
]


@pytest.mark.parametrize(("lang", "element", "sentence"), CASES,
                         ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_element_phrasing(signals: Any, lang: str, element: str, sentence: str) -> None:
    base = signals(BASE[lang], lang=lang)
    assert base["coppa_notice"].value, "the minimal notice must be a notice"
    assert element not in base["coppa_elements"].elements
    out = signals(BASE[lang] + f"<p>{sentence}</p>", lang=lang)
    assert out["coppa_notice"].value
    assert element in out["coppa_elements"].elements, out["coppa_elements"].elements


def test_sentences_next_to_a_core_sentence_count_under_any_heading(signals: Any) -> None:
    """A notice under a heading that does not name children: the sentence beside the
    collection-with-consent sentence still says how the data is used and shared."""
    body = ("<h2>In our games</h2><p>Our games are made for children under 13. With a "
            "parent's consent, we collect a player nickname and in-game progress. We use "
            "this information to run the game. We share this information only with our "
            "cloud provider.</p><h2>Forums</h2><p>We use forum posts to rank threads.</p>")
    out = signals(body)
    assert out["coppa_notice"].value
    assert {"use_of_info", "disclosure_practices"} <= set(out["coppa_elements"].elements)


def test_a_disclaimer_still_gives_no_elements(signals: Any) -> None:
    body = ("<h2>Children</h2><p>Our service is not directed to children under 13. If you "
            "are a parent and believe your child gave us information, you can ask us to "
            "delete it, and it is deleted within 30 days.</p>")
    out = signals(body)
    assert not out["coppa_notice"].value
    assert out["coppa_elements"].elements == []
