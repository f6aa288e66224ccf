"""Round 3 of the safeguard detectors (issue 14): reporting needs a channel, moderation
is a practice the operator describes, education is guidance about safe use."""

from __future__ import annotations

from typing import Any

# --------------------------------------------------------------------------- reporting


def test_a_mention_of_reporting_needs_a_channel(signals: Any) -> None:
    bare = "<p>Grown-ups can report unsuitable posts.</p><p>Please report offensive messages.</p>"
    assert signals(bare)["reporting_mechanism"].value is False
    told = "<p>You can report offensive messages with the flag icon beside each message.</p>"
    assert signals(told)["reporting_mechanism"].value is True


def test_a_heading_and_a_bare_mention_do_not_add_up(signals: Any) -> None:
    page = "<h2>Reporting abuse</h2><p>Members help us by reporting abusive profiles.</p>"
    assert signals(page)["reporting_mechanism"].value is False
    page += "<p>Write to our safety team at help@example.test to report abusive profiles.</p>"
    assert signals(page)["reporting_mechanism"].value is True


def test_a_duty_to_report_that_names_where_counts(signals: Any) -> None:
    page = "<p>You should report a rude player to a forum moderator.</p>"
    assert signals(page)["reporting_mechanism"].value is True


def test_account_security_and_crash_reports_are_not_abuse_reports(signals: Any) -> None:
    for text in ("Report suspicious login activity to us at help@example.test right away.",
                 "The app has a crash reporting feature you can switch off."):
        assert signals(f"<p>{text}</p>")["reporting_mechanism"].value is False, text


def test_a_team_named_in_passing_is_no_channel(signals: Any) -> None:
    page = "<p>The safety team may read messages that other members have flagged.</p>"
    assert signals(page)["reporting_mechanism"].value is False


def test_the_same_sentence_twice_counts_once(signals: Any) -> None:
    page = "<h3>How do I report an unlawful post?</h3>" * 2
    assert signals(page)["reporting_mechanism"].value is False


def test_telling_us_about_harassment_is_a_channel(signals: Any) -> None:
    page = ("<p>If someone keeps harassing you in the forum, please inform us by e-mail and "
            "we will step in.</p>")
    assert signals(page)["reporting_mechanism"].value is True


def test_reporting_by_flagging_and_an_in_app_feature(signals: Any) -> None:
    assert signals("<p>You can ask us to take down a fake profile by flagging it.</p>"
                   )["reporting_mechanism"].value is True
    assert signals("<p>The app lets you report a chat you find upsetting.</p>"
                   )["reporting_mechanism"].value is True


def test_french_mention_needs_a_channel(signals: Any) -> None:
    bare = "<p>Chacun peut signaler un contenu choquant.</p>"
    assert signals(bare, lang="fr")["reporting_mechanism"].value is False
    told = ("<p>Chacun peut signaler un contenu choquant avec le bouton prévu sous "
            "chaque annonce.</p>")
    assert signals(told, lang="fr")["reporting_mechanism"].value is True


# --------------------------------------------------------------------------- education


def test_a_guide_for_teachers_counts_only_about_safe_use(signals: Any) -> None:
    maths = "<h2>Teacher guides</h2><p>Year 2 fractions teacher guide.</p>"
    assert signals(maths)["minors_education"].value is False
    safety = "<p>Our teacher guides cover staying safe online and spotting scams.</p>"
    assert signals(safety)["minors_education"].value is True


def test_a_safety_heading_makes_a_resource_about_safe_use(signals: Any) -> None:
    page = "<h2>Online safety at home</h2><p>Download the resources for families.</p>"
    assert signals(page)["minors_education"].value is True


def test_lines_naming_the_audience_are_not_guidance(signals: Any) -> None:
    page = "<p>For parents:</p><p>You may ask us for a copy.</p><p>For teachers:</p>"
    assert signals(page)["minors_education"].value is False



def test_discussing_safe_use_with_your_child(signals: Any) -> None:
    assert signals("<p>Please discuss online safety with your child before the first "
                   "game.</p>")["minors_education"].value is True
    assert signals("<p>Please read this notice and discuss it with your child.</p>"
                   )["minors_education"].value is False


def test_safeguarding_guidance_for_volunteers(signals: Any) -> None:
    page = ("<p>Club mentors should know what to do when a child tells them about abuse.</p>"
            "<p>Watch for signs that an adult is grooming a child in the club chat.</p>")
    assert signals(page)["minors_education"].value is True


def test_french_guide_for_volunteers_about_child_protection(signals: Any) -> None:
    page = ("<p>Ce guide aide les animateurs à protéger les enfants en ligne.</p>"
            "<p>Un guide pour les bénévoles sur la protection des enfants au club.</p>")
    assert signals(page, lang="fr")["minors_education"].value is True
    maths = "<p>Un guide pour les enseignants de mathématiques.</p>"
    assert signals(maths, lang="fr")["minors_education"].value is False
