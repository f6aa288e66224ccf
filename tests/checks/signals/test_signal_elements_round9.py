"""Round 9: the COPPA notice elements read by structure (who does what to whose data).

Every probe runs a minimal children's notice that states no element, then adds one
sentence: a statement must bring its element in, a near miss must not. The sentences
are written for these tests, each rule with several shapes and two near misses.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from auditor.models import Signal

Run = Callable[..., dict[str, Signal]]

BASE = ("<h1>Children's Privacy</h1><p>We ask for a parent's verifiable consent before a "
        "child under 13 can join the club.</p>")


def _elements(signals: Run, sentence: str) -> set[str]:
    out = signals(f"{BASE}<p>{sentence}</p>")
    assert out["coppa_notice"].value, sentence
    return set(out["coppa_elements"].elements or [])


def test_the_base_notice_states_no_element(signals: Run) -> None:
    out = signals(BASE)
    assert out["coppa_notice"].value
    assert not out["coppa_elements"].elements


STATED = [
    # info_collected: the operator, the service or a passive collects named data
    ("info_collected", "When a child signs up, we ask for a display name and a birth year."),
    ("info_collected", "The game records each player's scores and chat messages."),
    ("info_collected", "A parent's e-mail address is requested at sign-up."),
    ("info_collected", "We invite children to create a username and an avatar."),
    # use_of_info: a modal or denied use of the data
    ("use_of_info", "A child's first name will only be used to greet them on the home screen."),
    ("use_of_info", "We do not use children's details for advertising."),
    ("use_of_info", "Such data is solely used in order to save game progress."),
    # disclosure_practices: data given to a recipient, or children's data not shared
    ("disclosure_practices", "We may pass a student's contact details to the school that "
                             "enrolled them."),
    ("disclosure_practices", "Under no circumstances do we rent out what we hold."),
    ("disclosure_practices", "We never trade or share data from kids."),
    # parental_rights: the operator acts at the parent's request
    ("parental_rights", "At your request, we will delete your child's account and saved "
                        "drawings."),
    ("parental_rights", "Upon a parent's written request we will provide the information "
                        "held about their child."),
    ("parental_rights", "On your request we correct any details we hold about your son."),
    # no_conditioning: no more data than needed, whatever stands between the words
    ("no_conditioning", "We do not ask kids for more personal contact information from them "
                        "than the game truly needs."),
    ("no_conditioning", "A child never has to hand over more data to play than is needed."),
    ("no_conditioning", "We only ask players for the information that is strictly necessary "
                        "to take part."),
    # consent_mechanism: the parent's e-mail used for consent, a parent replying with a
    # form, a school consenting in the parent's place
    ("consent_mechanism", "When a child signs up we ask for a parent's e-mail address and "
                          "send a link to give permission."),
    ("consent_mechanism", "A guardian can reply to our message with a signed form."),
    ("consent_mechanism", "The school gives consent on the parents' behalf for classroom "
                          "accounts."),
    ("consent_mechanism", "Teachers obtain consent from the parents before creating "
                          "accounts."),
    ("consent_mechanism", "We will then e-mail you a link to set up the account for your "
                          "child."),
    # data_retention: kept no longer, or left in back-ups for a while
    ("data_retention", "Recordings are not stored once the lesson ends."),
    ("data_retention", "Old drawings may persist in archived logs until the next monthly "
                       "purge."),
    ("data_retention", "A child's voice clip is never kept after it has been turned into "
                       "text."),
]


@pytest.mark.parametrize(("element", "sentence"), STATED)
def test_a_stated_element_is_found(signals: Run, element: str, sentence: str) -> None:
    assert element in _elements(signals, sentence)


NEAR_MISSES = [
    ("info_collected", "You may request a copy by sending us an email."),
    ("info_collected", "If we change the way we collect, use or share data, we will tell "
                       "you by email."),
    ("info_collected", "Once parental consent is obtained by e-mail, the child can start "
                       "playing."),
    ("use_of_info", "Our advertising partners may use cookies to measure their campaigns."),
    ("use_of_info", "The model provider does not use this data to train their models."),
    ("disclosure_practices", "We share tips with parents in our newsletter."),
    ("disclosure_practices", "We give parents the choice to turn chat off."),
    ("parental_rights", "At your request, we will send you our product catalogue."),
    ("parental_rights", "We ask a parent to confirm consent before further collection of "
                        "the child's data."),
    ("no_conditioning", "We collect more information than most apps, as explained below."),
    ("no_conditioning", "No child may spend more time than needed on the leaderboard."),
    ("consent_mechanism", "We will email you our newsletter once a month."),
    ("consent_mechanism", "You can withdraw your consent by e-mail at any time."),
    ("data_retention", "This offer will not be kept open after Friday."),
    ("data_retention", "You have a right of objection to retention."),
    ("data_retention", "The app will remain in beta for a few months."),
]


@pytest.mark.parametrize(("element", "sentence"), NEAR_MISSES)
def test_a_near_miss_is_not_an_element(signals: Run, element: str, sentence: str) -> None:
    assert element not in _elements(signals, sentence)


GENERAL = ("<h1>Privacy Policy</h1><h2>Information we collect</h2><p>We collect the e-mail "
           "address of account holders.</p><h2>Children</h2><p>We collect a child's first "
           "name only with verifiable parental consent, and parents can review it at any "
           "time.</p><h2>Security</h2><p>{}</p>")


def _general(signals: Run, sentence: str) -> set[str]:
    out = signals(GENERAL.format(sentence))
    assert out["coppa_notice"].value, sentence
    return set(out["coppa_elements"].elements or [])


def test_outside_the_childrens_section_a_sentence_must_name_the_children(
        signals: Run) -> None:
    assert "data_retention" in _general(signals, "Audio a child records is deleted after "
                                                 "seven days.")
    assert "data_retention" in _general(signals, "Kids' drawings are erased within a week "
                                                 "of upload.")
    assert "data_retention" in _general(signals, "Once a minor closes the account, we "
                                                 "then delete the profile.")
    # the same practice about everyone's data is no statement about the children's, nor
    # is one that names children only as whom goods are for
    assert "data_retention" not in _general(signals, "Server logs are deleted after seven "
                                                     "days.")
    assert "data_retention" not in _general(
        signals, "Purchase records are deleted after seven years, as are orders of gifts for "
                 "kids.")
    assert "data_retention" not in _general(
        signals, "Order records are deleted after seven years, also for toys meant for kids.")
    # an exclusion names children but states no practice of the operator's
    assert "data_retention" not in _general(
        signals, "Our games are not directed to children under 13, and data sent by them "
                 "is deleted after seven days.")


MORE_STATED = [
    # the parent's e-mail address asked for: where e-mail consent starts
    ("consent_mechanism", "We first ask for a parent's e-mail address."),
    ("consent_mechanism", "A guardian's email address is required before a child can post."),
    ("consent_mechanism", "During sign-up the app requests the parent's email."),
    # a recipient named with a possessive ("each pupil's teacher")
    ("disclosure_practices", "We may provide these details to each pupil\u2019s class teacher."),
    ("disclosure_practices", "We pass the progress data to the child's parents every week."),
    ("disclosure_practices", "We send the score data to a player's school when asked."),
]

MORE_NEAR_MISSES = [
    ("consent_mechanism", "Parents' e-mail addresses are never shown to other players."),
    ("consent_mechanism", "We collect the parent company's email domain for billing."),
    ("disclosure_practices", "We provide information to parents about how our games work."),
    ("disclosure_practices", "Teachers can share lesson plans with each other."),
]


@pytest.mark.parametrize(("element", "sentence"), MORE_STATED)
def test_more_stated_elements_are_found(signals: Run, element: str, sentence: str) -> None:
    assert element in _elements(signals, sentence)


@pytest.mark.parametrize(("element", "sentence"), MORE_NEAR_MISSES)
def test_more_near_misses_are_not_elements(signals: Run, element: str, sentence: str) -> None:
    assert element not in _elements(signals, sentence)


FR_BASE = ("<h1>Confidentialité des enfants</h1><p>Nous collectons le prénom des enfants de "
           "moins de 13 ans uniquement avec le consentement de leurs parents.</p>")


def _french(signals: Run, sentence: str) -> set[str]:
    out = signals(f"{FR_BASE}<p>{sentence}</p>", lang="fr")
    assert out["coppa_notice"].value, sentence
    return set(out["coppa_elements"].elements or [])


def test_french_parent_email_asked_for_is_the_consent_method(signals: Run) -> None:
    assert "consent_mechanism" not in _french(signals, "Merci de votre visite.")
    assert "consent_mechanism" in _french(
        signals, "L'adresse électronique d'un parent est demandée avant toute inscription.")
    assert "consent_mechanism" in _french(
        signals, "Nous demandons l'adresse e-mail des parents lors de l'inscription.")
    assert "consent_mechanism" not in _french(
        signals, "L'adresse électronique des parents n'est jamais publiée.")


COMMON_SHAPES = [
    # info_collected: the child supplies the data, is asked for it, a lead-in, one exception
    ("info_collected", "Children may enter their first name and age when they create a "
                       "profile."),
    ("info_collected", "To create an account, a child provides a username and password."),
    ("info_collected", "Kids may be asked to provide their first name so we can personalize "
                       "the game."),
    ("info_collected", "Information collected from children: first name, grade level, and "
                       "progress in lessons."),
    ("info_collected", "We do not collect any personal information from children other than "
                       "a parent's email address."),
    # use_of_info: the operator uses the data, whatever the determiner
    ("use_of_info", "We use a child's information to operate the game and keep their "
                    "progress."),
    ("use_of_info", "We will use the parent's email address to send the consent request "
                    "and updates."),
    ("use_of_info", "We may use kids' account details for running the leaderboard."),
    # disclosure_practices: passive denials, the law as the only ground, posting, others
    # collecting through the service
    ("disclosure_practices", "Children's information is not sold or rented."),
    ("disclosure_practices", "Your child's information is never made public."),
    ("disclosure_practices", "Children's profiles are not visible to other users."),
    ("disclosure_practices", "We may share children's information if required by law."),
    ("disclosure_practices", "Children cannot post personal information publicly on the "
                             "service."),
    ("disclosure_practices", "We do not allow third parties to collect personal information "
                             "from children on our site."),
    # no_conditioning: participation made to depend on data
    ("no_conditioning", "We will not make a child's participation depend on giving us extra "
                        "personal information."),
    ("no_conditioning", "A child's participation is never contingent on sharing more data."),
    ("no_conditioning", "Participation in our clubs does not depend upon any information "
                        "beyond a first name."),
    # data_retention: a deadline, then the operator deletes
    ("data_retention", "If a parent does not consent within 14 days, we delete the parent's "
                       "email address."),
    ("data_retention", "Within a month of the last login we erase the profile."),
    ("data_retention", "After the contest ends, we promptly delete the entries."),
]

COMMON_NEAR_MISSES = [
    ("info_collected", "Children can create stories and games in the studio."),
    ("info_collected", "Children should never be asked to provide their home address by "
                       "strangers."),
    ("info_collected", "Information collected from adults is described above."),
    ("use_of_info", "We use cookies to remember settings."),
    ("use_of_info", "We use plain language to explain our practices."),
    ("disclosure_practices", "This page is not shared on social media."),
    ("disclosure_practices", "We provide information required by law in this notice."),
    ("disclosure_practices", "We post updates publicly on our blog."),
    ("disclosure_practices", "We do not allow children to collect points without logging in."),
    ("no_conditioning", "Participation in the contest depends on the rules below."),
    ("no_conditioning", "Children's participation in class is up to their teacher."),
    ("data_retention", "Within the parent dashboard, we explain how to delete a profile."),
    ("data_retention", "After you log in, we show the list of games."),
]


@pytest.mark.parametrize(("element", "sentence"), COMMON_SHAPES)
def test_common_notice_shapes_are_found(signals: Run, element: str, sentence: str) -> None:
    assert element in _elements(signals, sentence)


@pytest.mark.parametrize(("element", "sentence"), COMMON_NEAR_MISSES)
def test_common_near_misses_are_not_elements(signals: Run, element: str,
                                             sentence: str) -> None:
    assert element not in _elements(signals, sentence)


PASSIVE_SHAPES = [
    # info_collected: saved, logged or captured data; a list continuing the sentence before
    ("info_collected", "Your child's first name and avatar are saved on our servers."),
    ("info_collected", "Through the microphone, the app captures a child's voice to "
                       "recognise answers."),
    ("info_collected", "This may include a child's name, age, and voice recordings."),
    # use_of_info: processing for a purpose; the data lets the operator do something
    ("use_of_info", "We process children's data for the purposes of running the lessons."),
    ("use_of_info", "This information allows us to save your child's progress."),
    ("use_of_info", "Such details help us to pick the right reading level."),
    # disclosure_practices: passive shares, limits and denials
    ("disclosure_practices", "Personal information from children is never sold."),
    ("disclosure_practices", "Children's data may be disclosed to comply with a legal "
                             "obligation."),
    ("disclosure_practices", "A child's details are only shared with the teacher who set up "
                             "the class."),
    # parental_rights: having the child's data removed
    ("parental_rights", "Contact us to have your child's information removed."),
    ("parental_rights", "You can have your kid's profile deleted at any time."),
    ("parental_rights", "Parents may review their child's progress records whenever they "
                        "like."),
    # consent_mechanism: consent confirmed or recorded through a method; schools for parents
    ("consent_mechanism", "Parents confirm their consent through a link we send by email."),
    ("consent_mechanism", "Schools may consent on behalf of parents for classroom use."),
    ("consent_mechanism", "We record consent via a signed letter from the parent."),
    # data_retention: discarded, overwritten, disposed of
    ("data_retention", "Voice recordings are discarded immediately after processing."),
    ("data_retention", "Photos are overwritten once the next picture is taken."),
    ("data_retention", "Audio is disposed of within a day."),
]

PASSIVE_NEAR_MISSES = [
    ("info_collected", "You can change your username at any time."),
    ("info_collected", "Please do not give your child's name to strangers online."),
    ("use_of_info", "We use secure servers."),
    ("use_of_info", "Children may use the chat only with friends approved by a parent."),
    ("disclosure_practices", "Please share this page with other parents."),
    ("disclosure_practices", "Children can share their artwork with family."),
    ("parental_rights", "Parents can see how long their child played today."),
    ("parental_rights", "You can delete the app from your device."),
    ("consent_mechanism", "We will email you when new games are released."),
    ("consent_mechanism", "Parents must consent before a child can use the chat."),
    ("data_retention", "We keep improving our games."),
    ("data_retention", "We store games on our website."),
]


@pytest.mark.parametrize(("element", "sentence"), PASSIVE_SHAPES)
def test_passive_shapes_are_found(signals: Run, element: str, sentence: str) -> None:
    assert element in _elements(signals, sentence)


@pytest.mark.parametrize(("element", "sentence"), PASSIVE_NEAR_MISSES)
def test_passive_near_misses_are_not_elements(signals: Run, element: str,
                                              sentence: str) -> None:
    assert element not in _elements(signals, sentence)


OTHER_LANGUAGES = [
    ("fr", "use_of_info", "Ces données sont utilisées uniquement pour sauvegarder la "
                          "progression."),
    ("fr", "use_of_info", "Nous utilisons les données de votre enfant pour adapter les "
                          "exercices."),
    ("fr", "parental_rights", "Les parents peuvent demander la suppression des données de "
                              "leur enfant."),
    ("fr", "consent_mechanism", "Nous envoyons un e-mail au parent pour obtenir son "
                                "consentement."),
    ("fr", "consent_mechanism", "Le consentement parental est recueilli par e-mail."),
    ("fr", "data_retention", "Les données de l'enfant sont conservées pendant la durée de "
                             "l'abonnement."),
    ("es", "use_of_info", "Estos datos se utilizan únicamente para guardar el progreso."),
    ("es", "disclosure_practices", "Los datos de los niños nunca se venden."),
    ("es", "consent_mechanism", "Enviamos un correo electrónico al padre o tutor para obtener "
                                "su consentimiento."),
    ("es", "consent_mechanism", "El consentimiento de los padres se obtiene por correo "
                                "electrónico."),
    ("es", "data_retention", "Los datos del niño se conservan mientras la cuenta esté "
                             "activa."),
    ("es", "data_retention", "Borramos las grabaciones en cuanto termina la sesión."),
    ("de", "data_retention", "Die Daten des Kindes werden gespeichert, solange das Konto "
                             "besteht."),
    ("de", "data_retention", "Wir löschen die Aufnahmen, sobald die Übung beendet ist."),
    ("pt", "use_of_info", "Esses dados são usados apenas para salvar o progresso."),
    ("pt", "disclosure_practices", "Os dados das crianças nunca são vendidos."),
    ("pt", "consent_mechanism", "Enviamos um e-mail aos pais para obter o consentimento."),
    ("pt", "data_retention", "Os dados da criança são mantidos enquanto a conta estiver "
                             "ativa."),
    ("pt", "data_retention", "Excluímos as gravações assim que a sessão termina."),
]

OTHER_NEAR_MISSES = [
    ("fr", "use_of_info", "Les enfants utilisent la tablette pour dessiner."),
    ("fr", "consent_mechanism", "Nous envoyons un e-mail aux abonnés chaque semaine."),
    ("fr", "parental_rights", "Les parents peuvent demander un rendez-vous."),
    ("fr", "data_retention", "Les jeux sont conservés dans un coffre."),
    ("es", "use_of_info", "Los niños usan la tableta para dibujar."),
    ("es", "disclosure_practices", "Los juegos nunca se venden en tiendas."),
    ("es", "consent_mechanism", "Enviamos un correo a los suscriptores."),
    ("es", "data_retention", "Los juegos se guardan en la nube."),
    ("de", "data_retention", "Die Einstellungen werden gespeichert."),
    ("de", "data_retention", "Wir löschen keine Spielstände ohne Ihre Zustimmung."),
    ("pt", "use_of_info", "As crianças usam o tablet para desenhar."),
    ("pt", "disclosure_practices", "Os jogos não são vendidos em lojas."),
    ("pt", "consent_mechanism", "Enviamos um e-mail aos assinantes."),
    ("pt", "data_retention", "Os jogos são guardados na nuvem."),
]


LANG_BASE = {
    "fr": "<h1>Vie privée des enfants</h1><p>Nous recueillons le prénom des enfants de moins "
          "de 13 ans seulement avec le consentement vérifiable de leurs parents.</p>",
    "es": "<h1>Privacidad de los niños</h1><p>Recogemos el nombre de pila de los niños "
          "menores de 13 años solo con el consentimiento verificable de sus padres.</p>",
    "de": "<h1>Datenschutz für Kinder</h1><p>Wir erheben nur mit der nachprüfbaren "
          "Einwilligung der Eltern den Vornamen von Kindern unter 13 Jahren.</p>",
    "pt": "<h1>Privacidade das crianças</h1><p>Recolhemos o primeiro nome de crianças "
          "menores de 13 anos somente com o consentimento verificável dos pais.</p>",
}


def test_the_other_languages_base_notices_state_no_element(signals: Run) -> None:
    for lang, body in LANG_BASE.items():
        out = signals(body, lang=lang)
        assert out["coppa_notice"].value, lang
        assert not set(out["coppa_elements"].elements or []) - {"info_collected"}, lang


def _in_language(signals: Run, lang: str, sentence: str) -> set[str]:
    out = signals(f"{LANG_BASE[lang]}<p>{sentence}</p>", lang=lang)
    assert out["coppa_notice"].value, sentence
    return set(out["coppa_elements"].elements or [])


@pytest.mark.parametrize(("lang", "element", "sentence"), OTHER_LANGUAGES)
def test_other_languages_state_the_same_structures(signals: Run, lang: str, element: str,
                                                   sentence: str) -> None:
    assert element in _in_language(signals, lang, sentence)


@pytest.mark.parametrize(("lang", "element", "sentence"), OTHER_NEAR_MISSES)
def test_other_languages_near_misses(signals: Run, lang: str, element: str,
                                     sentence: str) -> None:
    assert element not in _in_language(signals, lang, sentence)


def test_each_elements_evidence_names_its_own_lexicon_entry(signals: Run) -> None:
    # one sentence states two elements: each quote is tagged with its own element's entry
    out = signals(f"{BASE}<p>We use the parent's email address only to send a link to give "
                  "permission.</p>")
    elements = out["coppa_elements"]
    assert {"use_of_info", "consent_mechanism"} <= set(elements.elements)
    for evidence in elements.evidence:
        if evidence.note in ("use_of_info", "consent_mechanism"):
            assert evidence.rule is not None
            assert evidence.rule.startswith(f"coppa_elements.{evidence.note}["), evidence


OTHERS_KEEP = [
    # someone other than the operator keeps or deletes: no retention of the operator's
    ("data_retention", "Some browsers let you delete cookies after each session.", False),
    ("data_retention", "Social media platforms may retain data for years.", False),
    ("data_retention", "Other apps may keep your child's messages until they are deleted.",
     False),
    # the operator's own keeping still counts, also beside another platform's
    ("data_retention", "Our service providers keep the data for 30 days on our behalf.", True),
    ("data_retention", "We keep the data while the account is open, though other platforms "
                       "may differ.", True),
    ("data_retention", "We erase the drawings when a parent closes the account.", True),
    # a duty placed on teachers is no consent method of the operator's
    ("consent_mechanism", "Teachers must obtain consent from parents before using "
                          "third-party apps.", False),
    ("consent_mechanism", "Schools are required to get consent from the parents first.",
     False),
    ("consent_mechanism", "Our partner schools obtain consent from the parents at "
                          "enrolment.", True),
]


@pytest.mark.parametrize(("element", "sentence", "stated"), OTHERS_KEEP)
def test_practices_of_others_are_not_the_operators(signals: Run, element: str, sentence: str,
                                                   stated: bool) -> None:
    assert (element in _elements(signals, sentence)) is stated


def test_a_table_of_contents_is_no_use_of_the_data(signals: Run) -> None:
    # "how we use" heads a section or a question; inside a summary it states no use
    assert "use_of_info" not in _elements(
        signals, "This notice explains what we collect, how we use it, and your choices.")
    assert "use_of_info" not in _elements(
        signals, "Read on to learn how we use cookies and what we collect.")
    out = signals(f"{BASE}<h2>How we use a child's information</h2><p>Nicknames appear on "
                  "the scoreboard.</p>")
    assert "use_of_info" in set(out["coppa_elements"].elements or [])
    out = signals(f"{BASE}<h2>3. How do we use it?</h2><p>Nicknames appear on the "
                  "scoreboard.</p>")
    assert "use_of_info" in set(out["coppa_elements"].elements or [])


METHOD_SHAPES = [
    ("consent_mechanism", "Before a child can chat, a parent must approve the request in the "
                          "parent app.", True),
    ("consent_mechanism", "We charge a small fee to the parent's card, which is refunded, to "
                          "confirm consent.", True),
    ("consent_mechanism", "To verify consent, we may ask a parent to answer questions only an "
                          "adult would know.", True),
    ("consent_mechanism", "We notify the parent by email and ask them to confirm the account "
                          "by replying.", True),
    ("consent_mechanism", "We use a third-party verification service to confirm that you are "
                          "an adult.", True),
    ("consent_mechanism", "A parent creates the child's account using the parent's own "
                          "verified account.", True),
    ("consent_mechanism", "Parents can review data in the parent dashboard.", False),
    ("consent_mechanism", "We charge a fee to your card each month for the subscription.",
     False),
    ("consent_mechanism", "Only an adult can answer billing questions.", False),
    ("consent_mechanism", "Parents can confirm their email address by clicking the link to "
                          "receive newsletters.", False),
    ("consent_mechanism", "Our verification service checks that emails are delivered.", False),
    ("consent_mechanism", "Verified accounts get a blue badge.", False),
    ("disclosure_practices", "Third parties do not collect personal information from "
                             "children through our service.", True),
    ("disclosure_practices", "Children cannot make their personal information public.", True),
    ("disclosure_practices", "Advertisers never gather data from kids in our games.", True),
    ("disclosure_practices", "Third parties may collect data on their own sites.", False),
    ("disclosure_practices", "We make our annual report public.", False),
    ("use_of_info", "We use the information children provide only to run the activity they "
                    "join.", True),
    ("use_of_info", "We use the same information standards as other schools.", False),
]


@pytest.mark.parametrize(("element", "sentence", "stated"), METHOD_SHAPES)
def test_consent_methods_and_others_collecting(signals: Run, element: str, sentence: str,
                                               stated: bool) -> None:
    assert (element in _elements(signals, sentence)) is stated


CONTACTS = [
    ("<p>Acme Games, 500 Market Street, Suite 2, San Francisco, CA 94105, "
     "privacy@acme.test</p>", True),
    ("<p>Kidsoft Studio, 4 Rue des Lilas, 75011 Paris, phone +33 1 23 45 67 89</p>", True),
    ("<p>You can reach our privacy team at privacy@acme.test.</p>", True),
    ("<p>Our games are made in a studio at 500 Market Street, San Francisco, CA 94105.</p>",
     False),
    ("<p>Kids can email their friends from the app.</p>", False),
    ("<p>Send feedback through the form on our website.</p>", False),
]


@pytest.mark.parametrize(("body", "stated"), CONTACTS)
def test_an_address_block_or_the_operators_team_is_a_contact(signals: Run, body: str,
                                                              stated: bool) -> None:
    out = signals(BASE + body)
    assert ("operator_contact" in set(out["coppa_elements"].elements or [])) is stated


MORE_LANGUAGES = [
    ("fr", "parental_rights", "Vous pouvez à tout moment demander l'effacement des données "
                              "de votre enfant.", True),
    ("fr", "parental_rights", "Vous pouvez demander l'accès au club de lecture.", False),
    ("fr", "use_of_info", "Le prénom sert uniquement à personnaliser les histoires.", True),
    ("fr", "use_of_info", "Ce bouton sert à fermer la fenêtre.", False),
    ("de", "info_collected", "Die App speichert den Spielfortschritt und den Vornamen des "
                             "Kindes.", True),
    ("de", "use_of_info", "Wir nutzen den Vornamen nur, um die Geschichten zu "
                          "personalisieren.", True),
    ("de", "use_of_info", "Kinder nutzen die App gern, um zu malen.", False),
    ("de", "disclosure_practices", "Wir verkaufen die Daten Ihres Kindes niemals.", True),
    ("de", "disclosure_practices", "Unsere Bücher verkaufen wir nur im eigenen Laden.",
     False),
    ("de", "disclosure_practices", "Die Daten der Kinder werden niemals verkauft.", True),
    ("de", "parental_rights", "Sie können jederzeit die Löschung der Daten Ihres Kindes "
                              "verlangen.", True),
    ("de", "parental_rights", "Sie können jederzeit einen Termin verlangen.", False),
    ("pt", "use_of_info", "Usamos o nome apenas para personalizar as histórias.", True),
    ("pt", "use_of_info", "Usamos cores vivas para os desenhos.", False),
]


@pytest.mark.parametrize(("lang", "element", "sentence", "stated"), MORE_LANGUAGES)
def test_more_language_shapes(signals: Run, lang: str, element: str, sentence: str,
                              stated: bool) -> None:
    assert (element in _in_language(signals, lang, sentence)) is stated
