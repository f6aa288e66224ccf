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
    maths = "<h1>Shop</h1><h2>Teacher guides</h2><p>Year 2 fractions teacher guide.</p>"
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


# --------------------------------------------------------------------------- moderation


def test_reviews_as_a_kind_of_content_are_not_a_review(signals: Any) -> None:
    page = ("<p>We store what you share with us, which may include reviews, photos and "
            "captions you add to the site.</p>")
    assert signals(page)["content_moderation"].value is False
    page = "<p>We access, review and remove messages that break our house rules.</p>"
    assert signals(page)["content_moderation"].value is True


def test_calls_recorded_for_quality_are_not_moderation(signals: Any) -> None:
    page = ("<p>Support chats with our agents may be monitored and recorded for quality "
            "and training purposes.</p>")
    assert signals(page)["content_moderation"].value is False


def test_no_human_review_is_a_negation(signals: Any) -> None:
    assert signals("<h3>No human review</h3><p>Your drawings stay on your device.</p>"
                   )["content_moderation"].value is False


def test_no_obligation_assumed_to_monitor(signals: Any) -> None:
    page = "<p>At no time do we assume any obligation to monitor the discussion boards.</p>"
    assert signals(page)["content_moderation"].value is False


def test_a_named_operator_filtering_and_removing(signals: Any) -> None:
    assert signals("<p>Acme filters the uploaded content against its house rules.</p>"
                   )["content_moderation"].value is True
    assert signals("<p>The club will take steps to remove offensive postings it finds.</p>"
                   )["content_moderation"].value is True


def test_not_controlling_but_filtering_is_a_practice(signals: Any) -> None:
    page = "<p>Acme does not control what you upload, but it filters the content it hosts.</p>"
    assert signals(page)["content_moderation"].value is True


def test_keeping_users_from_posting(signals: Any) -> None:
    page = "<p>We use this data to prevent members from posting abusive comments.</p>"
    assert signals(page)["content_moderation"].value is True


def test_reported_content_sent_for_review(signals: Any) -> None:
    page = "<p>The app lets you report a message to Acme to review it against our rules.</p>"
    assert signals(page)["content_moderation"].value is True


def test_a_reserved_right_to_moderate_names_the_practice(signals: Any) -> None:
    assert signals("<p>We reserve the right to moderate chat rooms at our discretion.</p>"
                   )["content_moderation"].value is True
    assert signals("<p>We reserve the right to remove any post at our discretion.</p>"
                   )["content_moderation"].value is False


def test_a_mechanism_for_illegal_content_outweighs_an_ip_mention(signals: Any) -> None:
    page = ("<p>We run systems to detect and remove any content that is illegal, including "
            "content that infringes intellectual property.</p>")
    assert signals(page)["content_moderation"].value is True
    page = "<p>We remove content that infringes intellectual property on notice.</p>"
    assert signals(page)["content_moderation"].value is False


def test_a_page_headed_for_parents_is_itself_the_guide(signals: Any) -> None:
    page = ("<h1>Guide for families</h1><p>Set up the tablet together before the first "
            "lesson.</p>")
    assert signals(page)["minors_education"].value is True
    page = "<h1>Terms of sale</h1><h2>Guide for families</h2><p>Orders ship in a week.</p>"
    assert signals(page)["minors_education"].value is False


def test_automated_flagging_is_the_operator_not_a_user_report(signals: Any) -> None:
    page = ("<p>Our AI tools proactively flag posts that may break the rules.</p>"
            "<p>We also act when members flag offensive posts.</p>")
    assert signals(page)["reporting_mechanism"].value is False


def test_a_parent_asking_about_collected_data_is_a_privacy_request(signals: Any) -> None:
    page = ("<p>If you think we have collected information about your child without your "
            "permission, please contact us at privacy@example.test.</p>")
    assert signals(page)["reporting_mechanism"].value is False


def test_marketplace_products_that_break_rules_are_removed(signals: Any) -> None:
    page = "<p>Items that violate our seller rules will be removed from the store.</p>"
    assert signals(page)["content_moderation"].value is True


def test_verified_complaints_and_content_made_inaccessible(signals: Any) -> None:
    assert signals("<p>Hosting plans with many verified abuse complaints are suspended.</p>"
                   )["content_moderation"].value is True
    assert signals("<p>Once told of an unlawful post, we ensure that the post is no longer "
                   "accessible.</p>")["content_moderation"].value is True


def test_community_owners_who_moderate_are_not_the_operator(signals: Any) -> None:
    page = "<p>Group owners remove posts that violate their group's rules.</p>"
    assert signals(page)["content_moderation"].value is False
    page = "<p>We remove posts that violate our rules.</p>"
    assert signals(page)["content_moderation"].value is True
    page = ("<p>Le créateur du salon est chargé de supprimer les messages contraires "
            "aux règles.</p>")
    assert signals(page, lang="fr")["content_moderation"].value is False


def test_parents_watching_chats_is_supervision_not_moderation(signals: Any) -> None:
    page = "<p>We let parents review the chat messages their child sends in the app.</p>"
    assert signals(page)["content_moderation"].value is False
    page = "<p>We monitor the chat messages in kids' rooms for bullying and unsafe talk.</p>"
    assert signals(page)["content_moderation"].value is True
