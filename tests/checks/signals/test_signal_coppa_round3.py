"""Round 3 of the children's-privacy rules: a children's service's own document.

A policy written for a service made for children describes children's data in its
general sections ("What we collect", "How we use it", "Sharing", "Keeping data"), and
its "we do not knowingly collect ..." is part of its notice rather than an exclusion
from a general-audience service. Each case pairs the rule with its counterpart so it
can fail both ways.
"""

from __future__ import annotations

from collections.abc import Callable

from auditor.models import Signal
from auditor.parse.htmldoc import parse
from checks.signals import coppa
from checks.signals._page import PageView

Run = Callable[..., dict[str, Signal]]

GENERAL_SECTIONS = (
    "<h2>What we collect</h2><ul><li>Account details: a nickname and a parent's e-mail</li>"
    "<li>Progress: finished puzzles and badges earned</li></ul>"
    "<h2>How we use data</h2><p>We use this information to save each player's progress "
    "between sessions.</p>"
    "<h2>Sharing</h2><p>We do not sell or share personal information with advertisers.</p>"
    "<h2>Keeping data</h2><p>Accounts that stay idle are deleted after 12 months.</p>"
)
KIDS_INTRO = (
    "<h1>Privacy Policy</h1><h2>About Puzzlepals</h2>"
    "<p>Puzzlepals is a puzzle app designed for children aged 5-10.</p>"
    "<h2>Children's privacy</h2><p>We comply with COPPA. A parent must set up the account "
    "and give consent before a child plays.</p>"
    "<p>Parents can review and delete their child's data at any time.</p>"
)
GENERAL_INTRO = (
    "<h1>Privacy Policy</h1><h2>About Tasklane</h2>"
    "<p>Tasklane is a task manager for busy teams.</p>"
    "<h2>Children's privacy</h2><p>We comply with COPPA. A parent must set up the account "
    "and give consent before a child under 13 uses it.</p>"
    "<p>Parents can review and delete their child's data at any time.</p>"
)


def view_of(body: str) -> PageView:
    html = f"<html lang='en'><head><title>Policy</title></head><body>{body}</body></html>"
    return PageView.build(parse(html, "https://example.test/privacy"), "https://example.test/")


def test_general_sections_are_the_childrens_part_of_a_kids_service(signals: Run) -> None:
    found = signals(KIDS_INTRO + GENERAL_SECTIONS)
    assert found["coppa_notice"].value
    elements = set(found["coppa_elements"].elements or [])
    assert {"info_collected", "use_of_info", "disclosure_practices",
            "data_retention", "parental_rights"} <= elements


def test_general_sections_of_a_general_service_stay_outside(signals: Run) -> None:
    found = signals(GENERAL_INTRO + GENERAL_SECTIONS)
    assert found["coppa_notice"].value
    elements = set(found["coppa_elements"].elements or [])
    assert "parental_rights" in elements
    assert not elements & {"use_of_info", "disclosure_practices", "data_retention"}


def test_made_for_children_needs_an_affirmative_own_statement() -> None:
    assert coppa.made_for_children(view_of(
        "<p>This reading app is made for kids who are learning their letters.</p>"))
    assert coppa.made_for_children(view_of(
        "<p>The service may be used by students under 13 in a classroom.</p>"))
    assert coppa.made_for_children(view_of(
        "<p>Our stories are designed for families and children to read together.</p>"))
    # a denial, a part of the catalogue, or use behind the operator's back
    assert not coppa.made_for_children(view_of(
        "<p>This reading app is not made for kids.</p>"))
    assert not coppa.made_for_children(view_of(
        "<p>Some of our games are designed for children; others are for adults.</p>"))
    assert not coppa.made_for_children(view_of(
        "<p>Shared tablets may be used by children without our knowledge.</p>"))


def test_children_throughout_a_long_policy_make_it_a_kids_service() -> None:
    kid = "<p>Each child profile keeps the stories a child has read so far.</p>"
    other = "<p>Our servers run in two regions for reliability.</p>"
    assert coppa.made_for_children(view_of((kid + other * 3) * 12))
    # a short children's paragraph in a long policy is no such sign
    assert not coppa.made_for_children(view_of(kid * 2 + other * 46))
    # a denial anywhere outweighs the count
    denial = "<p>The app is not intended for children under 13.</p>"
    assert not coppa.made_for_children(view_of(denial + (kid + other * 3) * 12))


def test_knowingly_in_a_kids_service_is_its_notice_not_an_exclusion(signals: Run) -> None:
    kids = signals(
        "<h2>Children's privacy</h2><p>Storynest is designed for children aged 3-8.</p>"
        "<p>We do not knowingly collect personal information directly from children.</p>"
        "<p>Parents can review and delete their child's data from the parent area.</p>")
    assert kids["coppa_notice"].value
    assert not kids["children_disclaimer"].value
    general = signals(
        "<h2>Children's privacy</h2><p>Storynest is a note-taking tool for offices.</p>"
        "<p>We do not knowingly collect personal information directly from children.</p>"
        "<p>If we learn that a child under 13 gave us data, we delete it.</p>")
    assert general["children_disclaimer"].value


def test_adult_floor_in_a_kids_service_is_the_account_holders(signals: Run) -> None:
    intro = "<p>Storynest is designed for children aged 3-8.</p>"
    adult = signals(intro + "<p>Account holders must be 18 or older.</p>"
                    "<p>You must be at least 18 years old to subscribe.</p>")
    assert not adult["children_disclaimer"].value
    teen = signals(intro + "<p>You must be at least 13 years old to post in the forum.</p>"
                   "<p>Users under 13 may not chat with other players.</p>")
    assert teen["children_disclaimer"].value


def test_a_parent_right_names_what_it_acts_on(signals: Run) -> None:
    head = ("<h1>Children's Privacy</h1><p>We collect a nickname from children under 13 "
            "only with the verifiable consent of their parents.</p>")
    loose = signals(head + "<p>Parents must review each story before sharing it.</p>"
                    "<p>Every game has parental gates for external content access.</p>")
    assert "parental_rights" not in set(loose["coppa_elements"].elements or [])
    firm = signals(head + "<p>Parents may review or delete the information of their "
                   "child by writing to us.</p>")
    assert "parental_rights" in set(firm["coppa_elements"].elements or [])


def test_without_a_parents_permission_is_a_route_but_a_childs_upload_is_not(
        signals: Run) -> None:
    route = signals("<p>Children under 13 are prohibited from buying anything in the shop "
                    "without the signed permission of a parent.</p>")
    assert not route["children_disclaimer"].value
    flat = signals("<p>Children under 13 are prohibited from buying anything in the "
                   "shop.</p>")
    assert flat["children_disclaimer"].value
    event = signals("<p>Our service is not intended for children under 13.</p>"
                    "<p>If a minor provides us with data without the consent of their "
                    "parent, we ask the parent to contact us so we can delete it.</p>")
    assert event["children_disclaimer"].value


def test_a_teen_route_does_not_let_younger_children_in(signals: Run) -> None:
    teen_route = signals(
        "<p>We do not knowingly collect personal information from children under 13.</p>"
        "<p>Users between 13 and 16 may only join with the permission of a parent.</p>")
    assert teen_route["children_disclaimer"].value


def test_german_kids_app_claims_coppa_and_reads_its_general_sections(signals: Run) -> None:
    body = ("<h1>Datenschutz</h1><h2>Über die App</h2><p>Zahlenfuchs ist eine Lern-App zum "
            "Rechnen für Kinder im Vorschulalter.</p>"
            "<h2>Rechtliches</h2><p>Die App entspricht dem Children's Online Privacy "
            "Protection Act (COPPA).</p>"
            "<h2>Weitergabe</h2><p>Es werden keine Daten an Dritte weitergegeben.</p>")
    found = signals(body, lang="de")
    assert found["coppa_notice"].value
    assert "disclosure_practices" in set(found["coppa_elements"].elements or [])
    # the same claim about someone else's duty is no notice
    other = signals("<p>Werbepartner müssen den Children's Online Privacy Protection Act "
                    "(COPPA) beachten.</p>", lang="de")
    assert not other["coppa_notice"].value


def test_german_audience_needs_an_affirmative_statement() -> None:
    assert coppa.made_for_children(view_of(
        "<p>Das Spiel wurde für Kinder ab vier Jahren entwickelt.</p>"))
    assert not coppa.made_for_children(view_of(
        "<p>Die App ist nicht für Kinder gedacht.</p>"))


NOTICE = ("<h1>Children's Privacy</h1><p>We collect a nickname from children under 13 only "
          "with the verifiable consent of their parents.</p>")


def _elements(signals: Run, sentence: str) -> set[str]:
    found = signals(NOTICE + f"<p>{sentence}</p>")
    return set(found["coppa_elements"].elements or [])


def test_a_parents_right_survives_an_address_inside_the_sentence(signals: Run) -> None:
    assert "parental_rights" in _elements(
        signals, "Parents may write to help.desk@example.org to delete their child's data.")
    assert "parental_rights" in _elements(
        signals, "A parent may prevent any further use of the information at any time.")
    assert "parental_rights" not in _elements(
        signals, "Parents may write to help.desk@example.org with any question.")


def test_making_childrens_data_public_is_a_disclosure_practice(signals: Run) -> None:
    assert "disclosure_practices" in _elements(
        signals, "We never make anything a child writes publicly available.")
    assert "disclosure_practices" not in _elements(
        signals, "We make new puzzles available every week.")


def test_deletion_once_the_request_is_served_is_retention(signals: Run) -> None:
    assert "data_retention" in _elements(
        signals, "Once we have answered the question, we delete the e-mail address.")
    assert "data_retention" not in _elements(
        signals, "Once a week we send parents a short summary.")


def test_a_childrens_heading_halfway_down_heads_a_section_not_the_page(signals: Run) -> None:
    filler = "".join(f"<p>Line {n} of the general policy text about our service.</p>"
                     for n in range(8))
    body = ("<p>What information do we collect?</p>" + filler +
            "<h4>Security</h4><p>We encrypt data at rest.</p>"
            "<h4>Children's Privacy</h4><p>Our service is not intended for children "
            "under the age of 16.</p>")
    found = signals(body)
    assert not found["coppa_notice"].value
    assert found["children_disclaimer"].value


def test_a_parent_deleting_a_childs_profile_is_no_exclusion(signals: Run) -> None:
    right = signals("<p>If your child has registered an account on their own, you may edit "
                    "or delete your child's profile from the family settings.</p>")
    assert not right["children_disclaimer"].value
    removal = signals("<p>If your child has registered an account without your consent, "
                      "we will delete the account.</p>")
    assert removal["children_disclaimer"].value


def test_neither_nor_knowingly_is_a_disclaimer(signals: Run) -> None:
    found = signals("<p>Neither the site nor the app knowingly collects personal "
                    "information from people under 18.</p>")
    assert found["children_disclaimer"].value


def test_a_deletion_after_an_age_rule_is_no_parental_route(signals: Run) -> None:
    rule = "<p>If you are under 18 years of age, do not use the app.</p>"
    deletion = signals(rule + "<p>We delete any data provided by children under 18 without "
                       "verification of parental consent.</p>")
    assert deletion["children_disclaimer"].value
    route = signals(rule + "<p>Younger users may join only with parental consent.</p>")
    assert not route["children_disclaimer"].value


def test_more_word_orders_of_a_flat_exclusion(signals: Run) -> None:
    for sentence in (
            "We do not intentionally, or knowingly, collect data from anyone under 16.",
            "The app is meant solely for people aged 16 or over.",
            "To open an account you must be a private person of at least 16 years of age.",
    ):
        assert signals(f"<p>{sentence}</p>")["children_disclaimer"].value, sentence
    # the same shape about a different age is no exclusion of children
    assert not signals("<p>Discounts are meant solely for people aged 65 or over.</p>"
                       )["children_disclaimer"].value


def test_the_age_of_an_item_is_no_age_rule(signals: Run) -> None:
    assert not signals("<p>Antique items must be at least 20 years old to be listed.</p>"
                       )["children_disclaimer"].value
    assert signals("<p>Sellers must be at least 18 years old to open a shop.</p>"
                   )["children_disclaimer"].value


def test_the_age_of_consent_is_no_collected_data_item(signals: Run) -> None:
    assert "info_collected" not in _elements(
        signals, "We collect nothing that identifies children under the age of 13 here.")
    assert "info_collected" in _elements(
        signals, "We collect each player's nickname and age to pick suitable puzzles.")
    assert "info_collected" in _elements(
        signals, "We do not collect any personal information from users of the app.")


def test_a_school_consenting_for_the_parent_is_a_mechanism(signals: Run) -> None:
    assert "consent_mechanism" in _elements(
        signals, "For classroom accounts, the district on behalf of parents grants consent "
                 "to our collection of pupil names.")
    assert "consent_mechanism" not in _elements(
        signals, "The school provides tablets to every pupil.")


def test_processing_only_for_a_purpose_is_a_use(signals: Run) -> None:
    assert "use_of_info" in _elements(
        signals, "We process pupil information only for the lessons the teacher sets.")
    assert "use_of_info" not in _elements(
        signals, "We process payments through a card provider.")


def test_more_ways_of_saying_how_long_data_is_kept(signals: Run) -> None:
    for sentence in (
            "We will not keep the address after the greeting card has been sent.",
            "If a parent does not confirm within two weeks, everything the child typed "
            "during sign-up will be erased from our servers.",
            "If the parent says no, we will not enrol the child and will delete the "
            "nickname from our records.",
    ):
        assert "data_retention" in _elements(signals, sentence), sentence
    assert "data_retention" not in _elements(
        signals, "If the parent says yes, we will send a welcome card.")
