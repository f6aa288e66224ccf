"""Round 7 of the moderation and reporting detectors (issue 14): rules widened so they
hold for wording nobody tuned on, each pinned beside a sentence it must not catch.
Own wording throughout."""

from __future__ import annotations

from typing import Any

# ------------------------------------------------------------------ reporting_mechanism


def test_a_safety_mailbox_written_in_a_sentence_is_a_channel(signals: Any) -> None:
    """A written-out abuse address counts as a ``mailto`` link to it would."""
    page = ("<p>Worries about how another player behaves can be raised with "
            "safety@brickfort.example at any hour.</p>")
    assert signals(page)["reporting_mechanism"].value is True


def test_a_reporting_mailbox_in_another_language_counts(signals: Any) -> None:
    page = "<p>Envoyez votre message à signalements@exemple.fr en précisant le lien.</p>"
    assert signals(page)["reporting_mechanism"].value is True


def test_a_general_or_privacy_mailbox_is_no_abuse_channel(signals: Any) -> None:
    page = ("<p>For questions about your data write to privacy@kidsgame.example; anything "
            "else goes to hello@kidsgame.example.</p>")
    assert signals(page)["reporting_mechanism"].value is False


def test_a_report_mailbox_for_bug_reports_is_no_abuse_channel(signals: Any) -> None:
    page = "<p>Bug reports and crash logs go to report@devtool.example.</p>"
    assert signals(page)["reporting_mechanism"].value is False


def test_a_report_button_named_in_plain_quotes_counts(signals: Any) -> None:
    page = "<p>Every profile carries a 'Flag' option that goes straight to our staff.</p>"
    assert signals(page)["reporting_mechanism"].value is True


def test_pressing_a_described_flag_counts(signals: Any) -> None:
    """A word or two may describe the flag the reader presses ("the little red flag")."""
    page = "<p>Press the little red flag in the corner of a post and say what is wrong.</p>"
    assert signals(page)["reporting_mechanism"].value is True


def test_a_country_flag_that_switches_language_is_no_report_control(signals: Any) -> None:
    page = ("<p>Click the small flag to switch languages, or choose the flag of your "
            "country.</p>")
    assert signals(page)["reporting_mechanism"].value is False
