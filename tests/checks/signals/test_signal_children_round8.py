"""Round 8 of the children's rules, learnt from whole privacy policies of ordinary
websites (the wild check set) rather than hand-picked passages.

Stock terms often have the visitor vouch for their own age ("by using the site you
confirm that you are 18"): a promise the operator does not check, so no age assurance,
unless the operator says it checks. Each rule sits beside a sentence it must not catch.
"""

from __future__ import annotations

from collections.abc import Callable

from auditor.models import Signal

Run = Callable[..., dict[str, Signal]]


def _age(signals: Run, html: str, lang: str = "en") -> bool:
    return bool(signals(html, lang=lang)["age_assurance"].value)


def test_the_visitor_vouching_for_their_own_age_is_no_check(signals: Run) -> None:
    for sentence in (
            "You confirm that you are at least 18 years old.",
            "By continuing to browse, you're declaring that you are of legal drinking age "
            "in your country.",
            "In creating an account you represent and warrant that you are over 16.",
            "When you place an order you certify to us that you have reached the age of 21.",
            "Anyone who joins the list thereby confirms that they are older than 13."):
        assert not _age(signals, f"<p>{sentence}</p>"), sentence


def test_a_check_by_the_operator_still_counts_beside_the_promise(signals: Run) -> None:
    for sentence in (
            "You will be asked to confirm that you are over 18 by entering your date of "
            "birth.",
            "We verify that you are over 18 using a photo ID check.",
            "You confirm your age by entering your date of birth, and we check it before "
            "you can join.",
            "Visitors cannot enter the shop until they confirm that they are of legal "
            "drinking age."):
        assert _age(signals, f"<p>{sentence}</p>"), sentence
    # the promise and a check told in the next sentence: the check counts
    assert _age(signals, "<p>By signing up you confirm that you are 13 or older. We ask for "
                         "your date of birth when you create an account.</p>")


def test_the_promise_in_french_and_german(signals: Run) -> None:
    assert not _age(signals, "<p>En passant commande, vous déclarez avoir l'âge légal pour "
                             "acheter de l'alcool.</p>", "fr")
    assert not _age(signals, "<p>Sie bestätigen, dass Sie volljährig sind und mindestens 18 "
                             "Jahre alt sind.</p>", "de")
    assert _age(signals, "<p>Wir prüfen Ihr Alter anhand Ihres Ausweises, bevor Sie "
                         "bestellen.</p>", "de")


def test_the_legal_age_for_buying_alcohol_is_a_rule_not_a_check(signals: Run) -> None:
    for sentence in (
            "Please leave this site if you are not of legal age for buying alcohol where "
            "you live.",
            "Only people at the legal drinking age to purchase wine in their state may "
            "order.",
            "The minimum age to buy tobacco products differs between countries."):
        assert not _age(signals, f"<p>{sentence}</p>"), sentence
    for sentence in ("We collect your date of birth for alcohol purchases.",
                     "Couriers check ID to buy alcohol at the door."):
        assert _age(signals, f"<p>{sentence}</p>"), sentence


def test_the_age_of_a_life_event_is_not_the_users_age(signals: Run) -> None:
    assert not _age(signals, "<p>The calculator predicts your age at retirement from your "
                             "savings.</p>")
    assert _age(signals, "<p>Our systems predict the age of each new user from account "
                         "signals.</p>")


def test_an_age_that_decides_a_price_or_an_offer_is_no_screen(signals: Run) -> None:
    for sentence in (
            "Seniors who want the reduced fare must show proof of age at the box office.",
            "Members who tell us they are under 13 will not receive our promotional offers.",
            "Proof of age is needed to claim the student discount."):
        assert not _age(signals, f"<p>{sentence}</p>"), sentence
    for sentence in (
            "Members who tell us they are under 13 cannot open an account.",
            "You must show proof of age to enter the venue.",
            # a discount named in the sentence, not what the age decides
            "We check the age of every buyer with an ID scan; discounts never depend on it."):
        assert _age(signals, f"<p>{sentence}</p>"), sentence


def test_a_card_required_as_a_measure_about_children_is_a_card_check(signals: Run) -> None:
    for sentence in (
            "As a safeguard against collecting data from children, we require every buyer "
            "to enter a valid credit card.",
            "We ask each new member for a debit card number so that only adults can "
            "register.",
            "To make sure no minors sign up, the service requests a credit card at "
            "registration."):
        assert _age(signals, f"<p>{sentence}</p>"), sentence
    for sentence in ("To keep children's accounts safe, we never ask for a credit card.",
                     "We require a credit card for every order, and we do not sell to "
                     "children."):
        assert not _age(signals, f"<p>{sentence}</p>"), sentence


def _notice(signals: Run, html: str) -> bool:
    return bool(signals(html)["coppa_notice"].value)


def test_a_compliance_claim_with_the_act_in_quotes(signals: Run) -> None:
    for sentence in (
            'Our site is in full compliance with the "Children\'s Online Privacy '
            'Protection Act".',
            "The company remains in compliance with “COPPA” in all of its apps for young "
            "learners.",
            'Every title we publish is in compliance with ("COPPA") and related rules.'):
        assert _notice(signals, f"<p>{sentence}</p>"), sentence
    assert not _notice(signals, '<p>Advertisers must be in compliance with "COPPA" when '
                                'they target our users.</p>')
    assert not _notice(signals, '<p>This site is for a general audience.</p><p>In '
                                'compliance with "COPPA", we do not knowingly collect data '
                                'from children under 13.</p>')


def test_the_opt_in_to_selling_a_minors_data_is_no_childrens_notice(signals: Run) -> None:
    for sentence in (
            "If we know that you are younger than 16, we will ask for your permission "
            "(or, if you are under 13, your parent's permission) to sell your personal "
            "information before we do so.",
            "We do not sell the personal information of consumers under 16 unless we "
            "receive affirmative authorization, from a parent or guardian for children "
            "under 13.",
            "Where a user is under 13, a parent must opt in before we sell any of that "
            "child's data."):
        assert not _notice(signals, f"<p>{sentence}</p>"), sentence
    # a parent's consent to the child's data, with rights beside it, stays a notice
    assert _notice(signals, "<p>Before we gather any data from a child under 13, we ask the "
                            "parent for verifiable consent and explain what we collect. "
                            "Parents can delete their child's account and its information "
                            "whenever they like.</p>")


def test_the_law_cited_first_then_the_operators_consent_practice(signals: Run) -> None:
    for sentence in (
            "Consistent with the Children's Online Privacy Protection Act (COPPA), we will "
            "never knowingly ask anyone under 13 for personal details without first asking "
            "a parent's consent.",
            # the title misspelt: its bracketed acronym names the law
            "Consistent with the Childrens Online Privacy Act (COPPA), we ask a guardian's "
            "consent before any pupil under 13 can post.",
            "In compliance with the Children's Online Privacy Protection Act of 1998 "
            "(COPPA), we ask a parent's consent before a child under 13 can share a photo."):
        assert _notice(signals, f"<p>{sentence}</p>"), sentence
    for sentence in (
            "Consistent with COPPA, we do not knowingly collect data from children under 13.",
            "Consistent with COPPA, if we learn that we have collected data from a child "
            "under 13, we delete it."):
        assert not _notice(signals, f"<p>This site is for a general audience.</p>"
                                    f"<p>{sentence}</p>"), sentence
    assert not _notice(signals, "<h2>Under-13 users</h2><p>In keeping with COPPA, any details "
                                "we learn came from a child under 13 without a parent's consent "
                                "are used once to answer and then erased. The site is for "
                                "adults.</p>")


def test_a_duty_on_what_others_submit_is_no_compliance_claim(signals: Run) -> None:
    for sentence in (
            "All material posted to this site must comply with COPPA.",
            "Any content you upload to our platform needs to conform to the Children's "
            "Online Privacy Protection Act.",
            "Submissions sent through this website shall adhere to COPPA."):
        assert not _notice(signals, f"<p>{sentence}</p>"), sentence
    assert _notice(signals, "<p>This site complies with COPPA.</p>")
    assert _notice(signals, "<p>We must and do comply with COPPA in every app we make for "
                            "children.</p>")


def _disclaimer(signals: Run, html: str) -> bool:
    return bool(signals(html)["children_disclaimer"].value)


def test_intent_to_collect_denied_and_children_not_targeted(signals: Run) -> None:
    for sentence in (
            "We do not intend to collect or knowingly collect information from children.",
            "We never aim to gather personal details about kids.",
            "Our shop does not target children with its services.",
            "We don't mean to receive any data from minors under 16.",
            "This site is not designed for use by K-12 students or any person under the "
            "age of 18.",
            "Our tools are not intended for any individual younger than 16."):
        assert _disclaimer(signals, f"<p>{sentence}</p>"), sentence
    for sentence in (
            "Ads must not target children or be placed where they reach an underage "
            "audience.",
            "We do not intend to collect more data than we need. Our app for children works "
            "with a parent's account.",
            "The lesson plans are designed for K-12 students and their teachers.",
            "We do not target children with ads, and kids under 13 may join with their "
            "parent's permission."):
        assert not _disclaimer(signals, f"<p>{sentence}</p>"), sentence


def test_consent_found_missing_after_the_fact_is_no_way_in(signals: Run) -> None:
    assert _disclaimer(signals, "<p>Our site is not directed to anyone under 13.</p><p>In the "
                                "event that we learn that we have gathered details from anyone "
                                "under the age of 13 without the consent of a parent or "
                                "guardian, we will delete them.</p>")
    # a real way in beside the exclusion: an age rule, not a disclaimer
    assert not _disclaimer(signals, "<h2>Children</h2><p>This service is not meant for children "
                                    "under 13. Children under 13 may use it with the consent of "
                                    "a parent.</p>")


def test_supervision_by_the_minors_own_parent_is_a_way_in(signals: Run) -> None:
    assert not _disclaimer(signals, "<p>This site is not intended for use by any person under "
                                    "21. Any use by persons under 21 should only be under the "
                                    "direct supervision of that minor's parent or legal "
                                    "guardian.</p>")
    assert _disclaimer(signals, "<p>Our pages are not meant for anyone under 18. We do not "
                                "supervise what visitors read.</p>")


def test_the_operators_check_with_its_source_told_between(signals: Run) -> None:
    for sentence in (
            "From the birth date you give at sign-up, we check that you are old enough for "
            "the club.",
            "Our system reads the ID you upload and confirms that the card is genuine and "
            "that you are over 18.",
            "We then verify with the licence details that the driver has reached the "
            "minimum age.",
            "The sign-up form screens new members by age before any account is opened."):
        assert _age(signals, f"<p>{sentence}</p>"), sentence
    for sentence in (
            "We check that your e-mail address is valid and that you are happy with the "
            "order.",
            "You confirm to us that you are old enough to buy from the shop.",
            "We screen job applicants for skills, not by age."):
        assert not _age(signals, f"<p>{sentence}</p>"), sentence


def test_a_question_only_an_adult_can_answer_is_a_gate(signals: Run) -> None:
    assert _age(signals, "<p>Links to the store sit behind a grown-ups only check: solve a "
                         "maths problem before the link opens.</p>")
    assert _age(signals, "<p>Before any purchase, the app asks the player to answer an adult "
                         "question to unlock the button.</p>")
    assert not _age(signals, "<p>Children answer maths questions to earn stars in the game "
                             "for adults and kids.</p>")


def test_a_birth_date_beside_the_age_needed_to_sign_up_is_a_screen(signals: Run) -> None:
    for html in (
            "<p>Registration may require you to give us your name, e-mail address, city and "
            "date of birth. You must be at least 13 years old to register.</p>",
            "<p>You have to be 16 to sign up. Signing up asks for a username, a password and "
            "your date of birth.</p>",
            "<p>To register you tell us your name and your age; registration is refused if "
            "the age you enter is under 13.</p>"):
        assert _age(signals, html), html
    for html in (
            "<p>Registration may require your name, e-mail address and date of birth. We use "
            "them to send you birthday offers.</p>",
            "<p>Registration requires your e-mail and date of birth. Our staff must be 18 to "
            "work here.</p>"):
        assert not _age(signals, html), html


def test_an_id_after_a_confirmed_adult_age_unless_asked_for_something_else(
        signals: Run) -> None:
    assert _age(signals, "<p>When you buy spirits you confirm you are at least 18. The driver "
                         "may ask to see an identity document at the door.</p>")
    assert not _age(signals, "<p>You confirm you are at least 18. We may ask for documents to "
                             "check your address.</p>")
    assert _age(signals, "<p>El sistema comprueba que tienes la edad mínima antes de "
                         "alquilar.</p>", "es")
    assert not _age(signals, "<p>Debes tener la edad mínima para alquilar una moto.</p>", "es")


def test_permission_to_use_the_childs_submission_is_handling_not_an_age_rule(
        signals: Run) -> None:
    assert _notice(signals, "<h2>Children</h2><p>If a child under 13 sends us a drawing to "
                            "publish, we first ask the child's parent for permission to use "
                            "the drawing. We collect only the child's first name with it.</p>")
    for sentence in ("If you are under 13, you need a parent's permission to use the service.",
                     "Children under 13 must get their parent's consent before using our "
                     "app."):
        assert not _notice(signals, f"<p>{sentence}</p>"), sentence


def test_minors_named_as_sixteen_or_seventeen_make_no_childrens_notice(signals: Run) -> None:
    opening = ("<h2>Parents and carers</h2><p>Where parents or carers apply, we collect your "
               "details and your child's details.</p>")
    assert not _notice(signals, opening + "<p>If you are aged 16 or 17, we will share your "
                                          "attendance and progress with your parent or carer "
                                          "unless you withdraw your consent for us to do so.</p>")
    assert _notice(signals, opening + "<p>If your child is under 13, we will share their "
                                      "progress with you, and as their parent you may withdraw "
                                      "your consent for us to do so.</p>")


def test_contracted_negations_read_like_full_ones(signals: Run) -> None:
    # "don't": no word boundary sits between "do" and "n't"
    for sentence in (
            "We don't knowingly collect personal data from children under 13.",
            "We won't knowingly gather anything from kids under 13.",
            "We don't let anyone under 13 open an account."):
        assert _disclaimer(signals, f"<p>{sentence}</p>"), sentence
    for sentence in (
            "We don't knowingly collect data from children under 13 without a parent's "
            "consent, and parents can create accounts for them.",
            "We don't let anyone under 13 open an account unless a parent sets it up."):
        assert not _disclaimer(signals, f"<p>{sentence}</p>"), sentence


def test_more_ways_to_keep_children_out(signals: Run) -> None:
    for sentence in (
            "Nothing on our website is aimed at children under 13.",
            "No part of the shop is intended for kids younger than 13.",
            "Joining the forum is off-limits to anyone who has not yet reached 16 years of "
            "age.",
            "If you are younger than 13, you may not send us your details through the app.",
            "We don't set out to gather personal data about anyone younger than sixteen."):
        assert _disclaimer(signals, f"<p>{sentence}</p>"), sentence
    for sentence in (
            "Nothing stops a parent from sharing our stories with children under 13.",
            "No part of the fee is charged for children under 13.",
            "If you are younger than 13, you may not send us your details unless a parent "
            "helps you.",
            "The chat room is closed to users younger than 13 unless a parent gives "
            "consent."):
        assert not _disclaimer(signals, f"<p>{sentence}</p>"), sentence


def test_the_parents_consent_given_first_then_the_collection(signals: Run) -> None:
    for sentence in (
            "Once a parent has given verified consent, Numberly may collect a child's first "
            "name and class work.",
            "After the guardian has agreed by e-mail, the app stores the child's nickname "
            "and drawings."):
        assert _notice(signals, f"<p>{sentence}</p>"), sentence
    for sentence in ("Once a parent has agreed to these terms, the child may use the chat.",
                     "After a parent has given consent, children under 13 can join the "
                     "forums."):
        assert not _notice(signals, f"<p>{sentence}</p>"), sentence


def test_an_age_condition_told_with_provided_or_of_the_user_by_role(signals: Run) -> None:
    for sentence in (
            "Accounts may be opened by individuals, provided the individual has reached the "
            "age of thirteen.",
            "You may join only if you have turned 16.",
            "Members can post, provided that they are at least 13."):
        assert _disclaimer(signals, f"<p>{sentence}</p>"), sentence
    for sentence in (
            "Accounts may be opened by individuals, provided the individual has reached the "
            "age of thirteen or has a parent's consent.",
            "Orders ship provided the payment has cleared."):
        assert not _disclaimer(signals, f"<p>{sentence}</p>"), sentence


def test_consent_on_the_parents_behalf_with_a_plural_possessive(signals: Run) -> None:
    # "parents' behalf": no word boundary after the apostrophe
    assert _notice(signals, "<h2>Pupils under 13</h2><p>The school gives consent on the "
                            "parents' behalf before we collect a pupil's first name. Parents "
                            "may ask the school to delete their child's records.</p>")
    assert not _notice(signals, "<p>Schools sign contracts on the parents' behalf for field "
                                "trips.</p>")
