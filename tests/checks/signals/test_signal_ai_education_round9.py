"""Round 9 of the AI-mention and minors-education rules, checked on whole ordinary
privacy policies (the wild set) where stock wordings recur across thousands of sites.

Education: a child told never to do something is advice only when the reader is advised
("teach your children never to"); the operator's promise to instruct children is its own
practice. A resource must say what it covers near it, and "our privacy policy" is not
that. An audience word counts as an address only at the start of a sentence ("Teens,
never..."), not in a list of shoppers or a course title. A parent's guide, and "educate
your family", need a safe-use subject; a bare label line ("Media literacy") weighs half.
Safeguarding advice (signs a child is being harmed, never promising secrecy) counts.

AI: a mention must name AI (not a computer deciding, a game's virtual character, a file
format); menu words glued to the entry before them still name it. Users conversing with
an AI counterpart as a plain fact, output written by a program or called machine-written,
and generated content warned of under an AI heading are disclosures; rules on AI-made
uploads are not. Each rule sits beside a sentence it must not catch.
"""

from __future__ import annotations

from collections.abc import Callable

from auditor.models import Signal

Run = Callable[..., dict[str, Signal]]


def educates(found: dict[str, Signal]) -> bool:
    return bool(found["minors_education"].value)


def _filler(words: int) -> str:
    return " ".join(["catalogue"] * words)


# --- Education: a child told never to do something ---------------------------------------

def test_a_reader_advised_to_tell_a_child_never_to_do_something_counts(signals: Run) -> None:
    for text in ("<p>Teach your children never to give their home address to someone they "
                 "met in a game.</p>",
                 "<p>Parents should remind their kids not to lend their passwords to "
                 "classmates.</p>",
                 "<p>A few habits help at home: * Tell your children never to post a photo "
                 "of their school uniform.</p>",
                 "<p>Because families matter, we ask that they instruct their children not to "
                 "type their phone number into chat windows.</p>"):
        assert educates(signals(text)), text


def test_the_operator_promising_to_instruct_children_is_no_advice(signals: Run) -> None:
    for text in ("<p>Where appropriate, the Company will instruct children not to submit "
                 "personal information.</p>",
                 "<p>Our camp leaders remind children not to enter the kitchen.</p>",
                 "<p>WE URGE YOU NOT TO SEND ANY CONFIDENTIAL DETAILS ABOUT YOUR CHILD OR "
                 "YOUR CHILD'S MEDICAL HISTORY TO US BY ORDINARY EMAIL.</p>"):
        assert not educates(signals(text)), text


# --- Education: what a resource covers, said near it --------------------------------------

def test_a_resource_with_its_subject_beside_it_counts(signals: Run) -> None:
    long_tail = _filler(70)
    for text in (f"<p>Guides for families about online privacy are in our help centre, "
                 f"next to the {long_tail}.</p>",
                 "<p>Teachers can borrow lesson plans on internet safety from the library.</p>",
                 "<p>We offer tips for teens about staying safe on social media.</p>"):
        assert educates(signals(text)), text


def test_a_resource_beside_the_privacy_policy_or_a_far_safety_word_is_no_guide(
        signals: Run) -> None:
    far = _filler(60)
    for text in ("<p>These rules cover lessons for children and activities designed for "
                 "children, in addition to our general Privacy Policy.</p>",
                 "<p>Workshops for students are listed in our privacy policy.</p>",
                 f"<p>Essential Tips for Students Using Store Cards [Read More] {far} "
                 f"about Safe Ways to Grow a Shop Audience [Read More]</p>"):
        assert not educates(signals(text)), text


# --- Education: an audience addressed, a guide named --------------------------------------

def test_teens_addressed_at_the_start_of_a_sentence_counts(signals: Run) -> None:
    for text in ("<p>Teens, never share your password with a friend.</p>",
                 "<p>For teens: ask before you post a picture of a friend.</p>",
                 "<p>If you're a teen, keep your location private.</p>"):
        assert educates(signals(text)), text


def test_teens_in_a_list_of_shoppers_or_a_course_title_is_no_address(signals: Run) -> None:
    for text in ("<p>Posters for boys, girls, teens, adults and nurseries.</p>",
                 "<p>Acting for Teens: Tuesday evenings in studio B.</p>"):
        assert not educates(signals(text)), text


def test_a_guide_or_family_lesson_about_safe_use_counts(signals: Run) -> None:
    for text in ("<p>Read our parent's guide to online safety before setting up a tablet.</p>",
                 "<p>Please take time to educate your children about staying safe online.</p>",
                 "<p>A teacher's guide to cyberbullying is free to download.</p>"):
        assert educates(signals(text)), text


def test_a_guide_named_for_another_subject_is_no_guidance(signals: Run) -> None:
    for text in ("<p>THE PARENTS GUIDE TO HOME SAVINGS TRUST (the \"Trust\") licenses this "
                 "site to you on these terms.</p>",
                 "<p>As a parent you may use the leaflets to educate yourself and your family "
                 "on treating sports injuries.</p>"):
        assert not educates(signals(text)), text


def test_a_bare_label_line_weighs_half(signals: Run) -> None:
    menu = "<p>World news</p><p>Media literacy</p><p>Sport</p>"
    assert not educates(signals(menu))
    told = "<p>Media literacy lessons help students judge what they read online.</p>"
    assert educates(signals(told))


# --- AI: what names AI, and who converses with it -----------------------------------------

def mentions_only(found: dict[str, Signal]) -> bool:
    return bool(found["ai_mention_only"].value)


def discloses(found: dict[str, Signal]) -> bool:
    return bool(found["ai_disclosure"].value)


def test_ai_words_glued_to_a_menu_entry_before_them_are_mentions(signals: Run) -> None:
    for text in ("<p>Data analystsMachine learning engineersCloud architects</p>",
                 "<p>Online CoursesMachine Learning with RWeb Design</p>",
                 "<p>Robotics managersArtificial intelligence consultantsLawyers</p>",
                 "<p>We teach artificial intelligence to adults.</p>"):
        assert mentions_only(signals(text)), text


def test_a_file_format_a_game_character_or_a_computer_decision_is_no_mention(
        signals: Run) -> None:
    for text in ("<p>Please send artwork as Adobe Illustrator (AI), EPS or PDF files.</p>",
                 "<p>We print from PDF, AI and SVG files.</p>",
                 "<p>You own no virtual character or item in the game.</p>",
                 "<p>Our Virtual Assistant may be able to help.</p>",
                 "<p>You may object to decisions made about you by automated means (by a "
                 "computer and not a human being).</p>"):
        assert not mentions_only(signals(text)), text
        assert not discloses(signals(text)), text


def test_ai_beside_other_words_is_still_a_mention(signals: Run) -> None:
    for text in ("<p>Our AI and our editors sort the news for you.</p>",
                 "<p>AI, in our view, will change how shops work.</p>"):
        assert mentions_only(signals(text)), text


def test_users_conversing_with_an_ai_counterpart_is_a_disclosure(signals: Run) -> None:
    for text in ("<p>Players chat with an AI character who runs the tavern.</p>",
                 "<p>Members of the app converse with a chatbot that plays a detective.</p>",
                 "<p>Students talk to our AI tutor during homework sessions.</p>",
                 "<p>Visitors to our website engage in a conversation with a virtual agent "
                 "when they open the help page.</p>"):
        assert discloses(signals(text)), text


def test_a_hedged_or_wished_conversation_or_a_possessive_title_is_no_disclosure(
        signals: Run) -> None:
    for text in ("<p>Users may chat with a chatbot run by one of our partners.</p>",
                 "<p>Visitors who want to talk to a chatbot can find one elsewhere.</p>",
                 "<p>My Accountant is a Chatbot – Part III</p>"):
        assert not discloses(signals(text)), text


# --- Education: safeguarding and asking before typing -------------------------------------

def test_signs_of_harm_secrecy_and_advice_after_a_colon_count(signals: Run) -> None:
    for text in ("<p>Coaches should watch for signs that a child is being harmed at home.</p>",
                 "<p>Learn the signs that a young person was hurt by someone close to them.</p>",
                 "<p>When a child tells you something worrying, do not promise to keep it "
                 "secret.</p>",
                 "<p>If a young person discloses abuse, never promise confidentiality.</p>",
                 "<p>One last habit: make sure kids know never to post their phone number "
                 "online.</p>"):
        assert educates(signals(text)), text


def test_signs_of_wear_a_promise_about_messages_or_our_own_request_is_no_guidance(
        signals: Run) -> None:
    for text in ("<p>Watch for signs of harm to the plants after a frost.</p>",
                 "<p>Look for signs of wear on the harness before each climb.</p>",
                 "<p>We do not promise to keep your messages confidential.</p>",
                 "<p>We will ask you before sharing details about your child with any "
                 "website.</p>"):
        assert not educates(signals(text)), text


def test_what_the_user_gets_written_by_a_program_or_machine_is_a_disclosure(
        signals: Run) -> None:
    for text in ("<p>The hint you see is written in a second by a computer program, and no "
                 "tutor checks it.</p>",
                 "<p>Feedback on your essay is produced instantly by software.</p>",
                 "<p>We send you machine-written summaries of each meeting.</p>",
                 "<p>Our engine turns your notes into machine-generated answers for your "
                 "customers.</p>"):
        assert discloses(signals(text)), text


def test_rules_on_machine_made_uploads_or_program_made_paperwork_are_no_disclosure(
        signals: Run) -> None:
    for text in ("<p>Invoices are produced automatically by a computer program.</p>",
                 "<p>Machine-written reviews are not allowed on the marketplace.</p>",
                 "<p>Artwork made with AI tools may be submitted, but the seller must tick "
                 "the AI box on the listing.</p>",
                 "<p>Do not upload machine-generated text to the forum.</p>"):
        assert not discloses(signals(text)), text


def test_generated_content_warned_of_under_an_ai_heading_is_a_disclosure(
        signals: Run) -> None:
    for body, lang in (("<h2>AI features</h2><p>Generated content may be inaccurate, so "
                        "check it.</p>", "en"),
                       ("<h2>AI tools</h2><p>Any generated content might contain "
                        "mistakes.</p>", "en"),
                       ("<h2>KI-Funktionen</h2><p>Die erzeugten Inhalte können fehlerhaft "
                        "sein.</p>", "de")):
        assert discloses(signals(body, lang=lang)), body


def test_content_warned_of_without_ai_or_without_generated_is_no_disclosure(
        signals: Run) -> None:
    for body, lang in (("<h2>Haftung</h2><p>Die Inhalte unserer Seiten können Fehler "
                        "enthalten.</p>", "de"),
                       ("<h2>Disclaimer</h2><p>Generated content may be inaccurate.</p>",
                        "en"),
                       ("<h2>AI features</h2><p>Content on our blog may be out of date.</p>",
                        "en")):
        assert not discloses(signals(body, lang=lang)), body


def test_talking_with_the_children_about_safe_use_counts_in_portuguese(signals: Run) -> None:
    for text in ("Recomendamos que os pais falem com os filhos sobre segurança na internet.",
                 "É importante conversar com as crianças sobre os riscos das redes sociais.",
                 "Os pais devem explicar aos filhos como proteger a privacidade online."):
        assert educates(signals(f"<p>{text}</p>", lang="pt")), text


def test_a_talk_on_another_topic_or_by_our_tutors_is_no_guidance_in_portuguese(
        signals: Run) -> None:
    for text in ("Recomendamos que os pais conversem com os filhos sobre as férias.",
                 "Os nossos tutores conversam com os alunos sobre segurança online."):
        assert not educates(signals(f"<p>{text}</p>", lang="pt")), text
