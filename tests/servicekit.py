"""Where the tests find their services: Chromium, PostgreSQL, Redis.

A missing service skips a test on a developer's machine and fails it under
``CI=true``, where .ci/run must have installed and started it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(condition: bool, what: str) -> None:
    """Skip without `what` locally; fail in CI, where it must be present."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true but is missing")
    pytest.skip(f"{what} is not available")


def chromium_path() -> str | None:
    for candidate in (os.environ.get("AUDITOR_CRAWL_BROWSER_PATH"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


