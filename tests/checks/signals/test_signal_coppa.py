"""COPPA notice versus "not for children" disclaimer, and the notice elements."""

from __future__ import annotations

from typing import Any

DISCLAIMER = """
<h2>Children's Privacy</h2>
<p>Our service is not directed to children under 13, and we do not knowingly collect
personal information from them. If you are a parent or guardian and believe your child has
provided us with personal information, please contact us and you may ask us to review or
delete it. If we learn that we have collected information from a child under 13 without
verifiable parental consent, we will delete it.</p>
"""

NOTICE = """
<h1>Children's Privacy Notice</h1>
<p>Acme Learning, Inc. operates the Acme Kids app for children aged 6 to 12.</p>
<h2>What we collect</h2>
<p>When a child creates a profile, we collect a first name, a username and the answers
they type. We never ask a child for more information than is reasonably necessary to take
part in an activity.</p>
<h2>How we use it</h2>
<p>We use this information to save progress and to show parents a weekly summary.</p>
<h2>Sharing</h2><p>We do not sell children's data and share it only with our hosting provider.</p>
<h2>Parental consent</h2>
<p>We obtain verifiable parental consent by sending an e-mail to the parent, who confirms
with a small refundable card charge.</p>
<h2>Parents' rights</h2>
<p>Parents can review their child's information, ask us to delete it, or refuse further
collection at any time.</p>
<h2>Retention</h2>
<p>We keep a child's data only as long as the account is active and delete it
within 30 days after.</p>
<h2>Contact</h2><p>Acme Learning, Inc., 12 Main Street, Springfield, IL 62701, privacy@acme.test</p>
"""


def test_disclaimer_is_never_a_notice(signals: Any) -> None:
    out = signals(DISCLAIMER)
    assert out["children_disclaimer"].value is True
    assert out["coppa_notice"].value is False
    assert out["coppa_elements"].elements == []


def test_full_notice_with_elements(signals: Any) -> None:
    out = signals(NOTICE)
    assert out["coppa_notice"].value is True
    assert out["children_disclaimer"].value is False
    assert set(out["coppa_elements"].elements) == {
        "operator_contact", "info_collected", "use_of_info", "disclosure_practices",
        "parental_rights", "no_conditioning", "consent_mechanism", "data_retention"}


def test_notice_evidence_is_verbatim_with_offsets(signals: Any) -> None:
    from auditor.parse.htmldoc import parse
    from checks.signals import analyze

    html = f"<html><body>{NOTICE}</body></html>"
    doc = parse(html, "https://example.test/kids")
    notice = next(s for s in analyze(doc) if s.name == "coppa_notice")
    assert notice.evidence
    for ev in notice.evidence:
        assert ev.url == "https://example.test/kids"
        start, end = (int(x) for x in ev.locator[len("text["):-1].split(":"))
        assert doc.text[start:end] == ev.snippet
        assert len(ev.snippet) <= 300


def test_notice_and_disclaimer_together(signals: Any) -> None:
    body = NOTICE + "<h2>Acme Studio</h2><p>Acme Studio is not intended for children under 13.</p>"
    out = signals(body)
    assert out["coppa_notice"].value is True
    assert out["children_disclaimer"].value is True


def test_knowingly_without_consent_admits_children(signals: Any) -> None:
    out = signals("""<h1>Children's Privacy</h1><p>We do not knowingly collect any personal
    information of a child under 13 without first getting verifiable parental consent.</p>
    <h2>Getting consent</h2><p>A parent signs our consent form and returns it by post; we
    activate the child's account when it arrives.</p>
    <h2>What we collect</h2><p>A display name and the puzzles your child solves.</p>""")
    assert out["children_disclaimer"].value is False
    assert out["coppa_notice"].value is True


def test_coppa_as_a_duty_on_developers_is_not_a_notice(signals: Any) -> None:
    out = signals("""<h2>Apps for children</h2><p>Developers whose apps are directed to
    children must comply with COPPA and must get verifiable parental consent before they
    collect any personal data of a child under 13.</p>""")
    assert out["coppa_notice"].value is False


def test_coppa_cited_for_a_definition_is_not_a_notice(signals: Any) -> None:
    out = signals("""<p>"Child" means an individual under 13, as defined in the Children's
    Online Privacy Protection Act (COPPA).</p>""")
    assert out["coppa_notice"].value is False


def test_coppa_question_heading_followed_by_disclaimer(signals: Any) -> None:
    out = signals("""<h3>Is Hangout COPPA compliant?</h3><p>COPPA is a U.S. law about
    services for children under 13. Hangout isn't meant for anyone under 13, so we don't
    collect information from kids that age.</p>""")
    assert out["coppa_notice"].value is False
    assert out["children_disclaimer"].value is True


def test_link_to_childrens_notice_is_not_a_notice(signals: Any) -> None:
    out = signals("""<footer><a href="/kids-privacy">Children's Privacy Notice</a></footer>
    <p>To learn how we collect children's information with parental consent, see our
    <a href="/kids-privacy">Children's Privacy Notice</a>.</p>""")
    assert out["coppa_notice"].value is False


def test_own_compliance_claim_is_a_notice(signals: Any) -> None:
    out = signals("<p>We comply with the Children's Online Privacy Protection Act (COPPA) "
                  "in everything we do.</p>")
    assert out["coppa_notice"].value is True


def test_minimum_age_with_parental_path_is_not_a_disclaimer(signals: Any) -> None:
    out = signals("""<p>You must be at least 13 years old to create an account. Younger
    children can join with the consent of a parent, who sets up a family account.</p>""")
    assert out["children_disclaimer"].value is False


def test_minimum_age_without_path_is_a_disclaimer(signals: Any) -> None:
    out = signals("<p>You must be at least 18 years old to use the Service.</p>")
    assert out["children_disclaimer"].value is True


def test_operator_contact_needs_more_than_a_form(signals: Any) -> None:
    body = NOTICE.replace(
        "<h2>Contact</h2><p>Acme Learning, Inc., 12 Main Street, Springfield, IL 62701, "
        "privacy@acme.test</p>", "<h2>Contact</h2><p>Use our web form.</p><form><textarea>"
        "</textarea></form>")
    out = signals(body)
    assert out["coppa_notice"].value is True
    assert "operator_contact" not in out["coppa_elements"].elements


def test_spanish_disclaimer_and_french_notice(signals: Any) -> None:
    es = signals("<p>Nuestro servicio no está dirigido a niños menores de 14 años.</p>", lang="es")
    assert es["children_disclaimer"].value is True
    fr = signals("""<h1>Protection des données des enfants</h1><p>Pour les enfants de moins
    de 15 ans, nous recueillons le consentement du titulaire de l'autorité parentale avant
    tout traitement de données.</p><h2>Droits des parents</h2><p>Vous pouvez accéder aux
    données de votre enfant et les effacer.</p>""", lang="fr")
    assert fr["coppa_notice"].value is True
