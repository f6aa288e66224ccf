"""What makes a children's notice, judged by structure rather than phrases: age rules,
COPPA named to justify deletion and one stray clause are not notices; the operator
asking a parent's consent to a child's data is. Also the moderation and reporting rules
that read who does what (a disclaimed duty to monitor, a heading naming reporting)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from checks import scoring

AGE_RULES = """
<h2>Young users</h2>
<p>You must be at least 13 to open an account. If you are under 18, a parent or legal
guardian must agree to these Terms on your behalf. In some countries, users under 16 need
a parent's consent before we may process their personal data. To comply with law we may
collect age verification data, such as a date of birth and records of parental consent.</p>
"""

DELETION_UNDER_COPPA = """
<h2>Children</h2>
<p>Our apps are for a general audience and are not directed to children under 13.
In accordance with COPPA, if we learn that we have collected personal information from a
child under 13, we will delete it promptly.</p>
"""

ONE_STRAY_RIGHTS_CLAUSE = """
<h2>Your choices</h2>
<p>Parents may review and delete the personal information of their children under 16 by
writing to privacy@shop.test.</p>
<h2>Children</h2>
<p>We do not knowingly collect personal information from children under 13.</p>
"""

OPERATOR_ASKS_CONSENT = """
<h2>Privacy of minors</h2>
<p>Where a child tells us that they are under 13, we will ask a parent to confirm consent
before any further collection, use or disclosure of personal information from that
child.</p>
"""


@pytest.mark.parametrize("body", [AGE_RULES, DELETION_UNDER_COPPA, ONE_STRAY_RIGHTS_CLAUSE],
                         ids=["age-rules", "coppa-to-justify-deletion", "one-stray-clause"])
def test_disclaimer_shapes_are_not_notices(signals: Any, body: str) -> None:
    assert signals(body)["coppa_notice"].value is False


def test_operator_asking_parental_consent_for_child_data_is_a_notice(signals: Any) -> None:
    assert signals(OPERATOR_ASKS_CONSENT)["coppa_notice"].value is True


def test_reserved_removal_on_a_page_disclaiming_monitoring_is_no_moderation(
        signals: Any) -> None:
    body = ("<p>We have no obligation to monitor or review content posted by users.</p>"
            "<p>We reserve the right to remove any content that violates these Terms.</p>")
    assert signals(body)["content_moderation"].value is False
    kept = "<p>We reserve the right to remove any content that violates these Terms.</p>"
    assert signals(kept)["content_moderation"].value is True


def test_a_heading_naming_reporting_is_not_a_channel(signals: Any) -> None:
    assert signals("<h2>Reporting violations</h2><p>See below.</p>")[
        "reporting_mechanism"].value is False
    steps = ("<h2>Report a post</h2><p>Tap the three dots on the post, then Report, and "
             "choose a reason.</p>")
    assert signals(steps)["reporting_mechanism"].value is True


def test_company_halves_follow_the_documented_hash() -> None:
    names = [f"company-{i}" for i in range(40)]
    halves = [scoring.company_half(n) for n in names]
    assert set(halves) == {"A", "B"}  # both halves get companies
    for name, half in zip(names, halves, strict=True):
        even = int(hashlib.sha256(name.encode()).hexdigest(), 16) % 2 == 0
        assert half == ("A" if even else "B")
