"""Round 8 of the AI-mention and minors-education rules, checked on whole ordinary
privacy policies (the wild set) rather than on pages picked for the signals.

Education: a resource named for an audience counts only when it says what it covers
(``subject``): "online" or "digital" before it says how it is delivered, and "privacy"
beside it is the policy's own word. A choice the reader may make ("you may choose not
to provide it") is no rule of safe conduct for a child. Each rule sits beside a sentence
it must not catch.

AI: "A.I." counts when it stands alone, not as letters of another acronym (S.A.I.L.);
"machine learning" glued to the next menu entry ("Machine LearningMS in") is still a
mention; a singular LLM among credentials or "LLM in Tax Law" is a law degree. An AI
set against a live person ("an AI model rather than a live tutor") is a disclosure.
"""

from __future__ import annotations

from collections.abc import Callable

from auditor.models import Signal

Run = Callable[..., dict[str, Signal]]


def educates(found: dict[str, Signal]) -> bool:
    return bool(found["minors_education"].value)


# --- Education: what a resource covers --------------------------------------------------

def test_a_resource_counts_when_it_covers_safe_use(signals: Run) -> None:
    for text in ("Our safety guides for parents explain how to set limits on game time.",
                 "We publish a guide for families about protecting their privacy on "
                 "social networks.",
                 "Teachers will find lesson plans covering online reputation and privacy "
                 "in our library.",
                 "Privacy tips for teens are available in our help centre."):
        assert educates(signals(f"<p>{text}</p>")), text


def test_a_course_given_online_or_a_resource_beside_the_policy_is_no_guide(
        signals: Run) -> None:
    for text in ("We offer online courses for students and keep their enrolment data "
                 "secure.",
                 "The digital resources for teachers include maps and timelines; see our "
                 "privacy notice.",
                 "Resources for parents are listed in our Privacy Policy."):
        assert not educates(signals(f"<p>{text}</p>")), text


# --- Education: a choice not to give data is no rule of safe conduct ---------------------

def test_a_safe_conduct_rule_for_a_child_still_counts(signals: Run) -> None:
    for text in ("Remind your child never to give out their home address to people they "
                 "meet in games.",
                 "Parents should teach kids not to share their school name online.",
                 "Children should never send photos to strangers online, and you can help "
                 "them understand why."):
        assert educates(signals(f"<p>{text}</p>")), text


def test_a_choice_not_to_provide_data_is_the_readers_own(signals: Run) -> None:
    for text in ("You may choose not to provide your student number, but then you cannot "
                 "see your grades online.",
                 "Parents may opt not to share their child's school photo in the yearbook.",
                 "You have the right not to provide your child's date of birth, though some "
                 "features will then be closed."):
        assert not educates(signals(f"<p>{text}</p>")), text


# --- AI mention: letters and degrees that only look like AI ------------------------------

def mentions(found: dict[str, Signal]) -> bool:
    return bool(found["ai_mention_only"].value)


def test_ai_machine_learning_and_llms_are_still_mentions(signals: Run) -> None:
    for text in ("We may use A.I. to sort incoming email.",
                 "Some A.I., such as spam filters, reads your messages.",
                 "Programs: BS in Data ScienceBS in Machine LearningMS in Design",
                 "Our search runs on an LLM hosted by a vendor.",
                 "Partners such as GPT-4, LLM providers and analytics firms receive data.",
                 "Our researchers test LLMs internally."):
        assert mentions(signals(f"<p>{text}</p>")), text


def test_an_acronym_spelling_ai_or_a_law_degree_is_no_mention(signals: Run) -> None:
    for text in ("Log in to S.A.I.L. to see your grades.",
                 "Ask the staff at the M.A.I.N. desk.",
                 "Jane Roe MBA, LLM, Data Protection Officer",
                 "Our counsel holds an LLM in Tax Law from a London school.",
                 "Machine Learningham Press is our publisher."):
        assert not mentions(signals(f"<p>{text}</p>")), text


# --- Education: a resource "available to" or "offered to" an audience --------------------

def test_a_resource_offered_to_an_audience_counts_with_a_subject(signals: Run) -> None:
    for text in ("Workshops offered to parents explain how to keep children safe on social "
                 "apps.",
                 "Advice available to teachers covers cyberbullying and how to respond.",
                 "We list the resources available to schools for managing online safety."):
        assert educates(signals(f"<p>{text}</p>")), text


def test_material_available_to_students_with_no_subject_is_no_guide(signals: Run) -> None:
    for text in ("Course materials are available to students through the online portal.",
                 "Sessions offered to schools are billed per term under our privacy policy."):
        assert not educates(signals(f"<p>{text}</p>")), text


# --- Education: the operator opening a family's account is its own processing -----------

def test_a_portal_or_profile_the_reader_uses_still_counts(signals: Run) -> None:
    for html in ("<h2>Families</h2><p>Our Parent Portal shows what your child has been "
                 "learning.</p>",
                 "<p>Parents can use the family portal to set screen time limits and see "
                 "who can message their child.</p>",
                 "<p>Set up a child profile to limit which shows your kids can watch.</p>"):
        assert educates(signals(html)), html


def test_an_account_the_operator_sets_up_on_a_portal_is_no_guidance(signals: Run) -> None:
    for text in ("If your son is under 18, the school will set up an account on the Parent "
                 "Portal using your email address.",
                 "We must gain consent from the student before setting up an account on "
                 "the parents' portal.",
                 "The academy will create accounts for each family on the Family Portal."):
        assert not educates(signals(f"<p>{text}</p>")), text


# --- Education: advice after a time phrase, an adverb, or to every parent ---------------

def test_advice_after_a_time_phrase_or_to_each_parent_counts(signals: Run) -> None:
    for text in ("Every few weeks, check in with your teen about who they chat with online.",
                 "Now and then, talk with your kids about what they share on social media.",
                 "Before your child joins a chat room, always remind them never to give out "
                 "their phone number.",
                 "We ask each parent to teach their children how to keep passwords private "
                 "online.",
                 "If your teen uses our forums, please have a talk with them about staying "
                 "safe with strangers."):
        assert educates(signals(f"<p>{text}</p>")), text


def test_the_operators_own_talks_and_requests_are_no_advice(signals: Run) -> None:
    for text in ("From time to time, we talk with your children about their grades.",
                 "Every few weeks, our tutors sit down with your child to review progress "
                 "online.",
                 "We ask each parent to provide their child's date of birth online.",
                 "If you have questions about safety, please have a conversation with our "
                 "support team."):
        assert not educates(signals(f"<p>{text}</p>")), text


# --- Education: a parents' portal named alone is a feature ------------------------------

def test_a_portal_said_to_show_the_parent_something_counts(signals: Run) -> None:
    for text in ("The family portal lets you see which games your child played and set "
                 "daily limits.",
                 "The parents' portal tells you when your child sends a friend request."):
        assert educates(signals(f"<p>{text}</p>")), text


def test_a_portal_named_as_a_heading_a_recipient_or_a_duty_is_no_guide(
        signals: Run) -> None:
    for html in ("<h2>Parent Portal</h2><p>Grades and attendance are stored for five "
                 "years.</p>",
                 "<p>Parents using the Parent Portal agree to additional terms.</p>",
                 "<p>Data shared with: the Parent Portal and our hosting provider.</p>"):
        assert not educates(signals(html)), html


# --- Education: a menu label is a bare link, and a repeated one is one link -------------

def test_guides_said_in_sentences_or_as_the_title_count(signals: Run) -> None:
    for html in ("<p>Online safety tips for parents</p><p>Teen safety guide</p>",
                 "<p>Our online safety guide for parents explains how to set up "
                 "filters.</p>",
                 "<h1>A Parent's Guide to Online Safety</h1><p>Talk often.</p>"):
        assert educates(signals(html)), html


def test_a_menu_label_alone_or_repeated_is_a_bare_link(signals: Run) -> None:
    for html in ("<p>Wellbeing Resources for students and families</p><p>Contact</p>"
                 "<p>Wellbeing Resources for students and families</p>",
                 "<p>Safety resources for parents</p><p>Privacy policy text follows "
                 "here.</p>"):
        assert not educates(signals(html)), html


# --- Education: educators, parents or pupils advised against giving identifying details --

def test_advice_against_identifying_details_counts(signals: Run) -> None:
    for text in ("We discourage students from posting their home address in their profile.",
                 "We strongly discourage parents from sharing photos that show their "
                 "child's school uniform.",
                 "Teachers are discouraged from entering pupils' full names in the quiz."):
        assert educates(signals(f"<p>{text}</p>")), text


def test_discouraging_other_things_or_other_readers_is_no_guide(signals: Run) -> None:
    for text in ("We discourage students from using the chat after midnight.",
                 "We discourage users from entering personal information in comments.",
                 "We discourage students from uploading photos larger than five megabytes.",
                 "Students from using personal devices during exams will be removed."):
        assert not educates(signals(f"<p>{text}</p>")), text


# --- AI disclosure: an AI set against a live person --------------------------------------

def discloses(found: dict[str, Signal]) -> bool:
    return bool(found["ai_disclosure"].value)


def test_an_ai_rather_than_a_live_person_is_a_disclosure(signals: Run) -> None:
    for text in ("Pip is powered by an artificial-intelligence model rather than a live "
                 "tutor.",
                 "Sam, the helper who chats with you at checkout, runs on artificial "
                 "intelligence rather than a human agent.",
                 "Bedtime stories in the app are told by a generative AI model instead of a "
                 "real writer."):
        assert discloses(signals(f"<p>{text}</p>")), text


def test_humans_preferred_to_ai_or_ai_used_in_the_back_office_is_no_disclosure(
        signals: Run) -> None:
    for text in ("Our classes are taught by human tutors rather than AI.",
                 "Some schools prefer artificial intelligence tools for grading rather than "
                 "human teachers, and we publish research on this.",
                 "We rely on AI systems rather than human staff to detect fraud on your "
                 "account.",
                 "Our AI models, rather than human reviewers, check uploads for malware."):
        assert not discloses(signals(f"<p>{text}</p>")), text


# --- Education: the same subject split in French, German, Spanish and Portuguese ---------

def test_a_resource_covering_safe_use_counts_in_other_languages(signals: Run) -> None:
    for lang, text in (
            ("fr", "Des fiches pour les enseignants sur le harcèlement en ligne sont "
                   "disponibles."),
            ("fr", "Ce guide pour les bénévoles présente les bonnes pratiques de protection "
                   "des enfants."),
            ("de", "Tipps für Eltern rund um die Privatsphäre ihrer Kinder in sozialen "
                   "Medien."),
            ("es", "Ofrecemos recursos para docentes sobre la privacidad en redes sociales."),
            ("pt", "O guia para pais explica a segurança das crianças na internet.")):
        assert educates(signals(f"<p>{text}</p>", lang=lang)), text


def test_a_resource_given_online_is_no_guide_in_other_languages(signals: Run) -> None:
    for lang, text in (
            ("fr", "Nos ressources numériques pour les enseignants comprennent des cartes et "
                   "des frises."),
            ("de", "Digitale Materialien für Lehrer können online bestellt werden."),
            ("es", "Los recursos para docentes están disponibles en línea y en formato "
                   "digital."),
            ("pt", "Os recursos para pais estão disponíveis online em formato digital.")):
        assert not educates(signals(f"<p>{text}</p>", lang=lang)), text


def test_protecting_children_is_a_subject_but_their_data_is_not(signals: Run) -> None:
    assert educates(signals("<p>Resources for parents on protecting children from online "
                            "predators.</p>"))
    for text in ("We protect children's data; resources for teachers are listed below.",
                 "Guidance for teachers on the protection of minors under the Digital "
                 "Services Act is published by regulators."):
        assert not educates(signals(f"<p>{text}</p>")), text


# --- Education: what nobody should ask of a young reader --------------------------------

def test_a_warning_of_what_nobody_should_ask_counts(signals: Run) -> None:
    for text in ("No one here should ever ask you for your home address or to meet up "
                 "offline.",
                 "You should never be pressured by anyone to move into private chats off "
                 "this app.",
                 "Nobody in the game should try to get your real name or the name of your "
                 "school."):
        assert educates(signals(f"<p>{text}</p>")), text


def test_a_phishing_warning_or_other_rule_is_no_such_warning(signals: Run) -> None:
    for text in ("Nobody at our company should ask you for your password; report such "
                 "emails.",
                 "You should never be asked by anyone for your card number.",
                 "We are not responsible if anyone invites you to private chats.",
                 "No one should ask for a refund after the trial period ends."):
        assert not educates(signals(f"<p>{text}</p>")), text


def test_the_same_warning_in_other_languages(signals: Run) -> None:
    for lang, text, expected in (
            ("fr", "Personne sur le site ne doit jamais te demander ton adresse ou de le "
                   "rencontrer.", True),
            ("fr", "Personne ne doit vous demander un remboursement après la période "
                   "d'essai.", False),
            ("es", "Nadie en el juego debe pedirte tu dirección ni tu nombre real.", True),
            ("es", "Nadie debe pedirle su contraseña por correo.", False),
            ("de", "Niemand im Forum sollte dich nach deiner Adresse oder deiner Schule "
                   "fragen.", True),
            ("pt", "Ninguém no jogo deve te pedir o teu endereço ou fotos tuas.", True)):
        assert educates(signals(f"<p>{text}</p>", lang=lang)) is expected, text


def test_a_tip_in_a_list_without_a_full_stop_still_counts_in_full(signals: Run) -> None:
    html = ("<ul><li>Set up a child profile to limit which shows your kids can "
            "watch</li></ul>")
    assert educates(signals(html))


# --- AI disclosure: a language-model assistant, hyphenated or not -----------------------

def test_a_language_model_counterpart_is_a_disclosure(signals: Run) -> None:
    for text in ("The helper that greets you in the chat is a language-model assistant.",
                 "Max, your study partner, is a large-language-model based tutor.",
                 "Remember that Lumi is just a language model chatbot."):
        assert discloses(signals(f"<p>{text}</p>")), text
    assert mentions(signals("<p>We test language-model features internally.</p>"))


def test_a_language_model_tutorial_or_a_language_teacher_is_no_disclosure(
        signals: Run) -> None:
    for text in ("This article is a language-model tutorial for developers.",
                 "Our search ranking is a language-model system used internally.",
                 "Jo is a language teacher and our support agent."):
        assert not discloses(signals(f"<p>{text}</p>")), text
