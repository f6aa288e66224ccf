"""Round 8 of the AI-mention and minors-education rules, checked on whole ordinary
privacy policies (the wild set) rather than on pages picked for the signals.

Education: a resource named for an audience counts only when it says what it covers
(``subject``): "online" or "digital" before it says how it is delivered, and "privacy"
beside it is the policy's own word. Each rule sits beside a sentence it must not catch.
"""

from __future__ import annotations

from collections.abc import Callable

from auditor.models import Signal

Run = Callable[..., dict[str, Signal]]


def educates(found: dict[str, Signal]) -> bool:
    return bool(found["minors_education"].value)


# --- Education: what a resource covers --------------------------------------------------

def test_a_resource_counts_when_it_covers_safe_use(signals: Run) -> None:
    for text in ("Our safety guides for parents explain how to set limits on game time.",
                 "We publish a guide for families about protecting their privacy on "
                 "social networks.",
                 "Teachers will find lesson plans covering online reputation and privacy "
                 "in our library.",
                 "Privacy tips for teens are available in our help centre."):
        assert educates(signals(f"<p>{text}</p>")), text


def test_a_course_given_online_or_a_resource_beside_the_policy_is_no_guide(
        signals: Run) -> None:
    for text in ("We offer online courses for students and keep their enrolment data "
                 "secure.",
                 "The digital resources for teachers include maps and timelines; see our "
                 "privacy notice.",
                 "Resources for parents are listed in our Privacy Policy."):
        assert not educates(signals(f"<p>{text}</p>")), text
