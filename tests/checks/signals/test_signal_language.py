"""Language detection from function words."""

from __future__ import annotations

import pytest

from checks.signals import detect_language


@pytest.mark.parametrize(("text", "code"), [
    ("We do not sell your data and you can delete your account at any time.", "en"),
    ("No vendemos tus datos y puedes eliminar tu cuenta en cualquier momento.", "es"),
    ("Nous ne vendons pas vos données et vous pouvez supprimer votre compte.", "fr"),
    ("Wir verkaufen Ihre Daten nicht und Sie können Ihr Konto jederzeit löschen.", "de"),
    ("Não vendemos os seus dados e você pode excluir sua conta a qualquer momento.", "pt"),
])
def test_detects(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_undetermined_without_function_words() -> None:
    assert detect_language("12345 !!! ---") == "und"
    assert detect_language("") == "und"
