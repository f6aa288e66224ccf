"""Round 13, learnt from the twelfth collection's development part (community rules,
moderation and reporting pages, safety and parents' pages of games, chat servers,
forums and school tools, scored before anyone tuned on them). Wordings such pages
share: the open-source code of conduct's "right and responsibility to remove ...
contributions not aligned to this Code", "To report X, send an e-mail to", the conduct
team, whom to talk to when you witness abuse, submissions that "go through an approval
process", sanctions listed under a lead that names the breach, and a bot's use "not
permitted for minors under 13". Each rule sits beside a sentence it must not catch."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from auditor.models import Signal

Run = Callable[..., dict[str, Signal]]


def _has(signals: Run, signal: str, html: str) -> bool:
    return bool(signals(html)[signal].value)


CAUGHT = [
    # (signal, caught, left alone)
    ("content_moderation",
     "Maintainers have the right and responsibility to remove, edit, or reject comments, "
     "wiki edits and other contributions that are not aligned to this Code of Conduct.",
     "Maintainers have the right and responsibility to review pull requests in a timely "
     "manner."),
    ("content_moderation",
     "Please follow these rules when you play. If you don't, we may remove content, or "
     "suspend or delete your account.",
     "Please follow these rules when you play. When you ask, we may delete your account."),
    ("content_moderation",
     "Because the game is played by children, all uploaded levels go through an approval "
     "process before other players can download them.",
     "Because the game is played by children, all players go through a short tutorial "
     "before they can join a match."),
    ("content_moderation",
     "We will take action when we see members violating these guidelines, from a warning "
     "to a permanent ban.",
     "We will take action when we see a bug, from a hotfix to a new release."),
    ("reporting_mechanism",
     "To report a rule violation on a server, send an email to conduct@example.org with "
     "the server name.",
     "To report a bug in the launcher, send an email to dev@example.org with your logs."),
    ("reporting_mechanism",
     "Contact the conduct team by phoning the desk or visiting the help tent.",
     "Contact the catering team by phoning the desk or visiting the food tent."),
    ("reporting_mechanism",
     "If you witness harassing or otherwise unacceptable behaviour, you can talk to the "
     "project maintainers listed below.",
     "If you witness a build failure, you can talk to the project maintainers listed "
     "below."),
    ("reporting_mechanism",
     "We ask all members to report behaviour that breaks these guidelines to the community "
     "managers or the server owner.",
     "We ask all members to read these guidelines before talking to the community "
     "managers or the server owner."),
    ("children_disclaimer",
     "The use of this bot is not permitted for minors under the age of 13.",
     "The use of this bot is not permitted for commercial purposes."),
]


def test_children_served_under_a_parents_guidance_are_let_in(signals: Run) -> None:
    """'Nor serves them without parental guidance' is a way in: no disclaimer."""
    assert not _has(signals, "children_disclaimer",
                    "<p>We do not knowingly collect data from children under 13, nor serve "
                    "them without parental guidance or supervision.</p>")
    assert _has(signals, "children_disclaimer",
                "<p>We do not knowingly collect data from children under 13, nor serve "
                "them in any way.</p>")


def test_age_checks_said_not_to_be_required_are_no_age_check(signals: Run) -> None:
    assert not _has(signals, "age_assurance",
                    "<p>Age checks are not mandatory for community hosts.</p>")
    assert _has(signals, "age_assurance",
                "<p>Age checks are mandatory: we ask every player for a date of birth.</p>")


@pytest.mark.parametrize(("signal", "caught", "alone"), CAUGHT)
def test_round13_rule_and_its_near_miss(signals: Run, signal: str, caught: str,
                                        alone: str) -> None:
    assert _has(signals, signal, f"<p>{caught}</p>"), caught
    assert not _has(signals, signal, f"<p>{alone}</p>"), alone


LEAD = "<p>Breaches of these guidelines may result in the following actions:</p>"
ITEMS = ("<ul><li>Your listing or your store may be removed temporarily or permanently."
         "</li><li>Your account may be suspended.</li></ul>")


def test_a_list_item_takes_its_reason_from_the_lead(signals: Run) -> None:
    """The removal names no reason; the lead that opens the list names the breach."""
    assert _has(signals, "content_moderation", LEAD + ITEMS)
    assert not _has(signals, "content_moderation",
                    "<p>Your subscription includes the following:</p>" + ITEMS)


def test_the_lead_must_be_the_line_just_above_the_items(signals: Run) -> None:
    """A long paragraph after the lead breaks the list: its reason is not the item's."""
    paragraph = "<p>" + "We describe our store in the sections below. " * 12 + "</p>"
    assert not _has(signals, "content_moderation", LEAD + paragraph + ITEMS)


def test_a_reserved_lead_on_a_page_that_disowns_the_duty_stays_bare(signals: Run) -> None:
    lead = ("<p>If you breach these Terms, we reserve the right, at our sole discretion, "
            "to:</p>")
    items = "<ol><li>Warn you by e-mail.</li><li>Delete any of your listings.</li></ol>"
    assert _has(signals, "content_moderation", lead + items)
    disowned = "<p>We have no obligation to monitor or remove content.</p>"
    assert not _has(signals, "content_moderation", disowned + lead + items)


def test_someones_writing_said_to_be_an_ai_output_is_no_disclosure(signals: Run) -> None:
    rule = "<p>An appeal will be declined if it is clearly the output of an LLM.</p>"
    found = signals(rule)
    assert not found["ai_disclosure"].value
    assert _has(signals, "ai_disclosure",
                "<p>The answers you receive are the output of an AI model.</p>")
