"""A described parental-consent flow counts as age assurance (an adult is checked
before a child joins), unless a school or institution gives or gathers the consent in
the parents' place: then the operator itself checks no one's age."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from auditor.models import Signal

Run = Callable[..., dict[str, Signal]]

BASE = ("<h1>Children's Privacy</h1><p>Our math club is made for children under 13. We "
        "collect a child's nickname and scores to run the games.</p>")


@pytest.mark.parametrize("sentence", [
    "Before a child under 13 joins, we e-mail the parent and ask the parent to confirm "
    "consent by clicking a link.",
    "We obtain a parent's verifiable consent by a signed form or a credit card check "
    "before a child can join our school games.",
])
def test_the_operators_consent_flow_is_age_assurance(signals: Run, sentence: str) -> None:
    out = signals(f"{BASE}<p>{sentence}</p>")
    assert "consent_mechanism" in out["coppa_elements"].elements
    assert out["age_assurance"].value


@pytest.mark.parametrize("sentence", [
    "Before a student under 13 joins, the school obtains the consent of the parents, or "
    "teachers give consent on the parents' behalf.",
    "We require that the educational institution obtain the consent of parents by a "
    "signed form before it enrols a child, or consent on their behalf.",
])
def test_consent_given_by_a_school_in_the_parents_place_is_not(signals: Run,
                                                                sentence: str) -> None:
    out = signals(f"{BASE}<p>{sentence}</p>")
    assert not out["age_assurance"].value
