"""English roles given to Spanish, French, German and Portuguese: the compliance claim's
veto (a duty on what others submit, the act said not to apply, cited for a definition)
and `coppa.directed` (the operator's own service made for children, one sentence of a
notice). With `directed`, the exclusions learnt the same participles, so "not made for
children" stays a disclaimer. Each rule sits beside a sentence it must not catch."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from auditor.models import Signal

Run = Callable[..., dict[str, Signal]]


def _values(signals: Run, text: str, lang: str) -> tuple[bool, bool]:
    got = signals(f"<p>{text}</p>", lang=lang)
    return bool(got["coppa_notice"].value), bool(got["children_disclaimer"].value)


@pytest.mark.parametrize(("lang", "duty", "claim"), [
    ("de", "Alle Daten, die Sie hochladen, müssen im Einklang mit dem COPPA stehen.",
     "Wir halten uns an den COPPA."),
    ("de", "Die App entspricht dem COPPA nicht mehr, da sie sich nicht an Kinder richtet.",
     "Die App entspricht dem COPPA."),
    ("fr", "Les contenus soumis doivent être conformes à la COPPA, conformément à la COPPA.",
     "Nous nous conformons à la COPPA."),
    ("es", "Los datos enviados deben cumplir la COPPA y cumplimos con la COPPA en lo que "
           "respecta a usted.", "Cumplimos con la COPPA."),
])
def test_a_duty_on_others_or_a_lapsed_act_is_no_compliance_claim(
        signals: Run, lang: str, duty: str, claim: str) -> None:
    assert not _values(signals, duty, lang)[0], duty
    assert _values(signals, claim, lang)[0], claim


@pytest.mark.parametrize(("lang", "made", "rights"), [
    ("de", "Unsere App wurde für Kinder entwickelt.",
     "Eltern können die Daten ihres Kindes jederzeit einsehen und löschen lassen."),
    ("fr", "Notre application est conçue pour les enfants.",
     "Les parents peuvent consulter et supprimer les données de leur enfant."),
    ("es", "Nuestra aplicación está diseñada para niños.",
     "Los padres pueden revisar y eliminar los datos de sus hijos."),
    ("pt", "Nosso aplicativo é feito para crianças.",
     "Os pais podem revisar e excluir os dados de seus filhos."),
])
def test_a_service_made_for_children_with_parents_rights_is_a_notice(
        signals: Run, lang: str, made: str, rights: str) -> None:
    assert _values(signals, f"{made} {rights}", lang)[0]
    assert not _values(signals, rights, lang)[0], "one sentence of parents' rights alone"


@pytest.mark.parametrize(("lang", "text"), [
    ("de", "Unsere App ist nicht für Kinder entwickelt."),
    ("fr", "Notre application n'est pas pensée pour les enfants."),
    ("es", "Nuestra aplicación no es hecha para niños."),
    ("pt", "Nosso aplicativo não é feito para crianças."),
])
def test_not_made_for_children_is_a_disclaimer_and_no_notice(
        signals: Run, lang: str, text: str) -> None:
    rights = {"de": "Eltern können die Daten ihres Kindes jederzeit einsehen und löschen lassen.",
              "fr": "Les parents peuvent consulter et supprimer les données de leur enfant.",
              "es": "Los padres pueden revisar y eliminar los datos de sus hijos.",
              "pt": "Os pais podem revisar e excluir os dados de seus filhos."}[lang]
    assert _values(signals, f"{text} {rights}", lang) == (False, True)


def test_offers_dedicated_to_children_do_not_make_a_childrens_service(signals: Run) -> None:
    # a shop's birthday offers "for children" are not the service made for them
    text = ("Offres spéciales anniversaire dédiées aux enfants de l'abonné. Le site n'est pas "
            "destiné aux enfants de moins de 13 ans.")
    assert _values(signals, text, "fr") == (False, True)
