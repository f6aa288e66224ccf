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
