"""Fixtures for command tests: a real loopback server per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.auditor.loopback import Site


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.close()
