"""Round 6 of the children's rules, learnt from passages that say a practice in other
words than the development documents do.

A children's notice often tells its consent as a wait ("only once a guardian has
agreed", "kept untouched until a parent confirms") rather than with the word "parental
consent". Each case pairs the rule with a sentence it must not catch.
"""

from __future__ import annotations

from collections.abc import Callable

from auditor.models import Signal

Run = Callable[..., dict[str, Signal]]


def test_handling_that_waits_for_a_guardians_agreement_is_a_notice(signals: Run) -> None:
    found = signals(
        "<h2>Junior members</h2>"
        "<p>We store the drawings and nickname of a member under 13 only after one of "
        "their guardians has agreed to it.</p>")
    assert found["coppa_notice"].value
    # a parent's agreement to let the child use the app is an age rule, not a notice
    rule = signals(
        "<h2>Junior members</h2>"
        "<p>If you are under 13, you may only use the drawing app once a guardian has "
        "agreed.</p>")
    assert not rule["coppa_notice"].value


def test_data_held_until_a_parent_confirms_is_a_notice(signals: Run) -> None:
    found = signals(
        "<h2>Players under 13</h2>"
        "<p>Any information such a player types is kept without further use until a "
        "parent confirms that they agree.</p>")
    assert found["coppa_notice"].value
    # the same wait set by a country's law, with nothing the operator does, is none
    law = signals(
        "<h2>Players under 13</h2>"
        "<p>In some countries the law requires that a child's information is kept until a "
        "parent confirms that they agree.</p>")
    assert not law["coppa_notice"].value


def test_verifiable_consent_before_collection_without_the_word_parent(signals: Run) -> None:
    found = signals(
        "<h2>Kids' reading corner</h2>"
        "<p>Before the reading corner gathers any personal information from children "
        "under 13, the adult who owns the family account must give us verifiable "
        "consent.</p>")
    assert found["coppa_notice"].value
    # consent to the terms by an adult, with no child's data, is no notice
    terms = signals(
        "<h2>Family accounts</h2>"
        "<p>The adult who owns the family account must accept these terms before "
        "anyone in the household can use the service.</p>")
    assert not terms["coppa_notice"].value


def test_an_operator_naming_itself_meets_the_rules_requirements(signals: Run) -> None:
    found = signals(
        "<h2>Children</h2>"
        "<p>Brightnest works to satisfy every requirement of the Children's Online "
        "Privacy Protection Act on its websites.</p>")
    assert found["coppa_notice"].value
    # the same requirements placed on a business by "must" are a duty on others
    duty = signals(
        "<h2>Children</h2>"
        "<p>Each advertiser must meet the requirements of COPPA for its own apps.</p>")
    assert not duty["coppa_notice"].value


def test_german_compliance_with_the_verb_at_the_end(signals: Run) -> None:
    found = signals(
        "<h2>Kinder</h2>"
        "<p>Wir haben geprüft, dass die App den Regeln des Children's Online Privacy "
        "Protection Act genügt.</p>", lang="de")
    assert found["coppa_notice"].value
    # the law named as a reason to keep children out is no compliance statement
    rule = signals(
        "<h2>Kinder</h2>"
        "<p>Wegen des COPPA dürfen Kinder unter 13 Jahren die App nicht nutzen.</p>",
        lang="de")
    assert not rule["coppa_notice"].value


def test_not_meant_for_anyone_who_has_not_yet_turned_the_age(signals: Run) -> None:
    found = signals("<p>Our boat rental site is not intended for use by people who "
                    "have not yet turned 18.</p>")
    assert found["children_disclaimer"].value
    # an age named for the people a booking covers, with nothing excluded, is none
    other = signals("<p>Guests who have not yet turned 18 receive a life jacket.</p>")
    assert not other["children_disclaimer"].value


def test_none_of_our_services_offered_to_children(signals: Run) -> None:
    found = signals("<p>None of our photo editing apps are marketed to children.</p>")
    assert found["children_disclaimer"].value
    some = signals("<p>Some of our photo editing apps are marketed to families.</p>")
    assert not some["children_disclaimer"].value


def test_contract_capacity_and_refrain_from_giving_details(signals: Run) -> None:
    contract = signals("<p>Only people who have reached the age at which they may "
                       "form a binding contract where they live may order from us.</p>")
    assert contract["children_disclaimer"].value
    refrain = signals("<p>Users younger than 16 must refrain from posting their home "
                      "address in the forum.</p>")
    assert refrain["children_disclaimer"].value
    # a binding contract with no age is about the agreement, not who may use it
    plain = signals("<p>These terms form a binding contract between you and us.</p>")
    assert not plain["children_disclaimer"].value


def test_a_guardian_who_enrols_the_child_is_a_route_in(signals: Run) -> None:
    found = signals(
        "<h2>Young players</h2>"
        "<p>We do not knowingly collect personal information from children.</p>"
        "<p>Players aged 10 and under may still join, as long as a guardian enrols "
        "them from the family page.</p>")
    assert not found["children_disclaimer"].value
    shut = signals(
        "<h2>Young players</h2>"
        "<p>We do not knowingly collect personal information from children.</p>"
        "<p>Players may join from the family page.</p>")
    assert shut["children_disclaimer"].value


def test_spanish_declared_age_reached(signals: Run) -> None:
    found = signals("<p>Al registrarse, el usuario declara que ya ha cumplido los 18 "
                    "años.</p>", lang="es")
    assert found["children_disclaimer"].value
    plain = signals("<p>Al registrarse, el usuario declara que sus datos son "
                    "correctos.</p>", lang="es")
    assert not plain["children_disclaimer"].value


def test_proof_of_age_asked_in_other_words(signals: Run) -> None:
    found = signals("<p>When a parcel holds spirits, the driver asks to see proof that "
                    "the recipient is 18 or older.</p>")
    assert found["age_assurance"].value
    # an age rule with nothing checked is no age assurance
    rule = signals("<p>Spirits are sold only to customers who are 18 or older.</p>")
    assert not rule["age_assurance"].value


def test_age_compared_with_a_floor_and_an_estimate_by_age(signals: Run) -> None:
    floor = signals("<p>We use the birth year you give us to check that you have "
                    "reached 16.</p>")
    assert floor["age_assurance"].value
    estimate = signals("<p>Our models assess whether a profile may belong to someone "
                       "younger than 18 from the way it is written.</p>")
    assert estimate["age_assurance"].value
    # an estimate of something other than age is none
    other = signals("<p>Our models assess whether a profile may be a duplicate.</p>")
    assert not other["age_assurance"].value


def test_a_consent_form_the_parent_signs_and_a_card_check_for_consent(signals: Run) -> None:
    form = signals("<p>Parents may use a consent form, which they sign and return to "
                   "our office.</p>")
    assert form["age_assurance"].value
    card = signals("<p>We verify the credit card on the family account to record the "
                   "parent's consent.</p>")
    assert card["age_assurance"].value
    # a card charged for a purchase, with no consent, is billing
    billing = signals("<p>We charge the credit card on the family account each "
                      "month.</p>")
    assert not billing["age_assurance"].value


def test_a_birth_date_that_decides_the_sign_up_flow(signals: Run) -> None:
    found = signals("<p>We ask for the month and year of birth at sign-up to decide "
                    "whether to ask for a parent's e-mail address instead.</p>")
    assert found["age_assurance"].value
    # a birthday kept for a greeting decides nothing
    greeting = signals("<p>You may add your birthday to your profile so friends can "
                       "greet you.</p>")
    assert not greeting["age_assurance"].value


def test_a_schools_consent_as_the_parents_agent_lets_us_hold_pupil_data(signals: Run) -> None:
    found = signals(
        "<h2>Pupils</h2>"
        "<p>Acting on behalf of the parents, the school gives consent for us to store "
        "each pupil's first name and quiz scores.</p>")
    assert found["coppa_notice"].value
    # a school told to get the parents' consent itself is a duty on others
    duty = signals(
        "<h2>Pupils</h2>"
        "<p>Schools must obtain the consent of the parents before adding pupils.</p>")
    assert not duty["coppa_notice"].value


def test_parents_asking_someone_to_review_the_childs_work(signals: Run) -> None:
    found = signals(
        "<h2>Parents</h2>"
        "<p>With a parent's consent we record the child's nickname and drawings.</p>"
        "<p>A parent may ask the teacher, or us, to review or remove what the child "
        "made.</p>")
    assert found["coppa_notice"].value
    # an adult asking about their own account says nothing of a child
    adult = signals("<p>You may ask support, or us, to review your own invoices.</p>")
    assert not adult["coppa_notice"].value


def test_french_child_data_recorded_after_checking_parental_authority(signals: Run) -> None:
    found = signals(
        "<h2>Profils des enfants</h2>"
        "<p>Nous conservons le prénom et les résultats d'un enfant de moins de 15 ans "
        "après avoir vérifié que vous exercez l'autorité parentale.</p>", lang="fr")
    assert found["coppa_notice"].value
    # minors told to get their parents' agreement before signing up is an age rule
    rule = signals(
        "<h2>Mineurs</h2>"
        "<p>Les mineurs de moins de 15 ans doivent obtenir l'accord de leurs parents "
        "avant de s'inscrire.</p>", lang="fr")
    assert not rule["coppa_notice"].value


def test_french_booking_for_a_child_with_access_and_erasure(signals: Run) -> None:
    found = signals(
        "<h2>Les données de vos enfants</h2>"
        "<p>Quand vous inscrivez au club un enfant de moins de 15 ans, nous traitons "
        "son nom et sa classe pour organiser les séances.</p>"
        "<p>Vous pouvez nous demander à tout moment l'accès à ces données ou leur "
        "effacement.</p>", lang="fr")
    assert found["coppa_notice"].value
    # the same request outside a children's section is an adult's own right
    adult = signals(
        "<h2>Vos droits</h2>"
        "<p>Vous pouvez nous demander à tout moment l'accès à vos données ou leur "
        "effacement.</p>", lang="fr")
    assert not adult["coppa_notice"].value


def test_portuguese_sharing_starts_only_after_a_parent_allows_it(signals: Run) -> None:
    found = signals(
        "<h2>Contas de crianças</h2>"
        "<p>A localização da criança só é partilhada depois de o pai ou a mãe a "
        "autorizar.</p>", lang="pt")
    assert found["coppa_notice"].value
    # a parent's permission to open the account is an age rule
    rule = signals(
        "<h2>Contas de crianças</h2>"
        "<p>Crianças só podem usar a aplicação depois de os pais darem permissão para "
        "usar o serviço.</p>", lang="pt")
    assert not rule["coppa_notice"].value


def test_tightened_round6_rules_keep_their_near_misses_out(signals: Run) -> None:
    # a teen's account opened once a parent agrees: the wait is on joining, an age rule
    joining = signals("<h2>Minors</h2><p>Teens under 18 may open an account only after "
                      "a parent has agreed and we store the parent's e-mail.</p>")
    assert not joining["coppa_notice"].value
    # another business meeting the rule is no claim about the operator's own practice
    others = signals("<p>Each app developer meets the requirements of COPPA on its "
                     "own; we do not review them.</p>")
    assert not others["coppa_notice"].value
    # a card and a consent to charges, or a consent form with no parent, check no age
    charges = signals("<p>We check the payment card you provide and you consent to "
                      "recurring charges.</p>")
    assert not charges["age_assurance"].value
    form = signals("<p>Please print the consent form, sign it and bring it to your "
                   "appointment.</p>")
    assert not form["age_assurance"].value
    # proof of the age asked by the operator after an adult rule counts
    proof = signals("<p>You must be 18. We may ask you to show proof that you are 18 "
                    "when you pick up a rental car.</p>")
    assert proof["age_assurance"].value


def test_disclaimer_rules_need_a_floor_and_personal_details(signals: Run) -> None:
    # advice on passwords shuts no child out
    advice = signals("<p>Children should refrain from sharing passwords with friends.</p>")
    assert not advice["children_disclaimer"].value
    # contract capacity described, not set as the floor of the service
    fact = signals("<p>The age at which a person can enter into a binding contract "
                   "varies by country.</p>")
    assert not fact["children_disclaimer"].value
