"""Round 7 of the children's rules, learnt from passages that say a practice in words
no development document used.

A compliance claim is often told as the operator's handling measured against the rule
("our handling of pupils' records is shaped around COPPA") rather than with "we comply".
Each case pairs the rule with a sentence it must not catch.
"""

from __future__ import annotations

from collections.abc import Callable

from auditor.models import Signal

Run = Callable[..., dict[str, Signal]]


def test_handling_set_against_the_rule_is_a_compliance_claim(signals: Run) -> None:
    for sentence in (
            "Our handling of records about young learners is shaped around COPPA.",
            "The nicknames we keep for players under 13 are managed in keeping with the "
            "Children's Online Privacy Protection Act.",
            "Pupil data is processed in accordance with COPPA and stored in Canada.",
            "The classroom app we offer has been set up to meet COPPA from the first day."):
        found = signals(f"<h2>Young learners</h2><p>{sentence}</p>")
        assert found["coppa_notice"].value, sentence


def test_the_rule_cited_for_a_refusal_or_a_definition_is_no_claim(signals: Run) -> None:
    for sentence in (
            # the ground of an exclusion, told after the subject
            "We do not knowingly gather personal details from anyone under 13, in line "
            "with COPPA.",
            # the rule used as a dictionary
            "We read the word 'child' the way the Children's Online Privacy Protection "
            "Act defines it.",
            # deletion after someone else finds out, whoever that is
            "Should the company find out that a child under 13 sent us data, it will be "
            "removed in line with COPPA."):
        found = signals(f"<p>This site is for a general audience.</p><h2>Children</h2>"
                        f"<p>{sentence}</p>")
        assert not found["coppa_notice"].value, sentence


def test_handling_set_against_the_rule_in_spanish_portuguese_german(signals: Run) -> None:
    cases = (
        ("es", "Los datos de los alumnos se gestionan conforme a la ley COPPA, y los padres "
               "pueden pedir que se borren."),
        ("pt", "Nossos jogos para crianças funcionam conforme a lei norte-americana COPPA, e "
               "não mostramos anúncios."),
        ("de", "Die Daten Ihrer Kinder werden gemäß COPPA verarbeitet und nie verkauft."),
    )
    for lang, sentence in cases:
        found = signals(f"<h2>Privacidad / Kinder</h2><p>{sentence}</p>", lang=lang)
        assert found["coppa_notice"].value, sentence
    duty = signals("<h2>Kinder</h2><p>Werbepartner müssen die Vorgaben der COPPA selbst "
                   "beachten.</p>", lang="de")
    assert not duty["coppa_notice"].value


def test_exclusions_told_with_never_none_and_a_parenthesis(signals: Run) -> None:
    for sentence in (
            "Our stores were never designed for anybody below 16.",
            "None of our newsletters is targeted at people under 18.",
            "We do not knowingly hold records about users under 13.",
            "The firm has not, as far as it knows, collected contact details of any "
            "person younger than 13.",
            "Please never upload photos of anybody under 13 to the gallery."):
        found = signals(f"<h2>Age</h2><p>{sentence}</p>")
        assert found["children_disclaimer"].value, sentence
    for sentence in (
            "We never market toys to adults; our catalogue is made for children aged 3 "
            "to 10.",
            "We do not knowingly hold back any information from parents about their "
            "children under 13."):
        found = signals(f"<h2>Age</h2><p>{sentence}</p>")
        assert not found["children_disclaimer"].value, sentence


def test_age_floors_told_with_the_holder_last_or_nobody_first(signals: Run) -> None:
    for sentence in (
            "Nobody under 18 can open a trading account with us.",
            "Memberships are sold only to people who have turned 18.",
            "If you haven't reached 16, please do not register."):
        found = signals(f"<h2>Age</h2><p>{sentence}</p>")
        assert found["children_disclaimer"].value, sentence
    # the floor beside a guardian's permission for those below it is an age rule
    route = signals("<h2>Age</h2><p>The app is for people aged 16 and over. Younger "
                    "members may join as long as a guardian has given written "
                    "permission.</p>")
    assert not route["children_disclaimer"].value


def test_an_age_asked_with_what_it_decides_is_a_screen(signals: Run) -> None:
    for body in (
            "<h2>Comments</h2><p>You key in the day and year you were born. Members who "
            "turn out to be under 13 cannot comment.</p>",
            "<h2>Joining</h2><p>The registration page asks how old the new member is, and "
            "accounts are refused to anyone too young for the forums.</p>",
            "<h2>Joining</h2><ul><li>We ask for your birthday at sign-up.</li><li>Where "
            "the date given shows you are under 16, the account is not created.</li></ul>"):
        assert signals(body)["age_assurance"].value, body
    # a birth date asked for a gift decides nothing about access
    gift = signals("<h2>Offers</h2><p>We may ask for your birth date to send a gift. "
                   "Members who turn out to be under 13 get a different newsletter.</p>")
    assert not gift["age_assurance"].value


def test_adulthood_shown_by_a_card_a_document_or_a_parent_writing_back(signals: Run) -> None:
    for body in (
            "<h2>Family plans</h2><p>To make sure the person granting consent is an "
            "adult, we place and refund a small charge on the parent's debit card.</p>",
            "<h2>Verification</h2><p>Upload an identity document so we can be sure each "
            "account belongs to an adult.</p>",
            "<h2>Kids</h2><p>If a child wants to enter the contest, the app asks the child "
            "for a parent's email address, and that parent must email us to approve the "
            "entry.</p>",
            "<h2>Wine club</h2><p>Membership is open only to customers aged 21 or over. To "
            "check this we may ask you for further details, such as your birth date, at "
            "delivery.</p>"):
        assert signals(body)["age_assurance"].value, body
    # documents asked with no adult age rule before them are an identity check
    kyc = signals("<h2>Payouts</h2><p>Before a payout we may ask you for documents such "
                  "as a bank statement.</p>")
    assert not kyc["age_assurance"].value


def test_a_floor_told_as_an_age_reached_in_french_and_german(signals: Run) -> None:
    cases = (
        ("fr", "Le service de location est réservé aux clients qui ont atteint l'âge de "
               "18 ans."),
        ("fr", "Seules les personnes ayant atteint la majorité peuvent créer un compte."),
        ("de", "Ein Konto darf nur eröffnen, wer das achtzehnte Lebensjahr vollendet hat."),
    )
    for lang, sentence in cases:
        found = signals(f"<h2>Inscription</h2><p>{sentence}</p>", lang=lang)
        assert found["children_disclaimer"].value, sentence
    # the same floor with a parent's agreement for those who reach it is an age rule
    route = signals("<h2>Inscription</h2><p>Les enfants ayant atteint 13 ans peuvent "
                    "s'inscrire avec l'accord d'un parent.</p>", lang="fr")
    assert not route["children_disclaimer"].value


def test_a_parent_signing_off_ends_the_wait_and_the_law_at_large_is_no_practice(
        signals: Run) -> None:
    found = signals("<h2>Young learners</h2><p>We hold the drawings of players under 13 "
                    "in a private folder, and nothing is shared until their guardian has "
                    "confirmed.</p>")
    assert found["coppa_notice"].value
    law = signals("<h2>Kids</h2><p>According to the law, websites must obtain a parent's "
                  "consent before collecting data from children under 13. We do not "
                  "knowingly collect data from children under 13.</p>")
    assert not law["coppa_notice"].value
    # a parent confirming their own age lets the child play: an age rule
    own = signals("<h2>Kids</h2><p>Children may play once a parent confirms that they "
                  "are over 18.</p>")
    assert not own["coppa_notice"].value


def test_a_declaration_required_before_going_on_is_a_gate(signals: Run) -> None:
    gate = signals("<h2>Entry</h2><p>The shop stays locked until the visitor ticks a box to "
                   "declare that they are at least 18.</p>")
    assert gate["age_assurance"].value
    # agreeing to terms that state an age is a promise, not a gate
    bare = signals("<h2>Entry</h2><p>You should not use the service unless you are at "
                   "least 18, and by using it you confirm that you are.</p>")
    assert not bare["age_assurance"].value
