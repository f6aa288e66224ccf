"""Round 10 of the moderation and reporting detectors: stock wordings of ordinary
websites' policies (terms generators, health-privacy notices, internal security
policies, online-banking feature lists) that read like a way to report but are the
operator's own reports, and ways to report that name what is reported in more words
than the rules knew. Each rule sits beside a sentence it must not catch."""

from __future__ import annotations

from typing import Any

import pytest

from tests.checks.signals.probes import from_text, moderated, reportable

# --------------------------------------------------------------------------- reporting


@pytest.mark.parametrize("text", [
    "We may take legal action against anyone who breaks these rules, including reporting "
    "that member to the police, and may limit their access to our systems.",
    "Acme can suspend accounts and report the offending users to law enforcement "
    "through its legal team.",
])
def test_the_operator_reporting_someone_to_the_police_is_no_way_to_report(
        signals: Any, text: str) -> None:
    assert not reportable(signals, text)


def test_a_user_reporting_a_member_still_counts(signals: Any) -> None:
    assert reportable(signals, "To report a member who harasses you, use the report button "
                               "on their profile.")


@pytest.mark.parametrize("text", [
    "After each visit, a short health report may be sent to your family doctor.",
    "An annual statement of your points can be sent to you by post.",
])
def test_a_report_sent_to_the_reader_is_the_operators_own(signals: Any, text: str) -> None:
    assert not reportable(signals, text)


def test_reports_sent_to_the_operator_still_count(signals: Any) -> None:
    assert reportable(signals, "Reports of abuse should be sent to our safety team at "
                               "safety@example.org.")


@pytest.mark.parametrize("text", [
    "We may share records with a social services agency to report abuse or neglect where "
    "the law requires it.",
    "Health details may go to a public agency when needed to report abuse, neglect or "
    "domestic violence.",
])
def test_disclosing_records_to_report_abuse_is_a_legal_duty(signals: Any, text: str) -> None:
    assert not reportable(signals, text)


def test_report_abuse_with_its_address_still_counts(signals: Any) -> None:
    assert reportable(signals, "To report abuse, write to abuse@example.org.")


@pytest.mark.parametrize("text", [
    "Our Advanced Reporting Tool gives account holders monthly statements.",
    "Business customers get a custom reporting feature for their invoices.",
])
def test_a_business_reporting_tool_is_no_report_button(signals: Any, text: str) -> None:
    assert not reportable(signals, text)


def test_a_reporting_tool_for_bullying_still_counts(signals: Any) -> None:
    assert reportable(signals, "Use the reporting tool on any post to flag bullying.")


@pytest.mark.parametrize("text", [
    "Each department must report an incident to the response team within one day.",
    "Staff members should be trained to report suspicious behaviour to the appropriate team.",
])
def test_an_internal_duty_on_staff_is_no_way_for_users(signals: Any, text: str) -> None:
    assert not reportable(signals, text)


def test_members_sent_to_the_moderators_still_count(signals: Any) -> None:
    assert reportable(signals, "Members who see bullying should report it to our moderators "
                               "using the flag button.")


@pytest.mark.parametrize("text", [
    "To report defamatory posts, use the form on our contact page.",
    "Write to the address above to report any other actual or potential violation of "
    "these rules.",
    "Please click here to report obscene or hateful comments.",
])
def test_what_is_reported_named_with_more_qualifiers(signals: Any, text: str) -> None:
    assert reportable(signals, text)


def test_qualified_reports_without_a_channel_stay_a_mention(signals: Any) -> None:
    assert not reportable(signals, "Auditors may report potential violations of the "
                                   "accounting standards.")


def test_how_to_report_abuse_as_a_glued_menu_link() -> None:
    page = ("Safe SchoolsHow To Report AbuseStaff Directory\n\n"
            "Our parish welcomes every family.\n")
    assert from_text(page, "reporting_mechanism")
    other = ("Online BankingHow To Report A Lost CardBranch Finder\n\n"
             "Our bank welcomes every family.\n")
    assert not from_text(other, "reporting_mechanism")


# --------------------------------------------------------------------------- moderation


@pytest.mark.parametrize("text", [
    "We moderate and remove any phone numbers that members put in their profiles.",
    "Our volunteer team moderate and delete replies in the club forum.",
])
def test_we_moderate_and_remove(signals: Any, text: str) -> None:
    assert moderated(signals, text)


def test_moderate_as_an_adjective_or_other_verb_is_not_moderation(signals: Any) -> None:
    assert not moderated(signals, "Prices moderate and fall again in the winter season.")


@pytest.mark.parametrize("text", [
    "We may withdraw or remove any part of the website or its content at any time if a "
    "supplier requires it or if we decide that it breaks the law.",
    "The shop may take down any portion of the Service whenever it finds that the page "
    "content is unlawful.",
])
def test_the_operators_own_site_taken_down_is_no_moderation(signals: Any, text: str) -> None:
    assert not moderated(signals, text)


def test_removing_what_users_post_for_breaking_the_law_still_counts(signals: Any) -> None:
    assert moderated(signals, "We may remove any content that is unlawful or abusive.")


@pytest.mark.parametrize("text", [
    "We may check the content of e-mails and messages sent to and received by us to spot "
    "unlawful use of our systems.",
    "We may monitor the content of calls and chats exchanged with us so that we can act on "
    "improper use of our systems.",
])
def test_the_operators_own_correspondence_watched_is_no_moderation(
        signals: Any, text: str) -> None:
    assert not moderated(signals, text)


def test_checking_what_members_send_each_other_still_counts(signals: Any) -> None:
    assert moderated(signals, "Our moderators check the messages members send each other "
                              "for abusive language.")


@pytest.mark.parametrize("text", [
    "This information is reviewed by our web developers to study shopping trends.",
    "Usage data is examined by the analytics staff to improve the catalogue.",
])
def test_information_reviewed_by_staff_is_analytics(signals: Any, text: str) -> None:
    assert not moderated(signals, text)


def test_comments_reviewed_by_staff_still_count(signals: Any) -> None:
    assert moderated(signals, "Every comment is reviewed by our moderators before it appears.")


@pytest.mark.parametrize("text", [
    "We may use your details to help us check, improve and protect our products, content "
    "and websites.",
    "We use the results to review, update or correct our guides, content and pages.",
])
def test_the_operators_own_content_improved_is_no_review(signals: Any, text: str) -> None:
    assert not moderated(signals, text)


def test_checking_and_removing_posts_still_counts(signals: Any) -> None:
    assert moderated(signals, "We check, review and remove posts that break the rules.")


RESERVED = "We reserve the right to remove any content that breaks these rules."


@pytest.mark.parametrize("other_duty", [
    "We may, but have no obligation to, review new accounts before you can log in.",
    "The store is under no obligation to check orders before they ship.",
])
def test_a_duty_to_vet_accounts_disclaimed_leaves_reserved_rights(
        signals: Any, other_duty: str) -> None:
    assert moderated(signals, other_duty, RESERVED)


def test_a_duty_to_vet_accounts_and_content_disclaimed_makes_them_bare(signals: Any) -> None:
    assert not moderated(signals, "We may, but have no obligation to, review new accounts or "
                                  "the content members post.", RESERVED)


@pytest.mark.parametrize("text", [
    "On receipt of a complaint we may take down the post complained of.",
    "Following receipt of your complaint, the editors may remove the comments in question.",
])
def test_a_complaint_received_is_why_content_goes(signals: Any, text: str) -> None:
    assert moderated(signals, text)


def test_a_complaint_answered_is_no_removal(signals: Any) -> None:
    assert not moderated(signals, "On receipt of your complaint we will reply within five "
                                  "working days.")
