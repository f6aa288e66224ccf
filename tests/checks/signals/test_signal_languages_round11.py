"""Round 11, learnt from the tenth collection's development part (German, Spanish and
Portuguese documents, scored before anyone tuned on them). German: content taken down
after a notice about it, a removal said as a noun, reports sent to a forum's moderator
or through a "Melden-Button", adults-only registration, "Erfahren Sie mehr" that is no
discovery of a child. In all languages where the wording exists: a minimum age said as
who may join, people who look for under-age users, efforts to keep inappropriate content
or outputs from appearing, staff who take up every report, moderators named as a
meeting's role beside hosts and participants, content that "can be reported" through a
named way, machine-learning models named as such. Each rule sits beside a sentence it
must not catch (the Spanish report button and the Spanish and Portuguese "anyone over N"
held before this round and stay as guards)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from auditor.models import Signal

Run = Callable[..., dict[str, Signal]]


def _has(signals: Run, signal: str, text: str, lang: str) -> bool:
    return bool(signals(f"<p>{text}</p>", lang=lang)[signal].value)


CASES = [
    # (signal, language, caught, left alone)
    ("content_moderation", "de",
     "Sollte einem Nutzer eine solche Rechtsverletzung bekannt sein, bitten wir um eine "
     "Mitteilung. Die entsprechenden Inhalte werden dann umgehend entfernt.",
     "Sollte einem Nutzer ein Fehler auffallen, bitten wir um eine Mitteilung. Die "
     "entsprechenden Seiten werden dann umgehend aktualisiert."),
    ("content_moderation", "de",
     "Die Nichtbeachtung dieser Regeln berechtigt uns zur sofortigen Deaktivierung "
     "betroffener Angebote.",
     "Die Deaktivierung Ihres Kontos ist jederzeit in den Einstellungen möglich."),
    ("content_moderation", "de",
     "Wir unternehmen angemessene Anstrengungen, um unangemessene Inhalte zu verhindern.",
     "Wir unternehmen angemessene Anstrengungen, um Verzögerungen zu verhindern."),
    ("content_moderation", "de", "Unsere Mitarbeiter kümmern sich um jeden Hinweis.",
     "Unsere Mitarbeiter kümmern sich um jede Bestellung."),
    ("content_moderation", "en",
     "We make reasonable efforts to prevent inappropriate content from appearing.",
     "We make reasonable efforts to prevent delays in delivery."),
    ("content_moderation", "en", "Our staff take care of every report.",
     "Our staff take care of every order."),
    ("content_moderation", "pt",
     "A empresa poderá remover tais Conteúdos por enviar materiais que violam os Termos.",
     "A empresa poderá remover tais Conteúdos a pedido do próprio autor."),
    ("content_moderation", "es",
     "Trabajamos para evitar contenidos inapropiados en el chat.",
     "Trabajamos para evitar retrasos en el envío."),
    ("reporting_mechanism", "de",
     "Wenn es doch zu Streit kommen sollte, meldet es bei dem Moderator des Forums.",
     "Wenn es doch zu Streit kommen sollte, sprecht miteinander."),
    ("reporting_mechanism", "de",
     "Jeder Nutzer hat das Recht, Inhalte, die gegen diese Regeln verstoßen, dem "
     "Gruppenmoderator zu melden.",
     "Jeder Nutzer hat das Recht, sich beim Gruppenmoderator vorzustellen."),
    ("reporting_mechanism", "de",
     "Bei jedem Beitrag findest du einen Melden-Button.",
     "Bei jedem Beitrag findest du einen Teilen-Button."),
    ("reporting_mechanism", "pt",
     "Qualquer post que viole estas regras pode ser denunciado utilizando a ferramenta "
     "interna e será enviado aos moderadores.",
     "Qualquer dúvida pode ser resolvida utilizando a ferramenta interna."),
    ("reporting_mechanism", "es",
     "Cualquier publicación ofensiva puede ser denunciada mediante el botón de la aplicación.",
     "Cualquier publicación puede ser compartida mediante el botón de la aplicación."),
    ("children_disclaimer", "en", "Anyone who is over 13 years old can become a user.",
     "Anyone who is over 13 years old can read our blog."),
    ("children_disclaimer", "de", "Jeder, der über 13 Jahre alt ist, kann ein Benutzer werden.",
     "Jeder, der über 13 Jahre alt ist, kann den Blog lesen."),
    ("children_disclaimer", "de", "Die Registrierung ist nur Volljährigen erlaubt.",
     "Die Registrierung ist nur mit einer E-Mail-Adresse möglich."),
    ("children_disclaimer", "es",
     "Cualquier persona mayor de 14 años puede registrarse en la plataforma.",
     "Cualquier persona puede registrarse en la plataforma."),
    ("children_disclaimer", "pt",
     "Qualquer pessoa maior de 13 anos pode se cadastrar e usar os nossos serviços com a "
     "sua conta.",
     "Qualquer pessoa pode se cadastrar e usar os nossos serviços com a sua conta."),
    ("age_assurance", "en", "Moderators use recordings to identify underage users.",
     "Moderators use recordings to identify rule breakers."),
    ("age_assurance", "es",
     "Los moderadores utilizan grabaciones para identificar a usuarios menores de edad.",
     "Los moderadores utilizan grabaciones para identificar a usuarios conflictivos."),
    ("ai_mention_only", "es",
     "La herramienta utiliza modelos de aprendizaje para estimar el alcance de un sitio.",
     "La herramienta utiliza estadísticas para estimar el alcance de un sitio."),
]


@pytest.mark.parametrize(("signal", "lang", "caught", "alone"), CASES)
def test_round11_rule_and_its_near_miss(signals: Run, signal: str, lang: str, caught: str,
                                        alone: str) -> None:
    assert _has(signals, signal, caught, lang), caught
    assert not _has(signals, signal, alone, lang), alone


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The assistant is available to signed-in users, including hosts, moderators or "
           "participants."),
    ("de", "Der Assistent ist für angemeldete Benutzer verfügbar, einschließlich Hosts, "
           "Moderatoren oder Teilnehmern."),
])
def test_moderators_as_a_meetings_role_are_no_moderation(signals: Run, lang: str,
                                                         text: str) -> None:
    assert not _has(signals, "content_moderation", text, lang)


def test_learn_more_is_no_discovery_of_a_child(signals: Run) -> None:
    text = ("Erfahren Sie mehr über den Club, wo Kinder und Jugendliche das Programmieren "
            "lernen können.")
    assert not _has(signals, "children_disclaimer", text, "de")
    found = ("Wenn wir erfahren, dass wir Daten eines Kindes unter 16 Jahren erhalten haben, "
             "löschen wir sie.")
    assert _has(signals, "children_disclaimer", found, "de")


def test_a_way_in_for_younger_children_is_still_no_disclaimer(signals: Run) -> None:
    text = ("Anyone who is over 13 years old can become a user. Younger children may join "
            "with a parent's consent.")
    assert not _has(signals, "children_disclaimer", text, "en")


@pytest.mark.parametrize(("text", "sentences"), [
    ("Die Nutzung ist untersagt, wenn Sie das 16. Lebensjahr noch nicht vollendet haben. "
     "Danach nicht.", 2),
    ("Gemäß Art. 8 Abs. 1 lit. a DSGVO gilt dies z. B. für Kinder. Das ist so.", 2),
    ("We collect data, e.g. your name. You are under 13. Parents may ask.", 3),
    ("I am 16. You are 13.", 2),
    ("Die App ist freigegeben ab 16. Jüngere Nutzer dürfen sie nicht verwenden.", 2),
])
def test_abbreviations_citations_and_german_ordinals_end_no_sentence(
        text: str, sentences: int) -> None:
    from checks.signals._page import _sentences

    assert len(_sentences(text)) == sentences, [s[2] for s in _sentences(text)]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "If you are not of age, you may only use the chatbot with the consent of your "
           "legal guardian. Use is prohibited if you are under 16."),
    ("de", "Wenn Sie nicht volljährig sind, dürfen Sie den Chatbot nur mit Einwilligung Ihres "
           "gesetzlichen Vertreters nutzen. Die Nutzung ist untersagt, wenn Sie das 16. "
           "Lebensjahr noch nicht vollendet haben."),
])
def test_a_route_for_minors_above_a_floor_leaves_the_floor_standing(
        signals: Run, lang: str, text: str) -> None:
    # "not of age" / "nicht volljährig" names the age of majority: the consent route
    # lets in those between 16 and 18, not those below 16
    assert _has(signals, "children_disclaimer", text, lang)


@pytest.mark.parametrize(("caught", "alone"), [
    ("You may not use the service if you are under 13.",
     "You may not use the service if you are under 13 unless your parent agrees."),
    ("Use of the service is prohibited if you are under 16.",
     "Use of the service is prohibited if you are in a sanctioned country."),
])
def test_the_bar_before_its_condition(signals: Run, caught: str, alone: str) -> None:
    assert _has(signals, "children_disclaimer", caught, "en")
    assert not _has(signals, "children_disclaimer", alone, "en")


BATCH_TWO = [
    # (signal, language, caught, left alone): learnt from the second batch and the
    # German AI pages of the first
    ("ai_disclosure", "de",
     "Der KI-Assistent ist als private Chat-Schnittstelle innerhalb von Meetings zugänglich.",
     "Der KI-Assistent ist nur für angemeldete Benutzer in Meetings zugänglich."),
    ("ai_disclosure", "de",
     "Willkommen zu HAWKI, das Sprachmodelle von mehreren Anbietern zur Verfügung stellt.",
     "Willkommen zu unserem Portal, das Kursunterlagen von mehreren Anbietern zur Verfügung "
     "stellt."),
    ("reporting_mechanism", "de",
     "Nutzt das Report-Interface, statt uns Direktnachrichten zu schicken.",
     "Nutzt das Suchfeld, statt uns Direktnachrichten zu schicken."),
    ("reporting_mechanism", "de",
     "Vermutete Rechtsverletzungen bitte an kontakt@example.org melden.",
     "Fragen zur Rechnung bitte an kontakt@example.org senden."),
    ("content_moderation", "de",
     "Wir werden auch alle Inhalte aus der öffentlichen Zeitleiste entfernen, die wir für "
     "hasserfüllt halten.",
     "Wir werden auch alle Inhalte aus der öffentlichen Zeitleiste entfernen, die älter als "
     "ein Jahr sind."),
    ("content_moderation", "de",
     "Für Kinder und Jugendliche ungeeignete Werbung und Inhalte im Forum werden ausgeblendet.",
     "Ältere Beiträge im Forum werden nach einer Woche ausgeblendet."),
    ("children_disclaimer", "de",
     "Es soll verhindert werden, dass sich Personen unter 10 Jahren anmelden.",
     "Es soll verhindert werden, dass sich Personen doppelt anmelden."),
    ("content_moderation", "fr",
     "Les questions bloquées, par exemple celles qui contiennent des propos offensants, ne sont "
     "pas transmises.",
     "Les questions en double ne sont pas transmises."),
    ("ai_disclosure", "fr",
     "Nous conservons les messages et conversations avec les assistants IA pendant un an.",
     "Nous conservons les messages et conversations avec le service client pendant un an."),
    ("children_disclaimer", "es",
     "La aplicación está destinada a audiencias generales y no recopila información personal "
     "de menores de 13 años.",
     "La aplicación está destinada a estudiantes y recopila información personal con permiso "
     "de sus padres."),
    ("reporting_mechanism", "es",
     "Si presencias un comportamiento inaceptable, repórtalo al equipo de moderación.",
     "Si tienes una idea para la aplicación, cuéntasela al equipo de diseño."),
    ("reporting_mechanism", "pt",
     "Para dúvidas, suporte ou denúncias, entre em contato através do e-mail do projeto.",
     "Para dúvidas ou suporte, consulte a página de ajuda do projeto."),
    ("ai_disclosure", "pt",
     "Processamos o texto das mensagens para a geração das respostas de Inteligência "
     "Artificial.",
     "Processamos o texto das mensagens para a entrega das notificações do aplicativo."),
    ("content_moderation", "pt",
     "O projeto não se responsabiliza pelo conteúdo dos usuários, mas se reserva o direito de "
     "remover materiais que violem estes Termos ou a legislação vigente.",
     "O projeto não se responsabiliza pelo conteúdo dos usuários, mas se reserva o direito de "
     "remover materiais antigos do servidor quando não houver espaço."),
]


@pytest.mark.parametrize(("signal", "lang", "caught", "alone"), BATCH_TWO)
def test_second_batch_rule_and_its_near_miss(signals: Run, signal: str, lang: str,
                                             caught: str, alone: str) -> None:
    assert _has(signals, signal, caught, lang), caught
    assert not _has(signals, signal, alone, lang), alone
