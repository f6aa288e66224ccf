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
