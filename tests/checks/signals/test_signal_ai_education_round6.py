"""Round 6 of the AI-disclosure and minors-education rules, learnt from passages that
say the same practices in other words than the development documents.

AI: what the user gets is said to be made by an AI whatever the thing is called; "the
model" points back to the AI just named; an AI agent acts for the reader. Education: an
adult asked to pass a safe-conduct rule to a child ("never give out your address"), a
talk with "them" when a young person was named, the signs of abuse for adults who work
with children. Each rule sits beside a sentence it must not catch.
"""

from __future__ import annotations

from collections.abc import Callable

from auditor.models import Signal

Run = Callable[..., dict[str, Signal]]


def discloses(found: dict[str, Signal]) -> bool:
    return bool(found["ai_disclosure"].value)


def educates(found: dict[str, Signal]) -> bool:
    return bool(found["minors_education"].value)


# --- AI: made by an AI, whatever it is called -------------------------------------------

def test_any_thing_written_by_an_ai_model_is_a_disclosure(signals: Run) -> None:
    found = signals("<p>Each lullaby in the app is composed by an AI model from the mood "
                    "you pick.</p>")
    assert discloses(found)
    assert found["ai_mention_only"].value is False
    # a label on one published item is a content label, not what the reader gets
    label = signals("<p>This article was written by an AI model and checked by our "
                    "editors.</p>")
    assert not discloses(label)


def test_made_by_ai_in_french_portuguese_and_spanish(signals: Run) -> None:
    cases = {
        "fr": "Chaque poème de l'application est rédigé par intelligence artificielle.",
        "pt": "Cada poema do aplicativo é escrito por inteligência artificial.",
        "es": "Cada poema de la aplicación es escrito por inteligencia artificial.",
    }
    for lang, text in cases.items():
        assert discloses(signals(f"<p>{text}</p>", lang=lang)), lang
    # training a model on the reader's data stays a mention
    assert not discloses(signals("<p>Nous utilisons vos trajets pour entraîner nos "
                                 "modèles d'intelligence artificielle.</p>", lang="fr"))


def test_the_model_points_back_to_the_ai_just_named(signals: Run) -> None:
    page = ("<p>The app sends your sketch to a neural network. The finished pictures are "
            "drawn by the model in a few seconds.</p>")
    assert discloses(signals(page))
    active = signals("<p>Your notes go to a large language model, and the model writes "
                     "the summary you see.</p>")
    assert discloses(active)
    # with no AI named nearby, "the model" may be anything
    plain = signals("<p>Our shop sells clothes. The photos are created by the model agency "
                    "we work with.</p>")
    assert not discloses(plain)
    # a back-office score made by a model is not what the reader gets
    scores = signals("<p>We use machine learning against fraud. Risk scores are produced "
                     "by the model.</p>")
    assert not discloses(scores)


def test_an_ai_agent_acting_for_the_reader(signals: Run) -> None:
    assert discloses(signals("<p>Once enabled, an AI agent books tables on your behalf "
                             "and reports back.</p>"))
    # a vendor handling data for the operator is no counterpart
    assert not discloses(signals("<p>Our cloud vendors process data on our behalf under "
                                 "contract.</p>"))


def test_an_ai_that_makes_something_for_the_reader(signals: Run) -> None:
    assert discloses(signals("<p>Our generative AI drafts a cover letter for you from "
                             "your CV.</p>"))
    # recommendations are back-office personalisation
    assert not discloses(signals("<p>Our AI models create recommendations for you based on "
                                 "what you watch.</p>"))


def test_machine_learning_used_to_reply(signals: Run) -> None:
    assert discloses(signals("<p>The help window uses machine learning to read your "
                             "question and reply in plain words.</p>"))
    assert not discloses(signals("<p>We use machine learning to detect fraudulent "
                                 "payments.</p>"))
