"""Round 6 of the AI-disclosure and minors-education rules, learnt from passages that
say the same practices in other words than the development documents.

AI: what the user gets is said to be made by an AI whatever the thing is called; "the
model" points back to the AI just named; an AI agent acts for the reader. Education: an
adult asked to pass a safe-conduct rule to a child ("never give out your address"), a
talk with "them" when a young person was named, the signs of abuse for adults who work
with children. Each rule sits beside a sentence it must not catch.
"""

from __future__ import annotations

from collections.abc import Callable

from auditor.models import Signal

Run = Callable[..., dict[str, Signal]]


def discloses(found: dict[str, Signal]) -> bool:
    return bool(found["ai_disclosure"].value)


def educates(found: dict[str, Signal]) -> bool:
    return bool(found["minors_education"].value)


# --- AI: made by an AI, whatever it is called -------------------------------------------

def test_any_thing_written_by_an_ai_model_is_a_disclosure(signals: Run) -> None:
    found = signals("<p>Each lullaby in the app is composed by an AI model from the mood "
                    "you pick.</p>")
    assert discloses(found)
    assert found["ai_mention_only"].value is False
    # a label on one published item is a content label, not what the reader gets
    label = signals("<p>This article was written by an AI model and checked by our "
                    "editors.</p>")
    assert not discloses(label)


def test_made_by_ai_in_french_portuguese_and_spanish(signals: Run) -> None:
    cases = {
        "fr": "Chaque poème de l'application est rédigé par intelligence artificielle.",
        "pt": "Cada poema do aplicativo é escrito por inteligência artificial.",
        "es": "Cada poema de la aplicación es escrito por inteligencia artificial.",
    }
    for lang, text in cases.items():
        assert discloses(signals(f"<p>{text}</p>", lang=lang)), lang
    # training a model on the reader's data stays a mention
    assert not discloses(signals("<p>Nous utilisons vos trajets pour entraîner nos "
                                 "modèles d'intelligence artificielle.</p>", lang="fr"))


def test_the_model_points_back_to_the_ai_just_named(signals: Run) -> None:
    page = ("<p>The app sends your sketch to a neural network. The finished pictures are "
            "drawn by the model in a few seconds.</p>")
    assert discloses(signals(page))
    active = signals("<p>Your notes go to a large language model, and the model writes "
                     "the summary you see.</p>")
    assert discloses(active)
    # with no AI named nearby, "the model" may be anything
    plain = signals("<p>Our shop sells clothes. The photos are created by the model agency "
                    "we work with.</p>")
    assert not discloses(plain)
    # a back-office score made by a model is not what the reader gets
    scores = signals("<p>We use machine learning against fraud. Risk scores are produced "
                     "by the model.</p>")
    assert not discloses(scores)


def test_an_ai_agent_acting_for_the_reader(signals: Run) -> None:
    assert discloses(signals("<p>Once enabled, an AI agent books tables on your behalf "
                             "and reports back.</p>"))
    # a vendor handling data for the operator is no counterpart
    assert not discloses(signals("<p>Our cloud vendors process data on our behalf under "
                                 "contract.</p>"))


def test_an_ai_that_makes_something_for_the_reader(signals: Run) -> None:
    assert discloses(signals("<p>Our generative AI drafts a cover letter for you from "
                             "your CV.</p>"))
    # recommendations are back-office personalisation
    assert not discloses(signals("<p>Our AI models create recommendations for you based on "
                                 "what you watch.</p>"))


def test_machine_learning_used_to_reply(signals: Run) -> None:
    assert discloses(signals("<p>The help window uses machine learning to read your "
                             "question and reply in plain words.</p>"))
    assert not discloses(signals("<p>We use machine learning to detect fraudulent "
                                 "payments.</p>"))



def test_the_reader_answered_by_or_conversing_with_an_ai(signals: Run) -> None:
    for text in ("Outside office hours your questions are answered by a virtual assistant.",
                 "The role-play dialogues in the course are with an AI character.",
                 "Hints on your drawings come from an AI model and can miss things.",
                 "The app has a chatbot that explains each step of the recipe."):
        assert discloses(signals(f"<p>{text}</p>")), text
    # staff helped by AI, a vendor named after AI, a chatbot denied: no counterpart
    for text in ("Our fraud team is assisted by artificial intelligence that flags odd orders.",
                 "Information that comes from AI providers we license is covered by their "
                 "terms.",
                 "We do not offer a chatbot that answers questions; write to us instead."):
        assert not discloses(signals(f"<p>{text}</p>")), text


def test_a_rule_about_content_made_with_ai_is_no_disclosure(signals: Run) -> None:
    for text in ("Entries that are created by artificial intelligence are not allowed in the "
                 "photo contest.",
                 "Artwork that is generated by AI must be labelled by the seller.",
                 "We do not accept essays that are written by AI tools."):
        assert not discloses(signals(f"<p>{text}</p>")), text


# --- education: a safe-conduct rule passed to a child ------------------------------------

def test_a_conduct_rule_parents_are_asked_to_pass_on(signals: Run) -> None:
    assert educates(signals("<p>We count on parents to make sure their kids know never to "
                            "give out a home address in online games.</p>"))
    # the operator's own policy, a rule about sending data to the operator, an adult's
    # rule with no child in view: none is guidance
    for text in ("We never share children's personal information with advertisers.",
                 "Children under 13 should not send us any personal details.",
                 "You should not share your password with anyone."):
        assert not educates(signals(f"<p>{text}</p>")), text


def test_they_are_the_young_people_named_just_before(signals: Run) -> None:
    page = ("<p>Some teenagers buy tickets on the board. Please make sure they know never "
            "to meet a seller alone.</p>")
    assert educates(signals(page))
    adults = ("<p>Some buyers are new to the board. Please make sure they know never to "
              "meet a seller alone.</p>")
    assert not educates(signals(adults))


def test_ask_a_parent_before_typing_details_online(signals: Run) -> None:
    page = ("<h2>Kids, one quick rule</h2><p>Before you enter your phone number on any app, "
            "ask your parent if that is fine.</p>")
    assert educates(signals(page))
    # asking permission to give the operator data is a consent rule
    consent = ("<h2>Kids, one quick rule</h2><p>Before you send us your details, ask your "
               "parent for permission.</p>")
    assert not educates(signals(consent))


def test_a_talk_with_them_needs_a_young_person_named(signals: Run) -> None:
    assert educates(signals("<p>If a teenager uses the forum, please sit down with them "
                            "and talk about staying safe online.</p>"))
    assert not educates(signals("<p>If a customer is unhappy, please sit down with them "
                                "and talk about online refunds.</p>"))


def test_conversations_with_the_child_and_imperative_openings(signals: Run) -> None:
    assert educates(signals("<p>We suggest that parents hold frequent conversations with "
                            "their kids about what they post online.</p>"))
    assert educates(signals("<p>Take a few minutes to chat with your child about privacy "
                            "online.</p>"))
    # the operator's staff doing it is its own practice, not advice to the reader
    assert not educates(signals("<p>Our tutors take a few minutes to chat with your child "
                                "about privacy online.</p>"))


def test_any_signs_of_abuse_for_adults_who_work_with_children(signals: Run) -> None:
    assert educates(signals("<p>Coaches should learn the usual early signs of grooming "
                            "and neglect.</p>"))
    assert not educates(signals("<p>Drivers should learn the usual early signs of a worn "
                                "tyre.</p>"))
    assert educates(signals("<p>Les animateurs apprennent à repérer les premiers signes de "
                            "maltraitance.</p>", lang="fr"))


def test_conduct_rules_in_spanish_and_portuguese(signals: Run) -> None:
    assert educates(signals("<p>Pedimos a los padres que enseñen a sus hijos a no compartir "
                            "su dirección en internet.</p>", lang="es"))
    assert educates(signals("<p>Se o seu filho usa o chat, converse com ele sobre segurança "
                            "na internet: ele não deve passar dados pessoais a "
                            "desconhecidos.</p>", lang="pt"))
    # the operator saying what it does not do
    assert not educates(signals("<p>Não devemos compartilhar dados de crianças com "
                                "terceiros.</p>", lang="pt"))


def test_a_page_titled_for_parents_needs_safe_use_somewhere(signals: Run) -> None:
    consent = ("<h1>For parents</h1><p>By letting your child use the app you accept these "
               "terms for them.</p>")
    assert not educates(signals(consent))
    guide = ("<h1>For parents</h1><p>Our app has a safety mode you can switch on for "
             "younger children.</p>")
    assert educates(signals(guide))


def test_lessons_named_by_their_safety_topic(signals: Run) -> None:
    assert educates(signals("<p>Schools can order our internet safety lesson plans for "
                            "ages 9 to 11.</p>"))
    assert not educates(signals("<p>Schools can order our fractions lesson plans for ages 9 "
                                "to 11.</p>"))


def test_an_activity_done_with_the_child_about_safe_use(signals: Run) -> None:
    assert educates(signals("<p>We suggest that you agree daily time limits with your "
                            "children before the holidays.</p>"))
    # done with the child, but about nothing safe-use
    assert not educates(signals("<p>You can create a shared album with your child and "
                                "invite relatives.</p>"))


def test_children_taught_without_a_determiner(signals: Run) -> None:
    assert educates(signals("<p>Parents should teach kids to ignore messages from people "
                            "they do not know.</p>"))
    assert not educates(signals("<p>Teachers can tell students how to log in with a class "
                                "code.</p>"))


def test_advice_about_young_people_in_the_third_person(signals: Run) -> None:
    assert educates(signals("<p>Young people should never agree to meet a stranger from a "
                            "game chat without a trusted adult.</p>"))
    # a condition of using the service, not a rule of safe conduct
    assert not educates(signals("<p>Children should not create an account without a "
                                "parent's consent.</p>"))


def test_german_passive_and_content_rules_in_other_languages(signals: Run) -> None:
    assert discloses(signals("<p>Jedes Gedicht in der App wird von einer KI "
                             "verfasst.</p>", lang="de"))
    rules = {
        "fr": "Les images générées par l'IA doivent être signalées par leur auteur.",
        "es": "Las imágenes generadas por inteligencia artificial deben ser etiquetadas.",
        "pt": "As imagens geradas por inteligência artificial devem ser rotuladas.",
    }
    for lang, text in rules.items():
        assert not discloses(signals(f"<p>{text}</p>", lang=lang)), lang


def test_a_third_partys_ai_offered_maybe_is_not_the_operators(signals: Run) -> None:
    assert not discloses(signals("<p>Our partners may offer a virtual assistant that helps "
                                 "with hotel bookings.</p>"))


def test_german_conduct_rule_in_a_subordinate_clause(signals: Run) -> None:
    assert educates(signals("<p>Erklären Sie Ihrem Kind, dass es niemals seine Adresse an "
                            "Fremde weitergeben sollte.</p>", lang="de"))
    assert not educates(signals("<p>Wir werden niemals Daten Ihres Kindes an Dritte "
                                "weitergeben.</p>", lang="de"))


def test_a_site_menu_line_is_no_mention(signals: Run) -> None:
    menu = signals("<div>Shop Deals AI Tools Brands Blog</div><p>We sell solar panels.</p>")
    assert menu["ai_mention_only"].value is False
    said = signals("<p>We use AI Tools to sort the tickets we receive.</p>")
    assert said["ai_mention_only"].value is True


def test_counterparts_powered_by_ai_but_not_models(signals: Run) -> None:
    assert discloses(signals("<p>Our pen pals are powered by a large language model.</p>"))
    assert discloses(signals("<p>We use third-party language models to power the chat "
                             "in the app.</p>"))
    # a back-office model said to run on AI is no counterpart
    assert not discloses(signals("<p>Our ranking models are powered by AI.</p>"))


def test_a_child_profile_or_parental_controls_set_up_for_safety(signals: Run) -> None:
    for text in ("To keep toddlers safe, set up a kids profile before handing over the "
                 "tablet.",
                 "You can create a child profile that blocks chat with strangers.",
                 "We suggest using the parental controls on the console to limit play time."):
        assert educates(signals(f"<p>{text}</p>")), text
    # the same settings named for billing, or to block the operator's own app
    for text in ("Customers can use a teen account with restricted payment options.",
                 "If you use parental controls to block our app, some features stop "
                 "working.",
                 "Parents can create a child profile and pay for it in the dashboard."):
        assert not educates(signals(f"<p>{text}</p>")), text


def test_checking_in_with_the_child(signals: Run) -> None:
    assert educates(signals("<p>Check in often with your teen about the people they meet "
                            "online.</p>"))
    assert not educates(signals("<p>Our staff check in with your teen about homework "
                                "deadlines.</p>"))


def test_parental_controls_set_up_for_a_purpose_in_other_languages(signals: Run) -> None:
    cases = {
        "fr": "Activez le contrôle parental pour filtrer les vidéos que voient vos enfants.",
        "es": "Active el control parental para bloquear compras de sus hijos.",
        "pt": "Ative o controle parental para bloquear compras dos seus filhos.",
    }
    for lang, text in cases.items():
        assert educates(signals(f"<p>{text}</p>", lang=lang)), lang
    assert not educates(signals("<p>Le contrôle parental de votre box peut bloquer notre "
                                "site pour vos enfants.</p>", lang="fr"))


def test_talking_with_a_bot_is_a_mention_even_as_a_duty(signals: Run) -> None:
    duty = signals("<p>Customers must tell their callers when they are talking with a "
                   "bot.</p>")
    assert duty["ai_mention_only"].value is True
    assert not discloses(duty)
    scripts = signals("<p>Accounts opened by bots or scripts will be closed.</p>")
    assert scripts["ai_mention_only"].value is False


def test_the_reader_talking_to_an_ai_and_replies_made_by_it(signals: Run) -> None:
    for text in ("The AI you chat with in the game cannot see your photos.",
                 "Your messages to Nova are read by our AI to write a reply.",
                 "The storybook uses voice recognition and AI to give hints to your child."):
        assert discloses(signals(f"<p>{text}</p>")), text
    for text in ("Our AI helps us to create reports about site traffic.",
                 "Generative AI tools may be used by our editors to draft posts for our "
                 "blog."):
        assert not discloses(signals(f"<p>{text}</p>")), text


def test_data_rights_and_account_help_for_parents_are_no_guidance(signals: Run) -> None:
    for text in ("Our FAQs for parents explain what personal information we collect from "
                 "children.",
                 "Tips for parents: you can request a copy of your child's personal "
                 "information at any time.",
                 "Please help your child reset their password if they forget it."):
        assert not educates(signals(f"<p>{text}</p>")), text


def test_account_rules_and_talks_about_other_things_stay_out(signals: Run) -> None:
    for text in ("Kids should never share accounts, as section 4 of these terms says.",
                 "If a student needs help, teachers can sit down with them and explain the "
                 "online grade book."):
        assert not educates(signals(f"<p>{text}</p>")), text
