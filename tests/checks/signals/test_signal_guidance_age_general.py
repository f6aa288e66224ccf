"""General rules for minors_education (guides written as steps and tips) and
age_assurance (ID/selfie checks, sign-up birth dates, consent e-mails and forms)."""

from __future__ import annotations

from typing import Any

# ---------------------------------------------------------------- minors_education


def test_family_hub_with_steps_and_tips(signals: Any) -> None:
    out = signals("""<h1>Keeping your family safe</h1>
    <h2>Set up controls</h2><ol><li>Open Settings &gt; Family.</li>
    <li>Turn on supervised mode for your child's profile.</li><li>Set daily limits.</li></ol>
    <h2>Kids</h2><ul><li>Never share your address or phone number.</li>
    <li>If something feels wrong, tell a trusted adult.</li></ul>""")
    assert out["minors_education"].value is True


def test_parents_page_with_conversation_starters(signals: Any) -> None:
    out = signals("""<h1>Parents</h1><h2>Conversation starters</h2>
    <ul><li>Ask your child what they like about the app.</li>
    <li>Talk together about what is okay to post online.</li></ul>""")
    assert out["minors_education"].value is True


def test_teen_tips_in_second_person(signals: Any) -> None:
    out = signals("""<h1>For teens</h1><ul>
    <li>Keep your account private so only friends can see your posts.</li>
    <li>Never share your passwords, even with friends.</li>
    <li>If someone makes you uncomfortable, block them and tell a trusted adult.</li></ul>""")
    assert out["minors_education"].value is True


def test_educator_lesson_plan_about_ai(signals: Any) -> None:
    out = signals("""<h1>Teachers</h1><h2>Using AI responsibly</h2>
    <h3>Objectives</h3><p>Learners understand how chatbots make mistakes
    and why to check sources.</p>
    <h3>Activity</h3><p>In pairs, compare an answer from the assistant
    with a reliable source.</p>""")
    assert out["minors_education"].value is True


def test_printable_family_agreement(signals: Any) -> None:
    out = signals("""<h1>Our family agreement</h1>
    <p>Print this family media agreement and sign it together.</p>
    <ul><li>We keep devices out of bedrooms at night.</li></ul>""")
    assert out["minors_education"].value is True


def test_spanish_parents_page_with_steps(signals: Any) -> None:
    out = signals("""<h1>Para familias</h1><ol>
    <li>Abre Ajustes &gt; Familia y activa la supervisión.</li>
    <li>Establece límites diarios de tiempo.</li></ol>
    <ul><li>Nunca compartas tu dirección con desconocidos.</li>
    <li>Si algo te hace sentir mal, díselo a un adulto de confianza.</li></ul>""",
                  lang="es")
    assert out["minors_education"].value is True


def test_french_and_german_tips(signals: Any) -> None:
    fr = signals("""<h1>Conseils pour les ados</h1><ul>
    <li>Ne partage jamais ton adresse ni ton numéro de téléphone.</li>
    <li>Si quelque chose te met mal à l'aise, parles-en à un adulte de confiance.</li></ul>""",
                 lang="fr")
    assert fr["minors_education"].value is True
    de = signals("""<h1>Für Familien</h1><ol>
    <li>Öffne Einstellungen &gt; Familie und aktiviere die Aufsicht.</li>
    <li>Lege tägliche Zeitlimits fest.</li></ol><ul>
    <li>Teile niemals deine Adresse mit Fremden.</li></ul>""", lang="de")
    assert de["minors_education"].value is True


def test_privacy_notice_parental_rights_is_not_education(signals: Any) -> None:
    out = signals("""<h1>Children's Privacy Notice</h1><h2>Parents' rights</h2>
    <ul><li>Review the personal information we hold about your child.</li>
    <li>Request that we delete your child's information.</li>
    <li>Refuse further collection by contacting privacy@example.test.</li></ul>""")
    assert out["minors_education"].value is False


def test_general_safety_center_is_not_education(signals: Any) -> None:
    out = signals("""<h1>Safety Center</h1><h2>Protect your account</h2><ul>
    <li>Turn on two-step verification.</li><li>Never share your password.</li>
    <li>Set a strong password and change it regularly.</li></ul>""")
    assert out["minors_education"].value is False


def test_bare_link_and_vague_encouragement_are_not_education(signals: Any) -> None:
    out = signals("""<h2>Families</h2><p>We care about families.
    See our <a href="/parents">parents' guide</a>.</p>""")
    assert out["minors_education"].value is False


# ---------------------------------------------------------------- age_assurance


def test_id_or_selfie_check(signals: Any) -> None:
    out = signals("""<p>To unlock chat you complete an ID or selfie check.</p>""")
    assert out["age_assurance"].value is True


def test_birth_date_at_signup_french_spanish(signals: Any) -> None:
    fr = signals("""<p>Lors de l'inscription, nous vous demandons
    votre date de naissance.</p>""", lang="fr")
    assert fr["age_assurance"].value is True
    es = signals("""<p>Al registrarte te pedimos tu fecha de nacimiento
    para crear la cuenta.</p>""", lang="es")
    assert es["age_assurance"].value is True


def test_parent_email_and_confirmation_email(signals: Any) -> None:
    en = signals("""<p>Younger users give a parent's email, and the parent receives a
    confirmation email 24 hours later.</p>""")
    assert en["age_assurance"].value is True
    de = signals("""<p>Kinder unter 13 Jahren geben die E-Mail-Adresse
    eines Elternteils an; 24 Stunden später senden wir eine Bestätigungs-E-Mail.</p>""",
                 lang="de")
    assert de["age_assurance"].value is True


def test_signed_consent_form_spanish(signals: Any) -> None:
    out = signals("""<p>Los menores de 14 años necesitan un formulario
    de consentimiento firmado por su padre o madre.</p>""", lang="es")
    assert out["age_assurance"].value is True


def test_medical_appointment_birth_date_is_not_age_assurance(signals: Any) -> None:
    out = signals("""<h1>Agendar consulta</h1><p>Informe sua data de nascimento para agendar
    sua consulta com o pediatra.</p><form><label>Data de nascimento <input type="date" name="dn">
    </label><label>Nome completo <input name="nome"></label></form>""", lang="pt")
    assert out["age_assurance"].value is False


def test_age_screen_as_third_party_duty_is_not_age_assurance(signals: Any) -> None:
    out = signals("""<p>If you run an age screen in your app, keep the result on the device.
    Developers who run an age gate can use our SDK.</p>""")
    assert out["age_assurance"].value is False


def test_family_plan_pricing_with_settings_steps_is_not_education(signals: Any) -> None:
    out = signals("""<h1>Family plan</h1><p>Share one subscription with up to six people.</p>
    <h2>Billing</h2><ol><li>Open Settings &gt; Billing.</li><li>Choose who can pay.</li></ol>""")
    assert out["minors_education"].value is False
