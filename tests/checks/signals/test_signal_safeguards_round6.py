"""Round 6 of the moderation and reporting detectors (issue 14): rules found on reworded
passages, each pinned beside a sentence it must not catch. Own wording throughout."""

from __future__ import annotations

from typing import Any

# ------------------------------------------------------------------ content_moderation


def test_removal_after_a_chain_of_verbs_with_a_reason(signals: Any) -> None:
    """"is caught and then deleted": a few verbs may stand before the participle."""
    page = ("<p>Prohibited images, such as violent scenes, are caught and then deleted "
            "by our systems.</p>")
    assert signals(page)["content_moderation"].value is True


def test_rule_breaking_items_held_back(signals: Any) -> None:
    page = "<p>Comments that do not follow the forum rules are held back.</p>"
    assert signals(page)["content_moderation"].value is True


def test_held_back_without_a_reason_is_no_moderation(signals: Any) -> None:
    page = "<p>Payments for orders placed on public holidays are held back.</p>"
    assert signals(page)["content_moderation"].value is False


def test_gerund_removal_of_rule_breaking_posts(signals: Any) -> None:
    """"finding posts that break the rules and deleting them": the pronoun is the post."""
    page = ("<p>Your data also helps us find comments that break our house rules, such as "
            "slurs, deleting them and warning their authors.</p>")
    assert signals(page)["content_moderation"].value is True


def test_the_readers_own_data_deleted_on_request_is_a_privacy_right(signals: Any) -> None:
    page = ("<p>If you tell us that your personal information in those files was handled "
            "in breach of the law, we may delete it after checking who you are.</p>")
    assert signals(page)["content_moderation"].value is False


def test_a_duty_disclaimed_by_nothing_requires_us(signals: Any) -> None:
    """"Nothing obliges us to look over what you write": the kept right stays bare."""
    page = ("<p>Nothing in this agreement obliges Penwick to look over what members write. "
            "We may, without taking on any duty, take down any post that breaks these "
            "terms, whenever we like.</p>")
    assert signals(page)["content_moderation"].value is False


def test_a_reason_given_removal_without_a_disclaimer_counts(signals: Any) -> None:
    page = "<p>We may take down any post that breaks these terms, whenever we like.</p>"
    assert signals(page)["content_moderation"].value is True


def test_staff_looking_through_posts_for_a_reason(signals: Any) -> None:
    """The operator's people look at what members post, and a reason says what for."""
    page = ("<p>Our volunteers go through new threads each evening and act on anything "
            "unsuitable they find.</p>")
    assert signals(page)["content_moderation"].value is True


def test_staff_looking_through_without_a_reason(signals: Any) -> None:
    page = "<p>Our editors go through new recipes each evening to pick a dish of the day.</p>"
    assert signals(page)["content_moderation"].value is False


def test_a_negated_look_is_no_inspection(signals: Any) -> None:
    """"we do not have the staff to check uploads" denies the practice it names."""
    page = ("<p>We do not have the staff to check every upload for offensive material "
            "by hand.</p>")
    assert signals(page)["content_moderation"].value is False


def test_moderators_taking_posts_down_need_no_reason(signals: Any) -> None:
    page = ("<p>Paid and volunteer moderators patrol the boards and take down any post "
            "they think goes too far.</p>")
    assert signals(page)["content_moderation"].value is True


def test_a_removal_by_the_author_is_not_moderation(signals: Any) -> None:
    page = "<p>You can take down any post you wrote from its menu at any time.</p>"
    assert signals(page)["content_moderation"].value is False
