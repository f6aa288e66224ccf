"""safeguards.*: hidden or borderline descriptions are reviewed; unreadable pages block."""

from __future__ import annotations

import pytest

from auditor.models import Status
from checks import (
    safeguards_age_assurance,
    safeguards_education,
    safeguards_moderation,
    safeguards_reporting,
)
from tests.checks import sitekit as kit

MODULES = {"age_assurance": safeguards_age_assurance, "content_moderation":
           safeguards_moderation, "reporting_mechanism": safeguards_reporting,
           "minors_education": safeguards_education}


@pytest.mark.parametrize("signal", sorted(MODULES))
def test_hidden_or_borderline_is_reviewed(signal: str) -> None:
    module = MODULES[signal]
    hidden = kit.signal_page("/safety", kit.sig(signal, visible=False))
    [finding] = module.run(kit.site(hidden), kit.org())
    assert finding.status is Status.NEEDS_REVIEW and "hidden" in finding.reason
    weak = kit.signal_page("/safety", kit.sig(signal, confidence=0.5))
    [finding] = module.run(kit.site(weak), kit.org())
    assert finding.status is Status.NEEDS_REVIEW and "low confidence" in finding.reason


@pytest.mark.parametrize("signal", sorted(MODULES))
def test_evidence_the_browser_left_unconfirmed_is_reviewed_not_passed(signal: str) -> None:
    module = MODULES[signal]
    page = kit.signal_page("/safety", kit.sig(signal))
    [finding] = module.run(kit.site(page), kit.org())
    assert finding.status is Status.PASS
    left = page.model_copy(update={"unconfirmed": [signal]})
    [finding] = module.run(kit.site(left), kit.org())
    assert finding.status is Status.NEEDS_REVIEW and "could not confirm" in finding.reason
    other = page.model_copy(update={"unconfirmed": ["coppa_notice"]})  # another signal's
    [finding] = module.run(kit.site(other), kit.org())
    assert finding.status is Status.PASS


@pytest.mark.parametrize("signal", sorted(MODULES))
def test_blocked_safety_page_is_blocked_not_fail(signal: str) -> None:
    module = MODULES[signal]
    pages = [kit.page("home_nolinks.html", "/"), kit.refused("/safety")]
    [finding] = module.run(kit.site(*pages), kit.org())
    assert finding.status is Status.BLOCKED
    assert finding.evidence[0].url == "https://storypal.example/safety"


def test_age_field_in_a_sign_up_form_counts() -> None:
    page = kit.page("signup_age_gate.html", "/signup")
    [finding] = safeguards_age_assurance.run(kit.site(page), kit.org())
    assert finding.status is Status.PASS and "https://storypal.example/signup" in finding.reason
