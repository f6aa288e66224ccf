"""Helpers the probe tests share: one signal's value on a few paragraphs of HTML, on a
page body in a declared language, or on a page saved as plain text."""

from __future__ import annotations

from typing import Any

from auditor.parse.textdoc import parse_text
from checks.signals import analyze


def moderated(signals: Any, *paragraphs: str) -> bool:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return bool(signals(body)["content_moderation"].value)


def reportable(signals: Any, *paragraphs: str) -> bool:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return bool(signals(body)["reporting_mechanism"].value)


def from_text(text: str, signal: str) -> bool:
    """The signal on a page saved as plain text (one line per text node)."""
    found = {s.name: s for s in analyze(parse_text(text, "file:///saved.txt", markdown=False))}
    return bool(found[signal].value)


def in_page(signals: Any, signal: str, html: str, lang: str = "en") -> bool:
    """The signal on a page whose body is `html`, declared in language `lang`."""
    return bool(signals(f'<html lang="{lang}"><body>{html}</body></html>')[signal].value)
