"""Round 8 of the moderation and reporting detectors (issue 14): wordings that ordinary
websites' policies share (forum rules, comment systems, terms templates, site-builder
footers) and pages saved as text, whose links survive only as words and whose sentences
sometimes lose the space after their full stop. Each rule sits beside a sentence it
must not catch."""

from __future__ import annotations

from typing import Any

import pytest

from tests.checks.signals.probes import from_text, moderated, reportable

# --------------------------------------------------------------------------- moderation


@pytest.mark.parametrize("text", [
    "Our volunteer admins do their best to keep offensive comments out of the discussions.",
    "We work to keep hateful or threatening material off the site.",
])
def test_the_operator_keeping_bad_content_off_is_moderation(signals: Any, text: str) -> None:
    assert moderated(signals, text)


@pytest.mark.parametrize("text", [
    "Please keep offensive messages off the forum and be kind.",
    "We ask that you keep your abusive comments out of the chat rooms.",
    "We keep your messages off our servers once they have been delivered.",
])
def test_the_reader_told_to_keep_content_off_is_not(signals: Any, text: str) -> None:
    assert not moderated(signals, text)


def test_content_the_operator_judges_unfit_to_post(signals: Any) -> None:
    assert moderated(signals, "If your story never appeared, our editors may have judged it "
                              "unsuitable for publication.")
    assert moderated(signals, "Submissions that we deem offensive for the site are discarded.")
    assert not moderated(signals, "If you consider a post inappropriate for the site, tell us.")
    assert not moderated(signals, "We decided that the product was unsuitable for sale here.")


def test_the_operator_moderating_discussion_outweighs_the_spam_it_names(signals: Any) -> None:
    assert moderated(signals, "The comment system helps us moderate discussion and keep "
                              "threads free of spam.")
    assert not moderated(signals, "Our filter catches spam in the comment sections.")
    assert not moderated(signals, "Room owners moderate discussions in their rooms and may "
                                  "remove spam.")


def test_no_obligation_for_what_members_post_leaves_a_reserved_right_bare(signals: Any) -> None:
    assert not moderated(signals,
                         "We act as a passive conduit and are not undertaking any obligation "
                         "regarding the content members share.",
                         "We reserve the right to delete postings that are offensive.")
    assert moderated(signals,
                     "We are not undertaking any obligation relating to the accuracy of "
                     "our prices.",
                     "We reserve the right to remove comments that are offensive.")


@pytest.mark.parametrize("text", [
    "We recommend that you always check the content your child watches.",
    "We suggest you review any messages before you send them to others.",
    "The information we collect is used for internal review and to improve the content "
    "of our web pages.",
])
def test_looking_that_is_not_the_operator_looking_at_user_content(signals: Any,
                                                                   text: str) -> None:
    assert not moderated(signals, text)


def test_the_operator_looking_at_user_content_still_counts(signals: Any) -> None:
    assert moderated(signals, "We review the content of user profiles for hate speech.")
    assert moderated(signals, "Our team may, once you send a report, check the posts it names.")


def test_reports_of_conduct_in_an_institution_are_not_reports_of_content(signals: Any) -> None:
    assert not moderated(signals, "The school has a duty to investigate any reports of "
                                  "improper or unlawful conduct and to take action where needed.")
    assert moderated(signals, "We review each report of an abusive post and take action "
                              "against the account.")


def test_glued_clauses_are_read_one_by_one_for_removal() -> None:
    assert from_text("9.1 You grant us a licence to publish your content.9.2 You may edit "
                     "your content at any time.9.3 If you break these terms, we may delete "
                     "or hide any of your content.", "content_moderation")
    assert not from_text("9.1 You grant us a licence to remove or edit your content for any "
                         "reason.9.2 We may suspend your account if you breach these terms.",
                         "content_moderation")
    assert not from_text("We have no obligation to monitor the forum.We reserve the right "
                         "to remove posts that are offensive.", "content_moderation")


# --------------------------------------------------------------------------- reporting


def test_a_report_link_kept_as_a_line_of_text() -> None:
    assert from_text("Contact the club secretary for anything else.\n"
                     "report inappropriate content\nBack to the front page",
                     "reporting_mechanism")
    assert from_text("Questions go to the club secretary. Report abuseSites by ExampleReport "
                     "abuse", "reporting_mechanism")


@pytest.mark.parametrize("text", [
    "Tips for families\nReport inappropriate content to the police\nKeep passwords private",
    "Games\nReport an Ad\nPrivacy",
    "Sitemap\nReport an error on this page\nHelp",
    "Annual Report\nPrivacy\nHelp",
])
def test_a_text_line_naming_no_harm_is_no_report_link(text: str) -> None:
    assert not from_text(text, "reporting_mechanism")


def test_a_footer_menu_naming_a_report() -> None:
    assert from_text("Welcome to the club.\nterms privacy help advertise report "
                     "inappropriate content back to the front page", "reporting_mechanism")


def test_the_reader_who_considers_content_objectionable_is_sent_to_us(signals: Any) -> None:
    assert reportable(signals, "Should you deem a comment abusive, let us know through the "
                               "contact form.")
    assert reportable(signals, "Members who regard another member's post as offensive can "
                               "contact us at help@example.test.")
    assert not reportable(signals, "If you consider anything in this policy unclear, "
                                   "contact us.")


def test_a_concern_about_material_on_the_site(signals: Any) -> None:
    assert reportable(signals, "If you have any concerns about material which appears on our "
                               "site, please contact us at info@example.test.")
    assert reportable(signals, "Concerns about content posted on our forums can be sent to "
                               "moderators@example.test.")
    assert not reportable(signals, "If you have any concerns about the content of this "
                                   "privacy policy, please contact us.")


@pytest.mark.parametrize("text", [
    "Students seeking information about drug abuse treatment should contact the campus nurse.",
    "We accept no liability for any harm you suffer as a result of failing to notify us of "
    "changes to your details.",
    "It breaks these rules to use information from the site to harass or harm another "
    "person, or to contact any member for sales.",
])
def test_a_harm_word_near_a_contact_that_does_not_reach_us(signals: Any, text: str) -> None:
    assert not reportable(signals, text)


def test_a_harm_reported_to_us(signals: Any) -> None:
    assert reportable(signals, "If anyone harasses you on the forums, contact us at "
                               "safety@example.test.")
    assert reportable(signals, "Any bullying or other abuse you see on the boards, tell us "
                               "about it through the help page.")


@pytest.mark.parametrize("text", [
    "To have your data made anonymous or to block any data held in violation of the law, "
    "requests should be sent to us by email at info@example.test.",
    "You can download a copy of the data we hold by clicking the Request GDPR SAR Report "
    "button in Settings.",
])
def test_requests_about_ones_own_data_are_not_reports(signals: Any, text: str) -> None:
    assert not reportable(signals, text)
    assert reportable(signals, "Reports of illegal content should be sent to abuse@example.test.")


def test_glued_sentences_are_read_one_by_one_for_reporting() -> None:
    assert from_text("Our licence terms are set out above.Should you notice abusive messages "
                     "in the forum, tell us at help@example.test.", "reporting_mechanism")
    assert not from_text("If you see an infringing copy of your work on the site, email us "
                         "at info@example.test.Thank you for visiting.", "reporting_mechanism")


def test_a_duty_disclaimed_in_brackets_leaves_the_right_bare(signals: Any) -> None:
    assert not moderated(signals, "We reserve the right (but have no obligation) to review or "
                                  "remove any material you post that violates these terms.")
    assert moderated(signals, "We reserve the right to remove any material you post that "
                              "violates these terms.")


def test_no_review_of_everything_leaves_a_reserved_right_bare(signals: Any) -> None:
    assert not moderated(signals, "We cannot review every thread on the site.",
                         "We reserve the right to delete threads that are offensive.")
    assert moderated(signals, "We do not pre-screen posts.",
                     "Our moderators read the boards daily and remove posts that break the rules.")
    assert moderated(signals, "We may lock or remove topics that break the forum rules.")


def test_reviewing_usage_or_traffic_is_not_reviewing_content(signals: Any) -> None:
    assert not moderated(signals, "We use it to review the usage of our site so we can improve "
                                  "the content and design.")
    assert not moderated(signals, "Our team monitors traffic to find out which articles and "
                                  "videos readers like.")
    assert moderated(signals, "Our team monitors chat messages for bullying.")


def test_a_sanction_the_operator_takes_for_what_someone_posts(signals: Any) -> None:
    assert moderated(signals, "When a player uploads anything abusive, our moderators may "
                              "suspend the player.")
    assert not moderated(signals, "If someone posts offensive messages, you can block them "
                                  "from your profile.")
    assert not moderated(signals, "If a user posts illegal content, we may disclose their "
                                  "details to the police.")


def test_a_removal_pointing_back_takes_the_rule_just_before(signals: Any) -> None:
    assert moderated(signals, "Do not post other people's phone numbers. Such posts may be "
                              "removed without notice.")
    assert moderated(signals, "No selling or advertising in the groups.",
                     "Posts that do so are taken down.")
    assert not moderated(signals, "Posts are welcome on any topic. Such posts may be removed "
                                  "when the thread is archived.")
    assert not moderated(signals, "You must not post content that infringes copyright. Such "
                                  "posts are removed.")


def test_a_removal_the_operator_may_not_be_able_to_make(signals: Any) -> None:
    assert not moderated(signals, "We may disable your account if you violate these terms. We "
                                  "may not be able to remove such content once others have "
                                  "copied it.")


def test_harm_brought_to_our_attention_through_a_channel(signals: Any) -> None:
    assert reportable(signals, "Abusive posts may be brought to the attention of our "
                               "moderators through the flag icon.")
    assert not reportable(signals, "Errors in your invoice can be brought to our attention by "
                                   "e-mail at billing@example.test.")


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("de", "Angebote mit beleidigenden Texten werden von unserem Team entfernt.", True),
    ("de", "Angebote werden nach 30 Tagen automatisch gelöscht.", False),
    ("es", "Si un comentario contiene insultos, podremos quitarlo de la web.", True),
    ("es", "Puedes borrarla cuando quieras desde tu perfil.", False),
    ("pt", "Se uma avaliação não respeitar as nossas normas, podemos apagá-la.", True),
    ("pt", "Pode apagá-lo a qualquer momento na sua conta.", False),
])
def test_removals_in_other_languages(signals: Any, lang: str, text: str,
                                     expected: bool) -> None:
    assert bool(signals(f"<p>{text}</p>", lang=lang)["content_moderation"].value) is expected


def test_a_harm_reported_to_a_named_team(signals: Any) -> None:
    assert reportable(signals, "If you suffer abuse from another member, please contact Acme "
                               "Support through the help centre.")
    assert not reportable(signals, "Victims of abuse can contact a local shelter or a national "
                                   "charity for advice.")


def test_breaches_of_laws_and_regulations_are_a_compliance_route(signals: Any) -> None:
    assert not reportable(signals, "Violations of federal laws, regulations or college policies "
                                   "should be sent to the general counsel at "
                                   "counsel@example.test.")
    assert reportable(signals, "Content that breaks any law, regulation or these Terms, such as "
                               "harassment, should be reported to abuse@example.test.")


def test_screening_content_embedded_from_other_sites_is_not_moderation(signals: Any) -> None:
    assert not moderated(signals, "Pages of our site may show videos or maps embedded from "
                                  "partner services.",
                         "Although we try to screen this content, the terms above apply to it "
                         "as well.")
    assert moderated(signals, "Members may share links to other websites in their posts.",
                     "We screen this content for hate speech and scams.")
    assert moderated(signals, "Members can post photos in the gallery.",
                     "We screen this content for nudity.")


def test_a_question_about_harm_answered_by_sending_the_reader_to_us(signals: Any) -> None:
    assert reportable(signals, "Did another member harass you in a chat? Write to us at "
                               "help@example.test with their profile name.")
    assert reportable(signals, "Spotted a listing that breaks our rules? Use the contact form "
                               "and tell us which one.")
    assert not reportable(signals, "Have you seen our new app? Write to us at hello@example.test "
                                   "with your ideas.")
    assert not reportable(signals, "Have you noticed harmful side effects after a workout? Tell "
                                   "your doctor before the next session.")
