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


def test_content_that_seems_harmful_sends_the_reader_to_the_operator(signals: Any) -> None:
    """"If a comment seems hateful, tell us": the thing is named before the judgement."""
    page = "<p>If a comment seems hateful to you, let us know through the contact form.</p>"
    assert signals(page)["reporting_mechanism"].value is True


def test_a_postal_address_after_write_to_is_a_channel(signals: Any) -> None:
    page = ("<p>Where a review appears to be defamatory, write to: Legal Team, 14 Elm "
            "Street, Springfield, IL 62701.</p>")
    assert signals(page)["reporting_mechanism"].value is True


def test_an_appeal_against_a_removal_is_no_report(signals: Any) -> None:
    """The content "is removed for breaching": a removal, not a judgement by the reader."""
    page = "<p>If a listing is removed for breaching our rules, you can contact us to appeal.</p>"
    assert signals(page)["reporting_mechanism"].value is False


def test_content_that_seems_wrong_is_no_report_of_harm(signals: Any) -> None:
    page = "<p>If a listing seems wrong or out of date, let us know.</p>"
    assert signals(page)["reporting_mechanism"].value is False


def test_a_safety_report_sent_from_a_screen_counts(signals: Any) -> None:
    page = "<p>Riders can file a safety report from the trip details screen at any time.</p>"
    assert signals(page)["reporting_mechanism"].value is True


def test_a_published_annual_safety_report_is_no_channel(signals: Any) -> None:
    page = "<p>Our annual safety report is published on the press page every spring.</p>"
    assert signals(page)["reporting_mechanism"].value is False


# ------------------------------------------------------------------ content_moderation


def test_moderation_staff_is_a_moderation_team(signals: Any) -> None:
    page = "<p>Flagged photos go to our moderation staff, who decide whether they stay.</p>"
    assert signals(page)["content_moderation"].value is True


def test_content_looked_over_by_a_crew_of_the_operator(signals: Any) -> None:
    page = "<p>Group chats on the app are looked over by a dedicated safety crew daily.</p>"
    assert signals(page)["content_moderation"].value is True


def test_looked_over_by_the_user_alone_is_no_moderation(signals: Any) -> None:
    page = "<p>Your drafts are looked over by you alone until you publish them.</p>"
    assert signals(page)["content_moderation"].value is False


def test_spam_beside_a_house_rule_is_lifted(signals: Any) -> None:
    """Spam alone is an anti-abuse filter; with a rule of the house it is moderation."""
    page = ("<p>Each caption is filtered by these classifiers, which catch spam and captions "
            "that break our house rules.</p>")
    assert signals(page)["content_moderation"].value is True


def test_made_unavailable_with_the_reason_far_before(signals: Any) -> None:
    page = ("<p>Any listing that appears to breach these Terms will, while our team looks "
            "into it and until a decision has been taken on the matter, be made unavailable "
            "to buyers.</p>")
    assert signals(page)["content_moderation"].value is True


def test_a_service_made_unavailable_is_no_moderation(signals: Any) -> None:
    page = "<p>The service may be made unavailable during maintenance windows.</p>"
    assert signals(page)["content_moderation"].value is False


def test_what_falls_short_of_the_standards_is_hidden(signals: Any) -> None:
    page = "<p>Anything that falls short of our posting standards is hidden from the gallery.</p>"
    assert signals(page)["content_moderation"].value is True


def test_the_operator_hides_them_after_a_list_of_verbs(signals: Any) -> None:
    page = ("<p>If one of your mods breaks these rules, we may rename, hide or take down it "
            "without warning.</p>")
    assert signals(page)["content_moderation"].value is True


def test_erasing_data_collected_in_violation_is_no_moderation(signals: Any) -> None:
    page = ("<p>If we learn that we collected information from a child in violation of this "
            "policy, we will erase it promptly.</p>")
    assert signals(page)["content_moderation"].value is False


def test_an_answer_takes_its_reason_from_the_question(signals: Any) -> None:
    page = ("<p>Q: What happens to a clip that breaks the rules?</p>"
            "<p>A: Our team will hold it back and tell you why.</p>")
    assert signals(page)["content_moderation"].value is True


def test_an_answer_to_a_question_without_a_reason_is_no_moderation(signals: Any) -> None:
    page = ("<p>Q: What happens to my clips when I leave?</p>"
            "<p>A: We hold them back for thirty days, then erase them.</p>")
    assert signals(page)["content_moderation"].value is False


def test_french_comment_reread_by_the_team_before_publication(signals: Any) -> None:
    page = ("<p>Chaque commentaire est d'abord relu par notre équipe avant sa publication, "
            "et nous pouvons le refuser.</p>")
    assert signals(page)["content_moderation"].value is True


def test_french_messages_not_reread_is_no_moderation(signals: Any) -> None:
    page = "<p>Les messages ne sont pas relus par l'éditeur, qui n'en est pas responsable.</p>"
    assert signals(page)["content_moderation"].value is False


def test_portuguese_operator_hides_an_offensive_comment(signals: Any) -> None:
    page = ("<p>Os comentários são da responsabilidade de quem os escreve. Se um comentário "
            "for ofensivo, podemos ocultá-lo sem aviso prévio ao autor.</p>")
    assert signals(page)["content_moderation"].value is True


def test_portuguese_data_erased_after_a_violation_is_no_moderation(signals: Any) -> None:
    page = ("<p>Se soubermos que recolhemos dados de uma criança em violação desta política, "
            "vamos apagá-los de imediato.</p>")
    assert signals(page)["content_moderation"].value is False


def test_content_kept_back_until_a_moderator_has_looked(signals: Any) -> None:
    page = "<p>New reviews stay hidden until a moderator has looked at them.</p>"
    assert signals(page)["content_moderation"].value is True


def test_an_order_pending_until_staff_check_the_payment_is_no_moderation(signals: Any) -> None:
    """Held until the team checks: only content kept back this way is moderated."""
    page = "<p>Orders stay pending until our team has checked your payment.</p>"
    assert signals(page)["content_moderation"].value is False
