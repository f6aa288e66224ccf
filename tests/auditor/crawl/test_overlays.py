"""Choosing what to click: pure decisions over a survey of the page (no browser)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.crawl.overlays import (
    about_consent,
    button_kind,
    choose_dismissal,
    choose_launcher,
    words,
)
from auditor.errors import ConfigError


@pytest.mark.parametrize(("name", "kind"), [
    ("Reject all", "reject"), ("Accept all cookies", "accept"), ("Do not accept", "reject"),
    ("Accept only necessary", "necessary"), ("Rechazar todo", "reject"),
    ("Aceptar todas las cookies", "accept"), ("Tout refuser", "reject"),
    ("Continuer sans accepter", "reject"), ("Alle ablehnen", "reject"),
    ("Nur notwendige Cookies", "necessary"), ("Rejeitar tudo", "reject"),
    ("Aceitar todos", "accept"), ("×", "close"), ("Close", "close"),
    ("Close sidebar", None), ("Manage preferences", None), ("Settings", None), ("Subscribe", None),
    ("Cookie policy", None), ("I am 13 or older", None),
])
def test_buttons_are_read_by_name_in_every_supported_language(name: str,
                                                              kind: str | None) -> None:
    assert button_kind(name) == kind


def dialog(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"label": "", "text": "", "modal": True, "covers": 1.0, "fields": 0,
                            "buttons": []}
    return {**base, **kw}


def button(name: str, hit: bool = True) -> dict[str, Any]:
    return {"name": name, "x": 10, "y": 20, "hit": hit}


def test_a_consent_dialog_is_rejected_where_it_can_be() -> None:
    survey = {"dialogs": [dialog(text="We use cookies.", buttons=[
        button("Accept all"), button("Settings"), button("Reject all")])]}
    click = choose_dismissal(survey)
    assert click is not None and click.kind == "reject" and click.name == "Reject all"
    accept_only = {"dialogs": [dialog(label="Cookie consent", buttons=[button("OK")])]}
    assert (choice := choose_dismissal(accept_only)) is not None and choice.kind == "accept"


def test_other_dialogs_are_only_closed_and_forms_never_touched() -> None:
    newsletter = dialog(text="Join our newsletter", buttons=[button("Accept"), button("Close")])
    click = choose_dismissal({"dialogs": [newsletter]})
    assert click is not None and click.kind == "close"  # "Accept" means nothing here
    age_gate = dialog(text="Cookies help us. How old are you?", fields=1,
                      buttons=[button("Accept"), button("×")])
    assert choose_dismissal({"dialogs": [age_gate]}) is None
    toast = dialog(text="New messages", modal=False, covers=0.05, buttons=[button("Close")])
    assert choose_dismissal({"dialogs": [toast]}) is None  # not blocking, not consent
    covered = dialog(text="We use cookies", buttons=[button("Reject all", hit=False)])
    assert choose_dismissal({"dialogs": [covered]}) is None  # a click would not reach it


def test_consent_is_recognised_in_the_dialogs_words() -> None:
    assert about_consent({"label": "Consentimiento", "text": ""})
    assert about_consent({"label": "", "text": "Wir verwenden Cookies"})
    assert not about_consent({"label": "Subscribe", "text": "Get our news"})


def launcher(name: str, **kw: Any) -> dict[str, Any]:
    return {"name": name, "x": 1200, "y": 850, "hit": True, "known": False, "fixed": False,
            "corner": False, "tag": "button", **kw}


def test_launchers_are_found_by_name_role_and_place() -> None:
    nav_help = launcher("Help")
    bubble = launcher("Help", fixed=True, corner=True)
    named = launcher("Open chat", fixed=True, corner=True)
    assert choose_launcher([nav_help]) is None  # "help" alone is not a chat
    assert choose_launcher([nav_help, bubble]) is bubble
    assert choose_launcher([bubble, named]) is named
    assert choose_launcher([launcher("Abrir chat")]) is not None
    assert choose_launcher([launcher("x" * 200 + " chat")]) is None  # a paragraph, not a name


def test_the_word_lists_say_when_they_are_broken(tmp_path: Path) -> None:
    assert "cookie" in words().dialog
    bad = tmp_path / "words.toml"
    bad.write_text('[en]\nrejct = ["no"]\n')
    with pytest.raises(ConfigError, match="rejct"):
        words(bad)
    bad.write_text('[xx]\nreject = ["no"]\n')
    with pytest.raises(ConfigError, match="xx"):
        words(bad)
