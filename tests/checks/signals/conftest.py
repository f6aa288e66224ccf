"""Helpers for the signal tests: run `analyze` on a small HTML fragment."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from auditor.models import Signal
from auditor.parse.htmldoc import parse
from checks.signals import analyze


def run(body: str, url: str = "https://example.test/page", lang: str = "en") -> dict[str, Signal]:
    html = f"<html lang='{lang}'><head><title>Page</title></head><body>{body}</body></html>"
    return {s.name: s for s in analyze(parse(html, url))}


@pytest.fixture
def signals() -> Callable[..., dict[str, Signal]]:
    return run
