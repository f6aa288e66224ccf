"""Age assurance, moderation, reporting and education: words and structure."""

from __future__ import annotations

from typing import Any


def test_birth_field_in_signup_form_without_words(signals: Any) -> None:
    out = signals("""<h1>Create your account</h1><form action="/signup">
    <label for="u">Username</label><input id="u" name="username">
    <label for="b">Birthday</label><input id="b" name="bday" type="date">
    <button>Sign up</button></form>""")
    assert out["age_assurance"].value is True
    assert out["age_assurance"].evidence[0].locator.startswith(("input", "body", "form", "html"))


def test_birthday_for_marketing_is_not_age_assurance(signals: Any) -> None:
    out = signals("""<h1>Join the Birthday Club</h1><p>Get a free cupcake on your birthday.</p>
    <form action="/club"><label>Your birthday <input name="birthday" type="date"></label>
    <label><input type="checkbox" name="optin"> Send me offers</label>
    <button>Join</button></form>""")
    assert out["age_assurance"].value is False


def test_age_gate_dialog(signals: Any) -> None:
    out = signals("""<div role="dialog" aria-modal="true"><p>Are you 18 or older?</p>
    <button>Yes</button><button>No</button></div>""")
    assert out["age_assurance"].value is True


def test_age_estimation_words(signals: Any) -> None:
    out = signals("<p>We use facial age estimation to check that new users are old enough.</p>")
    assert out["age_assurance"].value is True


def test_identity_check_for_payouts_is_not_age_assurance(signals: Any) -> None:
    out = signals("""<h1>Verify your identity</h1><form action="/payouts/verify">
    <label>Date of birth <input name="dob" type="date"></label>
    <label>Tax ID <input name="tax_id"></label></form>""")
    assert out["age_assurance"].value is False


def test_moderation_but_not_copyright_or_fraud(signals: Any) -> None:
    assert signals("<p>Our moderators review reported posts and remove content that violates "
                   "our community guidelines.</p>")["content_moderation"].value is True
    assert signals("<p>We remove content that infringes copyright when we receive a valid "
                   "DMCA notice.</p>")["content_moderation"].value is False
    assert signals("<p>Our systems detect cheating and fraud in matches and remove "
                   "offending accounts.</p>")["content_moderation"].value is False
    assert signals("<p>We do not monitor or review the messages you send.</p>"
                   )["content_moderation"].value is False


def test_report_button_and_safety_mailbox(signals: Any) -> None:
    assert signals("<article><p>Nice drawing!</p><button>Report</button></article>"
                   )["reporting_mechanism"].value is True
    out = signals('<p>Questions? Write to <a href="mailto:safety@kids.test">our team</a>.</p>')
    assert out["reporting_mechanism"].value is True


def test_support_and_security_reports_are_not_reporting(signals: Any) -> None:
    assert signals("<p>Something broken? <a href='/support'>Report a problem</a> to our "
                   "support team.</p>")["reporting_mechanism"].value is False
    assert signals("<p>Found a security vulnerability? Report it through our bug bounty "
                   "programme.</p>")["reporting_mechanism"].value is False


def test_reporting_in_spanish(signals: Any) -> None:
    out = signals("<p>Para denunciar un contenido inapropiado, pulsa el botón Denunciar.</p>",
                  lang="es")
    assert out["reporting_mechanism"].value is True


def test_parent_guide_is_education_vague_encouragement_is_not(signals: Any) -> None:
    assert signals("<h1>A parent's guide to Hangout</h1><p>Talk with your teen about who "
                   "they follow, and review privacy settings together.</p>"
                   )["minors_education"].value is True
    assert signals("<p>We encourage parents and guardians to monitor their children's "
                   "online activities.</p>")["minors_education"].value is False
    assert signals("<h1>Safety Center</h1><p>Turn on two-factor authentication to keep "
                   "your account secure.</p>")["minors_education"].value is False


def test_hidden_support_is_reported_invisible(signals: Any) -> None:
    out = signals("<div hidden><p>Our moderators review every post before it is "
                  "published.</p></div>")
    assert out["content_moderation"].value is True
    assert out["content_moderation"].visible is False


def test_a_vetoed_guidance_sentence_is_dropped_not_fatal(signals: Any) -> None:
    """Guidance has no rescue role: a guide named beside a duty on the reader ("you
    agree to") is simply vetoed. It used to raise LexiconError and fail the page."""
    html = ("<h2>Families</h2><p>By turning on the Parent Portal, you agree to our "
            "family rules.</p>")
    assert signals(html)["minors_education"].value is False
    kept = "<h2>Families</h2><p>Our Parent Portal shows what your child has been learning.</p>"
    assert signals(kept)["minors_education"].evidence
