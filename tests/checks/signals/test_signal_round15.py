"""Round 15, learnt from the second reading of the development part (2026-12-08): every
document labelled once was labelled again, blind, and the differences adjudicated; the
moderation labels grew by a tenth, mostly stock clauses the first readers had passed
over. Wordings many terms share: a right kept "for any reason, including" a breach (it
covers removing what breaks the rules, unless the page says it does not look at what
users post), content "not in conformity with" the terms in Portuguese, Spanish, French
and German, communications monitored to protect users, content reviewed "for
compliance with" the guidelines by whoever does it, action taken against content that
breaks the rules, and accounts suspended for what they post. For education, short advice inside
policies: parents advised to use parental-control tools, a parent told what to do about
their child's online life (not about the child's data or purchases), and a young reader
told to talk with their parents before sharing something online (not before agreeing to
terms). Age checks asked of the reader in Spanish, French and German, and the same
checks denied in the four languages (a denial read as a check would be a false pass),
German steps to report a post, and a parents' guide about supervised accounts. Each rule
sits beside a sentence it must not catch."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from auditor.models import Signal
from auditor.parse.textdoc import parse_text
from tests.checks.signals.probes import in_page

Run = Callable[..., dict[str, Signal]]


CAUGHT = [
    # (language, caught, left alone)
    ("en", "We may, in our sole discretion and for any reason (including if we believe it "
           "breaks these Terms), remove any post.",
     "We may, in our sole discretion and for any reason, remove any post."),
    ("pt", "A Loja pode excluir os anúncios publicados que não estejam em conformidade com "
           "estes termos.",
     "A Loja pode excluir os anúncios publicados a pedido do anunciante."),
    ("es", "Podemos eliminar los comentarios que no sean conformes con estas condiciones.",
     "Podemos eliminar los comentarios cuando el autor lo solicite."),
    ("de", "Wir löschen Beiträge, die nicht unseren Nutzungsbedingungen entsprechen.",
     "Wir löschen Beiträge auf Wunsch der Verfasser."),
    ("fr", "Nous supprimons les annonces qui ne sont pas conformes.",
     "Nous supprimons les annonces au bout de trois mois."),
    ("en", "We may, at our discretion, review communications on the service to keep the "
           "community safe.",
     "We may, at our discretion, review communications on the service to improve our "
     "products."),
    ("en", "Our contractors help by reviewing submissions for compliance with our community "
           "guidelines.",
     "Our contractors help by reviewing submissions for typos."),
    ("en", "We take action against content and accounts that violate our policies.",
     "We take action on your request within thirty days."),
    ("en", "We may suspend accounts that repeatedly post hateful content.",
     "We may suspend accounts that repeatedly post content without paying."),
]


@pytest.mark.parametrize(("lang", "denial", "right"), [
    ("en", "Acme does not monitor or screen what members upload as content.",
     "Acme may remove any post for any reason, including when it breaks these Terms."),
    ("pt", "A Acme não monitora o conteúdo publicado pelos membros.",
     "A Acme pode excluir quaisquer publicações por qualquer motivo, incluindo as que violem "
     "estes termos."),
])
def test_a_right_kept_for_any_reason_stays_bare_where_the_practice_is_denied(
        signals: Run, lang: str, denial: str, right: str) -> None:
    assert in_page(signals, "content_moderation", f"<p>{right}</p>", lang)
    assert not in_page(signals, "content_moderation", f"<p>{denial}</p><p>{right}</p>", lang)


ADVICE = [
    # (language, advice, left alone)
    ("en", "Parents should consider using parental control tools to keep their children "
           "safe online.",
     "We use content filtering tools to keep the service free of harmful pages."),
    ("en", "Talk to your parents before you give anyone your phone number.",
     "If you are under 18, talk to your parents before agreeing to these terms."),
    ("pt", "Recomendamos que os pais utilizem ferramentas de controle parental nos "
           "dispositivos dos filhos. Os pais também podem acompanhar o uso da internet.",
     "Os pais podem pedir a exclusão dos dados dos filhos. Os pais também podem "
     "acompanhar o uso da internet."),
    ("es", "Habla con tus padres antes de compartir tu dirección en internet.",
     "Habla con tus padres antes de aceptar estos términos."),
    ("fr", "Nous recommandons aux parents d'utiliser un logiciel de contrôle parental.",
     "Nous recommandons aux parents de lire cette politique de confidentialité."),
    ("de", "Sprich mit deinen Eltern, bevor du deine Adresse im Internet angibst.",
     "Sprich mit deinen Eltern, bevor du die Nutzungsbedingungen akzeptierst."),
    ("en", "Keep the computer in a shared room so you can see what your children do online.",
     "You can see the information your children gave us online and ask us to delete it."),
    ("en", "Check the age rating of a game before your child downloads it.",
     "Check your child's account online to see the games they purchased."),
]


OTHER = [
    # (signal, language, caught, left alone): the reader asked to prove their age, and the
    # same check denied; steps to report something
    ("age_assurance", "es", "Podemos pedirte que verifiques tu edad con un documento de "
                            "identidad.",
     "No es necesario que verifiques tu edad."),
    ("age_assurance", "fr", "Nous pouvons vous demander de justifier votre âge au moyen "
                            "d'une pièce d'identité.",
     "Vous n'avez pas à justifier votre âge."),
    ("age_assurance", "de", "Wir können Sie bitten, Ihr Alter mit einem Ausweisdokument "
                            "nachzuweisen.",
     "Wir überprüfen das Alter unserer Nutzer nicht."),
    ("age_assurance", "pt", "Podemos solicitar que você comprove sua idade com um documento "
                            "de identidade.",
     "Não verificamos a sua idade."),
    ("minors_education", "en", "Read our Parents' Guide to learn how to set up supervised "
                               "accounts.",
     "Read our Parents' Guide to learn how to pay for a subscription."),
    ("reporting_mechanism", "de", "Um einen Beitrag zu melden, tippe auf die drei Punkte und "
                                  "wähle Melden.",
     "Um dein Passwort zu ändern, tippe auf die drei Punkte und wähle Einstellungen."),
]

PAIRS = [("content_moderation", *case) for case in CAUGHT] + \
    [("minors_education", *case) for case in ADVICE] + OTHER


@pytest.mark.parametrize(("signal", "lang", "caught", "left"), PAIRS,
                         ids=[f"{signal}-{lang}-{i}" for i, (signal, lang, _, _)
                              in enumerate(PAIRS)])
def test_wording_and_its_near_miss(signals: Run, signal: str, lang: str, caught: str,
                                   left: str) -> None:
    assert in_page(signals, signal, f"<p>{caught}</p>", lang)
    assert not in_page(signals, signal, f"<p>{left}</p>", lang)


def test_indented_markdown_prose_is_read_as_prose_with_its_links() -> None:
    source = ("# Privacy\n\n5.  Service providers\n\n"
              "        They help us by reviewing content for compliance with the "
              "[Terms of Use](https://example.com/terms).\n")
    doc = parse_text(source, "file:///policy.md", markdown=True)
    assert "compliance with the Terms of Use." in doc.text
    assert "](https" not in doc.text
