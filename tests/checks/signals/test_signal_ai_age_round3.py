"""Round 3 rules for ai_disclosure and age_assurance: AI tutors, companions and story
generators whose policies say the service's outputs come from AI or name the model it
runs on; parent gates, age questions whose answer routes the user, sign-up forms that
ask the age, described parental-consent steps. Each rule has a near miss it must not
take."""

from __future__ import annotations

from typing import Any

import pytest

# ---------------------------------------------------------------- ai_disclosure


@pytest.mark.parametrize("body", [
    # the operator uses AI to make what the user gets, or to run the counterpart
    "<p>Owlet relies on artificial intelligence to write the bedtime tales it reads aloud.</p>",
    "<p>We use AI services to power the reading buddy in the app.</p>",
    # a product that runs on a named model
    "<p>This app uses Acme's Gemini model for every lesson it gives.</p>",
    "<p>The homework helper is built on GPT-4 from a third party.</p>",
    # the outputs of an AI
    "<p>We accept no liability for the AI model's responses.</p>",
    "<ul><li>AI-generated stories saved to your library</li></ul>",
    "<p>Premium members get unlimited AI tutoring sessions.</p>",
    # output generated in response to, or based on, the user's own input
    "<p>The Writer tool (built with GPT-4) may return drafts generated for you based on "
    "your prompts.</p>",
    # an AI gives the user a summary or answer
    "<p>If you turn on the AI assistant mode, we forward your words so we can give you an "
    "answer.</p>",
    # the user's conversations with AI
    "<p>We keep the transcripts of your conversations with AI characters for 30 days.</p>",
])
def test_round3_disclosures(signals: Any, body: str) -> None:
    out = signals(body)
    assert out["ai_disclosure"].value is True
    assert out["ai_mention_only"].value is False


@pytest.mark.parametrize("body", [
    # back-office AI, hedged use, duties on others: still mentions
    "<p>We may use AI to detect fraudulent payments.</p>",
    "<p>The app uses AI models to recommend videos you might like.</p>",
    "<p>The support desk can use AI tools to help write replies to some tickets.</p>",
    "<p>Our processors include an AI provider that analyses traffic logs.</p>",
    "<p>You must ensure that your end users know they are interacting with AI systems.</p>",
    "<p>We never train our AI models on your conversations.</p>",
    # knowing when one talks to AI is a promise or a duty; an example is no output
    "<p>People should always know when they are interacting with an AI system.</p>",
    "<p>In class, pupils check an AI-generated summary against the article.</p>",
])
def test_round3_mentions_stay_mentions(signals: Any, body: str) -> None:
    out = signals(body)
    assert out["ai_disclosure"].value is False
    assert out["ai_mention_only"].value is True


def test_named_model_alone_is_no_disclosure(signals: Any) -> None:
    """A model provider listed as a sub-processor says nothing about what the user gets."""
    out = signals("<table><tr><td>Anthropic</td><td>AI processing</td><td>USA</td></tr>"
                  "</table>")
    assert out["ai_disclosure"].value is False


def test_dotted_brand_does_not_cut_the_span(signals: Any) -> None:
    out = signals("<p>Any content produced by Draft.AI's services for you based on your input "
                  "belongs to you.</p>")
    assert out["ai_disclosure"].value is True


# ---------------------------------------------------------------- age_assurance


@pytest.mark.parametrize("body", [
    "<p>Links to the app store sit behind a parental gate that a young child cannot pass.</p>",
    "<p>Settings require adult verification before anything can be bought.</p>",
    "<p>Die Einstellungen sind nur hinter einer Eltern-Sperre erreichbar.</p>",
    "<p>Before a game starts we ask players to enter their year of birth.</p>",
    "<p>Visitors who indicate that they are under 13 are sent to a children's page.</p>",
    "<p>Once you register for the forum, we ask for your date of birth.</p>",
    "<p>To join you must create an account by choosing a nickname and providing your "
    "email and your age.</p>",
    "<p>If we think a child is using the chat, we will ask the parent to send us a signed "
    "form to confirm their consent.</p>",
])
def test_round3_age_checks(signals: Any, body: str) -> None:
    assert signals(body)["age_assurance"].value is True


@pytest.mark.parametrize("body", [
    "<p>You must be at least 16 to use this service.</p>",
    "<p>Teachers manage the classes; we do not require age verification.</p>",
    "<p>Parents can set a lock on purchases in the device settings.</p>",
])
def test_round3_age_near_misses(signals: Any, body: str) -> None:
    assert signals(body)["age_assurance"].value is False


def test_newsletter_sign_up_with_birthday_is_no_age_check(signals: Any) -> None:
    out = signals("<p>Si vous indiquez votre date de naissance lors de l'inscription à la "
                  "newsletter, un petit cadeau vous attend.</p>", lang="fr")
    assert out["age_assurance"].value is False
    account = signals("<p>Nous demandons votre date de naissance lors de l'inscription au "
                      "compte client.</p>", lang="fr")
    assert account["age_assurance"].value is True


def test_id_next_to_an_adult_rule_proves_age(signals: Any) -> None:
    out = signals("<p>You must be 21 to order spirits from our shop. The courier may ask "
                  "to see your ID when the parcel arrives.</p>")
    assert out["age_assurance"].value is True
    fr = signals("<p>Pour commander du vin, le client doit avoir dix-huit (18) ans. Nous "
                 "pouvons demander un justificatif d'identité à la livraison.</p>", lang="fr")
    assert fr["age_assurance"].value is True


def test_id_for_identity_alone_is_no_age_check(signals: Any) -> None:
    """An ID asked before closing an account, with no adult age beside it, proves who
    the user is, not how old."""
    out = signals("<p>Write to us to close your account. We may ask to see your ID "
                  "before we do so.</p>")
    assert out["age_assurance"].value is False
    apart = signals("<h2>Wine</h2><p>You must be 18 to buy wine.</p>"
                    "<h2>Your rights</h2><p>We may ask to see your ID before answering.</p>")
    assert apart["age_assurance"].value is False


@pytest.mark.parametrize(("body", "lang"), [
    ("<p>Nous utilisons l'intelligence artificielle pour rédiger les contes lus à votre "
     "enfant.</p>", "fr"),
    ("<p>Wir nutzen KI, um die Antworten auf Hausaufgabenfragen zu erstellen.</p>", "de"),
    ("<p>Utilizamos la IA para generar los cuentos de cada noche.</p>", "es"),
    ("<p>Usamos inteligência artificial para gerar as histórias do seu filho.</p>", "pt"),
])
def test_uses_ai_to_generate_in_other_languages(signals: Any, body: str, lang: str) -> None:
    assert signals(body, lang=lang)["ai_disclosure"].value is True


def test_uses_ai_for_back_office_in_french_is_a_mention(signals: Any) -> None:
    out = signals("<p>Nous utilisons l'IA pour détecter la fraude.</p>", lang="fr")
    assert out["ai_disclosure"].value is False
    assert out["ai_mention_only"].value is True
