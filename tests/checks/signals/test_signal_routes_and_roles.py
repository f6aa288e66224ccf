"""Second tuning round on unseen pages (issue 14): who is named as complying, whether
the operator itself waits for a parent's consent, which parental route admits the
excluded children, and concrete advice or a named control as the channel or guidance."""

from __future__ import annotations

from typing import Any

OPERATOR_NAMED_COMPLIES = """
<h2>Children</h2>
<p>Acme Puzzles does not market its games to young players and complies with COPPA.</p>
"""

WAITS_FOR_PARENT = """
<p>If you live in the EU and are aged 13 to 15, we will not process any personal data
you send us until we have received consent from your parent or legal guardian.</p>
"""

CONSENT_ONLY_WHERE_LAW_SAYS = """
<p>If your country requires consent from a parent, we may require your parent's consent
before we collect and use your personal data.</p>
"""


def test_operator_named_as_complying_with_coppa_is_a_notice(signals: Any) -> None:
    assert signals(OPERATOR_NAMED_COMPLIES)["coppa_notice"].value is True
    duty = "<p>Every app developer must comply with COPPA.</p>"
    assert signals(duty)["coppa_notice"].value is False


def test_operator_waiting_for_parental_consent_is_a_notice(signals: Any) -> None:
    assert signals(WAITS_FOR_PARENT)["coppa_notice"].value is True
    assert signals(CONSENT_ONLY_WHERE_LAW_SAYS)["coppa_notice"].value is False


def test_route_for_the_excluded_children_makes_an_age_rule(signals: Any) -> None:
    route = ("<h2>Young users</h2><p>Our service is not directed to children.</p>"
             "<p>Children under 13 may use it only with the consent of a parent.</p>")
    assert signals(route)["children_disclaimer"].value is False
    older = ("<h2>Young users</h2><p>Our service is not directed to children under 13.</p>"
             "<p>We do not knowingly collect personal data from anyone under 13.</p>"
             "<p>Users aged under 16 in the EU may join only with the consent of a "
             "parent.</p>")
    assert signals(older)["children_disclaimer"].value is True


def test_data_given_without_consent_is_no_route(signals: Any) -> None:
    body = ("<h2>Children</h2><p>Our service is not directed to children under 13.</p>"
            "<p>We do not knowingly collect personal data from children under 13.</p>"
            "<p>If a parent learns that their child has provided us with personal data "
            "without parental consent, the parent should write to us.</p>")
    assert signals(body)["children_disclaimer"].value is True


def test_clicking_a_named_report_link_is_a_channel(signals: Any) -> None:
    body = ("<p>If you think a post breaks these rules, click on the “Report this post” "
            "link beside it.</p>")
    assert signals(body)["reporting_mechanism"].value is True


def test_teaching_children_never_to_share_details_is_guidance(signals: Any) -> None:
    body = "<p>Teach your kids never to post their home address or school online.</p>"
    assert signals(body)["minors_education"].value is True
