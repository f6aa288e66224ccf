"""Round 10 of the minors-education rules, on ordinary websites' privacy policies.

A safety tip addressed to the young reader ("always ask a parent before you give out
your details") is guidance; the same ask, when it is about sending something to the
operator, is a rule for this service. A pointer to someone else's advice ("to learn how
to protect your children online, go here") is a bare link, not guidance. Each rule sits
beside a sentence it must not catch.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from auditor.models import Signal

Run = Callable[..., dict[str, Signal]]


def educates(found: dict[str, Signal]) -> bool:
    return bool(found["minors_education"].value)


@pytest.mark.parametrize("text", [
    "Stay safe on the internet. Always ask your mom or dad before you give out your phone "
    "number or address.",
    "Remember to check with a parent or guardian before sharing photos of yourself in a "
    "chat room.",
])
def test_a_tip_to_the_young_reader_to_ask_a_parent_first(signals: Run, text: str) -> None:
    assert educates(signals(f"<p>{text}</p>"))


def test_asking_a_parent_before_sending_us_something_is_a_rule(signals: Run) -> None:
    assert not educates(signals("<p>Always ask your parent before you share your e-mail "
                                "address with us.</p>"))


@pytest.mark.parametrize("text", [
    "Parents, to find out more about how to protect your children online, click here.",
    "To learn more about how to keep your kids safe online, go here.",
])
def test_a_pointer_to_advice_elsewhere_is_a_bare_link(signals: Run, text: str) -> None:
    assert not educates(signals(f"<p>{text}</p>"))


def test_reading_about_protecting_children_online_in_the_guide_still_counts(
        signals: Run) -> None:
    assert educates(signals("<h2>Family safety</h2><p>Read about how to protect your "
                            "children online in our guide for parents, with tips on chat "
                            "settings and screen time.</p>"))


# --- AI: "artificial intelligence" glued to the menu entry after it --------------------

def mentions_only(found: dict[str, Signal]) -> bool:
    return bool(found["ai_mention_only"].value)


@pytest.mark.parametrize("text", [
    "<p>Artificial IntelligenceRoboticsHistory of Science</p>",
    "<p>Evening courses in Artificial IntelligenceData Science for adults</p>",
])
def test_artificial_intelligence_glued_to_the_next_entry_is_a_mention(
        signals: Run, text: str) -> None:
    found = signals(text)
    assert mentions_only(found) and not found["ai_disclosure"].value


def test_a_spaced_menu_line_naming_it_is_still_no_mention(signals: Run) -> None:
    assert not mentions_only(signals("<div>Gifts Artificial Intelligence Books Toys</div>"
                                     "<p>We sell board games.</p>"))
