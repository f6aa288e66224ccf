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


PORTUGUESE_SHORT = 'Se encontrar conteúdo impróprio, denuncie-o usando o botão "Denunciar".'
"""Short Portuguese whose function words ("se", "o") Spanish shares: alone it counts as
Spanish."""


def test_a_close_call_goes_to_the_declared_language() -> None:
    assert detect_language(PORTUGUESE_SHORT) == "es"
    assert detect_language(PORTUGUESE_SHORT, declared="pt") == "pt"


def test_a_clear_text_outweighs_a_wrong_declaration() -> None:
    german = ("Wenn du Inhalte siehst, die gegen unsere Regeln verstoßen, kannst du sie über "
              "die Melden-Schaltfläche melden, und wir prüfen sie.")
    assert detect_language(german, declared="en") == "de"
    assert detect_language(german, declared="xx") == "de"


def test_the_page_reads_its_declared_language_on_a_close_call() -> None:
    """The page view takes the markup's ``lang`` into the call (Portuguese lexicon read)."""
    from auditor.parse.htmldoc import parse
    from checks.signals._page import text_language
    html = f"<html lang='pt-BR'><body><p>{PORTUGUESE_SHORT}</p></body></html>"
    assert text_language(parse(html, "https://example.test/")) == "pt"
