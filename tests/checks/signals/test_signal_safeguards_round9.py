"""Round 9 of the moderation and reporting detectors (issue 14): stock wordings of
ordinary websites' policies drawn at random (terms templates, news-site platforms,
forum software, hosting footers) and pages saved as text, whose sentences a line break
cuts short or whose links are glued together. Each rule sits beside a sentence it must
not catch."""

from __future__ import annotations

from typing import Any

import pytest

from tests.checks.signals.probes import from_text, moderated, reportable

# --------------------------------------------------------------------------- moderation

RESERVED_RIGHT = "We reserve the right to take down comments that break the forum guidelines."


@pytest.mark.parametrize("other_duty", [
    "We are under no obligation to publish anything you send us.",
    "The club has no duty to get involved when two members disagree.",
    "We are not obliged to keep copies of your uploads on our servers.",
])
def test_a_duty_disclaimed_for_something_else_leaves_reserved_rights(
        signals: Any, other_duty: str) -> None:
    assert moderated(signals, other_duty, RESERVED_RIGHT)


@pytest.mark.parametrize("watch_duty", [
    "We are under no obligation to check what members upload.",
    "We may, but need not, look over the photos you share.",
    "Monitoring the chat rooms is something we are under no obligation to do.",
])
def test_a_duty_to_look_disclaimed_makes_reserved_rights_bare(
        signals: Any, watch_duty: str) -> None:
    assert not moderated(signals, watch_duty, RESERVED_RIGHT)


def test_a_duty_disclaimed_in_the_same_sentence_still_drops_it(signals: Any) -> None:
    assert not moderated(signals, "We are under no obligation to publish anything you send "
                                  "us, and we may remove it at any time for any reason.")


def test_failing_to_remove_disclaimed_is_no_practice(signals: Any) -> None:
    assert not moderated(signals, "Do not post hateful material.",
                         "We are not responsible for any failure to remove such posts.")
    assert not moderated(signals, "The site is not liable for any delay in taking down posts "
                                  "that break the rules.")
    assert moderated(signals, "Do not post hateful material.",
                     "We remove such posts as soon as we see them.")


@pytest.mark.parametrize("text", [
    "We have the right to edit or remove content that is, in our sole discretion, unacceptable.",
    "Comments that our staff consider not appropriate for a family audience may be removed "
    "at our discretion.",
    "We reserve the right to delete any photo if we judge it unacceptable for the gallery.",
])
def test_unacceptable_content_is_a_reason(signals: Any, text: str) -> None:
    assert moderated(signals, text)


@pytest.mark.parametrize("text", [
    "We reserve the right to remove any content at our sole discretion.",
    "It is not acceptable to share your password, and we may suspend your account.",
])
def test_a_right_with_no_reason_stays_bare(signals: Any, text: str) -> None:
    assert not moderated(signals, text)


@pytest.mark.parametrize("text", [
    "The forum moderator may choose to ignore or eliminate comments that do not meet the "
    "guidelines.",
    "Our editors discard submissions that contain personal attacks.",
    "We will eliminate any listing that breaks these rules.",
])
def test_eliminating_or_discarding_content_is_removal(signals: Any, text: str) -> None:
    assert moderated(signals, text)


@pytest.mark.parametrize("text", [
    "You may discard your draft posts at any time.",
    "We eliminate duplicate records from our mailing lists each month.",
])
def test_discarding_drafts_or_records_is_not(signals: Any, text: str) -> None:
    assert not moderated(signals, text)


def test_a_reason_after_a_line_break_belongs_to_its_sentence() -> None:
    page = ("Posting rules\n\n"
            "We may hide a comment from view or delete it if we decide that the Member\n"
            "Content breaks our posting rules.\n")
    assert from_text(page, "content_moderation")
    bare = ("Posting rules\n\n"
            "We may hide a comment from view or delete it at our discretion\n"
            "Content you post stays yours.\n")
    assert not from_text(bare, "content_moderation")


@pytest.mark.parametrize("text", [
    "Last week the director moderated the discussion between the two authors.",
    "The panel was moderated by our editor-in-chief.",
    "She moderated a session on online privacy at the conference.",
])
def test_chairing_an_event_is_not_moderation(signals: Any, text: str) -> None:
    assert not moderated(signals, text)


@pytest.mark.parametrize("text", [
    "Our volunteers moderated the discussion boards every evening.",
    "We moderate discussions in our forums to keep them civil.",
])
def test_moderating_discussions_on_the_service_is(signals: Any, text: str) -> None:
    assert moderated(signals, text)


@pytest.mark.parametrize("text", [
    "We provide reviews and listings of restaurants across the country.",
    "We offer reviews of new games written by our staff.",
    "We have checked our content and links to other sites, but cannot promise they suit "
    "every reader.",
    "We review our pages and articles regularly to keep them accurate.",
])
def test_the_operators_own_writing_is_not_user_content(signals: Any, text: str) -> None:
    assert not moderated(signals, text)


@pytest.mark.parametrize("text", [
    "We have checked the content you upload for abusive language.",
    "Our team reviews comments and listings before they go live.",
])
def test_checking_what_users_send_still_counts(signals: Any, text: str) -> None:
    assert moderated(signals, text)


@pytest.mark.parametrize("text", [
    "Your e-mail message content may be monitored by our staff for security issues "
    "including where e-mail abuse is suspected.",
    "Telephone calls to our help line may be recorded and reviewed for abusive language.",
    "We may collect and review news stories and social media posts to understand what "
    "people are saying about us.",
])
def test_correspondence_and_press_watched_are_not_moderation(signals: Any, text: str) -> None:
    assert not moderated(signals, text)


@pytest.mark.parametrize("text", [
    "Chat messages between players are monitored by our safety team for abusive language.",
    "Messages members send each other may be screened for harassment.",
])
def test_messages_between_users_screened_are(signals: Any, text: str) -> None:
    assert moderated(signals, text)


@pytest.mark.parametrize("text", [
    "Use the report button to bring a post to the attention of the moderators.",
    "Report offensive comments to a forum moderator and they will look into it.",
])
def test_reports_sent_to_moderators_mean_moderation(signals: Any, text: str) -> None:
    assert moderated(signals, text)


@pytest.mark.parametrize("text", [
    "You can report bugs to our support team.",
    "Report the problem to your teacher or parent.",
])
def test_reports_to_anyone_else_do_not(signals: Any, text: str) -> None:
    assert not moderated(signals, text)


# --------------------------------------------------------------------------- reporting


@pytest.mark.parametrize("text", [
    "Requests for copies of your doctor's reports should be sent directly to the clinic.",
    "Teachers' reports must be submitted to the school office by Friday.",
])
def test_someones_reports_are_documents_not_abuse_reports(signals: Any, text: str) -> None:
    assert not reportable(signals, text)


@pytest.mark.parametrize("text", [
    "Reports of abusive posts should be sent to our moderators using the form below.",
    "Abuse reports may be e-mailed to abuse@example.org.",
])
def test_reports_sent_to_the_operator_still_count(signals: Any, text: str) -> None:
    assert reportable(signals, text)


@pytest.mark.parametrize("text", [
    "If you order with a false name, phone number or address, we will reserve the right to "
    "report such activity to the proper authorities.",
    "Any attempt to break our rules or to get into our systems without leave may be "
    "reported by our team to the appropriate authorities.",
])
def test_the_operator_reporting_to_authorities_is_no_channel(signals: Any, text: str) -> None:
    assert not reportable(signals, text)


@pytest.mark.parametrize("text", [
    "Staff should report observed security violations to abuse@example.edu.",
    "Rights holders may tell us about material used in violation of their rights by writing "
    "to abuse@example.com.",
])
def test_an_abuse_address_does_not_rescue_a_vetoed_route(signals: Any, text: str) -> None:
    assert not reportable(signals, text)


@pytest.mark.parametrize("text", [
    "Please report harassment or threats to abuse@example.com.",
    "If you think a member is bullying others, write to abuse@example.com.",
])
def test_an_abuse_address_for_harm_counts(signals: Any, text: str) -> None:
    assert reportable(signals, text)


@pytest.mark.parametrize("text", [
    "Our ethics hotline lets employees and grantees report incidents of illegal or unethical "
    "conduct anonymously.",
    "The compliance line gives staff and suppliers a way to report incidents of unlawful or "
    "unethical conduct.",
])
def test_illegal_conduct_on_a_staff_line_stays_vetoed(signals: Any, text: str) -> None:
    assert not reportable(signals, text)


@pytest.mark.parametrize("text", [
    "If you believe material on the site infringes your copyright or is illegal, contact us "
    "through the reporting form.",
    "We have a procedure for reporting allegedly infringing or unlawful user content.",
])
def test_illegal_content_still_lifts_the_copyright_veto(signals: Any, text: str) -> None:
    assert reportable(signals, text)


@pytest.mark.parametrize("text", [
    "If you are asked to pay a second time, do not pay and report it to us.",
    "If a parcel arrives damaged, report it to us within seven days.",
    "Learn how to report an injured seal on the beach.",
    "Find out how to report a lost dog to the council.",
])
def test_report_it_or_how_to_report_without_channel_or_reason(signals: Any, text: str) -> None:
    assert not reportable(signals, text)


@pytest.mark.parametrize("text", [
    "If another player keeps messaging you, block him and report him to our staff.",
    "If a post breaks the rules, report it to us with the flag icon.",
    "Learn how to report abuse through the help centre.",
    "Read how to report a user by clicking the flag button on their profile.",
])
def test_report_it_or_how_to_report_with_a_channel(signals: Any, text: str) -> None:
    assert reportable(signals, text)


def test_a_route_glued_after_a_copyright_clause_is_read_alone() -> None:
    assert from_text("Terms\n\nYou keep the copyright in your photos.Please report any "
                     "violations of these rules to us through the contact form.We may change "
                     "these terms.\n", "reporting_mechanism")
    assert not from_text("Terms\n\nYou keep the copyright in your photos.Please report any bug "
                         "to us through the contact form.We may change these terms.\n",
                         "reporting_mechanism")
    assert not from_text("Terms\n\nTrademarks belong to their owners.Anyone wishing to report a "
                         "copyright infringement may write to legal@example.com.Prices may "
                         "change.\n", "reporting_mechanism")


@pytest.mark.parametrize("page", [
    "Hosting\n\nWeb HostingDomainsSupportContact UsStatus PageReport AbuseReport a BugCompany"
    "About UsOur servers have been rated well by 5000 customers.\n",
    "Footer\n\nAbout usCareersReport abusePressBlogAll content on this site is provided as "
    "is, without warranty of any kind.\n",
])
def test_a_report_link_glued_between_links_in_a_long_run(page: str) -> None:
    assert from_text(page, "reporting_mechanism")


@pytest.mark.parametrize("page", [
    "News\n\nLocal NewsTrafficReport an accidentWeatherSportsOur reporters cover the whole "
    "county every day of the week, in print and online.\n",
    "Footer\n\nAbout usCareersReport a BugPressBlogAll content on this site is provided as "
    "is, without warranty of any kind, by the team.\n",
])
def test_a_glued_link_reporting_no_harm_is_not(page: str) -> None:
    assert not from_text(page, "reporting_mechanism")


@pytest.mark.parametrize("page", [
    "Terms\n\nWe delete your personal data when you close your account.We may remove any "
    "comment that is abusive or off topic.Prices may change.\n",
    "Terms\n\nAccount data is kept for two years after closure.At our discretion we may hide "
    "reviews that contain threats or insults.See you soon.\n",
])
def test_a_glued_removal_is_not_dropped_by_its_neighbours_veto(page: str) -> None:
    assert from_text(page, "content_moderation")


@pytest.mark.parametrize("page", [
    "Terms\n\nWe delete your personal data when you close your account.We may remove any "
    "comment at our discretion.Prices may change.\n",
    "Terms\n\nWe delete your personal data when you close your account.Posts of closed "
    "accounts are removed after thirty days.Prices may change.\n",
])
def test_a_glued_removal_still_needs_its_own_reason(page: str) -> None:
    assert not from_text(page, "content_moderation")
