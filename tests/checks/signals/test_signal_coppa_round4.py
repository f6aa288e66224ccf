"""Round 4 of the children's-privacy rules, learnt on ordinary websites' policies.

Older sites state their children's practice as refusals ("we do not collect ... without
a parent's consent"), name rights in the regulation's words (remove, stop future
collection), hedge their compliance ("uses its best efforts to comply"), put e-mail
addresses and domains inside the sentences that matter, and give advice to children.
Each case pairs the rule with the counterpart it must not catch.
"""

from __future__ import annotations

from collections.abc import Callable

from auditor.models import Signal

Run = Callable[..., dict[str, Signal]]

NOT_FOR_KIDS = "<p>Our shop is meant for adult collectors of garden tools.</p>"


def elements_of(found: dict[str, Signal]) -> set[str]:
    return set(found["coppa_elements"].elements or [])


def test_collection_refused_until_a_parent_consents_is_a_notice(signals: Run) -> None:
    found = signals(
        "<h2>Kids' corner</h2>"
        "<p>We never gather a player's e-mail address from children without prior "
        "parental consent.</p>"
        "<p>We do not share any member's postal address with sponsors without the "
        "permission of a parent.</p>")
    assert found["coppa_notice"].value
    # a bare refusal, with no consent to wait for, stays a denial
    denial = signals(
        "<h2>Kids' corner</h2>"
        "<p>We never gather e-mail addresses from children.</p>"
        "<p>We do not share postal addresses of children with sponsors.</p>")
    assert not denial["coppa_notice"].value


def test_knowingly_with_a_parent_clause_is_not_read_as_a_practice(signals: Run) -> None:
    found = signals(NOT_FOR_KIDS + "<p>We do not knowingly gather data from children "
                    "under 13 without parental consent.</p>")
    assert not found["coppa_notice"].value


def test_removal_and_stopping_future_collection_are_parental_rights(signals: Run) -> None:
    found = signals(
        "<p>Parents may have a child's nickname and scores removed at any time by "
        "writing to the club office.</p>"
        "<p>A parent may ask that the club stop future collection of their child's "
        "information.</p>")
    assert found["coppa_notice"].value
    assert "parental_rights" in elements_of(found)
    # the same verbs about an adult's own account say nothing about children
    adult = signals("<p>You may have your account removed at any time.</p>"
                    "<p>You may ask us to stop future collection of your data.</p>")
    assert not adult["coppa_notice"].value


def test_best_efforts_to_comply_with_coppa_is_a_compliance_claim(signals: Run) -> None:
    found = signals("<h2>Children</h2><p>The Riverside Scouts website makes every effort "
                    "to comply with COPPA when it handles information.</p>")
    assert found["coppa_notice"].value
    duty = signals("<h2>Children</h2><p>Publishers who embed our player are responsible "
                   "for their own efforts to comply with COPPA.</p>")
    assert not duty["coppa_notice"].value


def test_children_told_to_ask_permission_is_advice_not_practice(signals: Run) -> None:
    advice = signals(
        "<p>Kids should always ask for permission from their parents before sending "
        "their name or phone number to any website.</p>"
        "<p>With a parent's permission, we may let children under 13 use the forum.</p>")
    assert not advice["coppa_notice"].value
    practice = signals(
        "<p>We ask for the consent of a parent before we collect a child's name.</p>"
        "<p>Parents can review and delete the information of their child.</p>")
    assert practice["coppa_notice"].value


def test_a_dot_in_an_address_keeps_the_deletion_follow_up_one_clause(
        signals: Run) -> None:
    found = signals(
        "<p>This website is not intended for children under the age of 13.</p>"
        "<p>We encourage parents to talk with their children about the internet.</p>"
        "<p>We will not knowingly collect data from visitors of that age.</p>"
        "<p>If a child has provided us with personal data, a parent may write to "
        "help@garden-tools.example if they would like it deleted.</p>"
        "<p>We will then use reasonable efforts to delete the child's data.</p>")
    assert found["children_disclaimer"].value
    assert not found["coppa_notice"].value


def test_a_domain_in_the_sentence_keeps_no_conditioning_whole(signals: Run) -> None:
    found = signals(
        "<h2>Children's privacy</h2>"
        "<p>We collect a first name from children only with verifiable parental "
        "consent.</p>"
        "<p>We do not condition a child's play at www.puzzle-club.example on giving "
        "more personal information than is reasonably necessary.</p>")
    assert found["coppa_notice"].value
    assert "no_conditioning" in elements_of(found)


def test_an_age_floor_binds_a_person_whatever_the_noun(signals: Run) -> None:
    found = signals("<p>The customer must be over 18 years of age to order from this "
                    "shop.</p>")
    assert found["children_disclaimer"].value
    # a duty placed on a business customer without an age stays someone else's
    duty = signals("<p>Customers must ensure that their own users are told about "
                   "cookies.</p>")
    assert not duty["children_disclaimer"].value


def test_an_age_that_conditions_a_right_is_no_floor(signals: Run) -> None:
    found = signals("<p>If we sell your data and you are 16 years of age or older, you "
                    "may have the right to tell us to stop.</p>")
    assert not found["children_disclaimer"].value
    floor = signals("<p>You must be 16 years of age or older to open an account.</p>")
    assert floor["children_disclaimer"].value


NOTICE_HEAD = ("<h2>Children's privacy</h2><p>We collect a first name from children only "
               "with verifiable parental consent.</p>")


def test_enticing_to_divulge_more_is_no_conditioning_even_in_a_list(signals: Run) -> None:
    found = signals(NOTICE_HEAD + "<p>We will not:</p><ul><li>entice a child with a "
                    "contest prize to divulge more information than the game needs.</li>"
                    "</ul>")
    assert "no_conditioning" in elements_of(found)
    plain = signals(NOTICE_HEAD + "<p>We may offer a contest prize to players who finish "
                    "every level.</p>")
    assert "no_conditioning" not in elements_of(plain)


def test_distributing_to_third_parties_is_a_disclosure_practice(signals: Run) -> None:
    found = signals(NOTICE_HEAD + "<p>We do not distribute a child's first name to third "
                    "parties.</p>")
    assert "disclosure_practices" in elements_of(found)
    kept = signals(NOTICE_HEAD + "<p>We distribute a printed newsletter to members each "
                   "spring.</p>")
    assert "disclosure_practices" not in elements_of(kept)


def test_a_parent_may_stop_future_collection(signals: Run) -> None:
    found = signals(NOTICE_HEAD + "<p>The parent of a player can end future collection "
                    "of the child's first name at any time.</p>")
    assert "parental_rights" in elements_of(found)
    plain = signals(NOTICE_HEAD + "<p>The parent of a player can see the child's next "
                    "match on the calendar.</p>")
    assert "parental_rights" not in elements_of(plain)


def test_a_parent_right_acts_on_something_of_the_childs(signals: Run) -> None:
    loose = signals(
        "<h2>Children</h2>"
        "<p>Parents can restrict access to this site with location settings on the "
        "tablet.</p>"
        "<p>A parent who buys a toy may post a review of that toy with photos.</p>")
    assert not loose["coppa_notice"].value
    firm = signals(
        "<h2>Children</h2>"
        "<p>Parents can review the information we hold about their child.</p>"
        "<p>A parent may also ask to have the child's profile deleted.</p>")
    assert firm["coppa_notice"].value


def test_refusal_until_a_parent_consents_in_french(signals: Run) -> None:
    found = signals(
        "<h2>Enfants</h2>"
        "<p>Nous ne collectons pas de données auprès des enfants sans le consentement "
        "préalable de leurs parents.</p>"
        "<p>Nous ne partageons jamais le pseudonyme d'un enfant sans l'accord d'un "
        "parent.</p>", lang="fr")
    assert found["coppa_notice"].value
    denial = signals(
        "<h2>Enfants</h2>"
        "<p>Nous ne collectons pas de données auprès des enfants.</p>"
        "<p>Nous ne partageons jamais le pseudonyme d'un enfant.</p>", lang="fr")
    assert not denial["coppa_notice"].value


def test_finding_out_a_childs_data_came_in_is_an_exclusions_follow_up(
        signals: Run) -> None:
    follow_up = signals(
        "<h2>Children</h2>"
        "<p>If you are a parent and believe your child has uploaded a photo to our "
        "service, please write to us.</p>"
        "<p>In the event the company discovers that a minor has sent us an e-mail, the "
        "parent may ask us to delete the information.</p>")
    assert not follow_up["coppa_notice"].value
    # the same follow-up inside a notice leaves the notice standing
    notice = signals(
        "<h2>Children</h2>"
        "<p>We collect a nickname from children only with the verifiable consent of "
        "their parents.</p>"
        "<p>If you believe your child has uploaded a photo without your consent, please "
        "write to us.</p>")
    assert notice["coppa_notice"].value


def test_a_childs_past_upload_and_a_rule_against_it_are_no_practice(signals: Run) -> None:
    stray = signals(
        "<h2>Children</h2>"
        "<p>If you are the parent of a child under 13 who has provided personal "
        "information to us, please write to our office.</p>"
        "<p>Members under 13 should not give their real name in the forum.</p>")
    assert not stray["coppa_notice"].value
    # a registered child's parent using their rights, and a service describing what its
    # young users do, stay part of a notice
    rights = signals(
        "<h2>Children</h2>"
        "<p>If your child has registered for an account, you may review or delete your "
        "child's profile information at any time.</p>"
        "<p>Parents can also ask us to correct their child's information.</p>")
    assert rights["coppa_notice"].value


def test_a_rule_with_a_parents_consent_is_not_a_plain_prohibition(signals: Run) -> None:
    found = signals(
        "<h2>Children</h2>"
        "<p>Children under 13 must not share personal information unless their parent "
        "provided verifiable consent.</p>"
        "<p>Parents may access or delete the data of their child's account.</p>")
    assert found["coppa_notice"].value


def test_a_company_named_learning_is_no_discovery(signals: Run) -> None:
    found = signals(
        "<h2>Children</h2>"
        "<p>If a child uses Brightpath Learning courses, we collect the child's name "
        "from the school.</p>"
        "<p>Parents may review the information of their child by writing to us.</p>")
    assert found["coppa_notice"].value


def test_consent_only_where_a_law_asks_is_no_notice_on_its_own(signals: Run) -> None:
    regime = ("<h2>Children</h2><p>If your country requires consent from a parent for the "
              "processing, we will ask your parent for consent to process your data.</p>")
    found = signals(regime + "<p>We keep account data for 30 days after you leave.</p>")
    assert not found["coppa_notice"].value
    own = signals("<h2>Children</h2><p>We will ask a parent for consent before we process "
                  "the data of a child.</p><p>We keep account data for 30 days after you "
                  "leave.</p>")
    assert own["coppa_notice"].value
