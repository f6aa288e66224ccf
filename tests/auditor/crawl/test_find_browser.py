"""Which Chromium a run launches when the settings name none."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.crawl.browser import find_browser
from auditor.settings import load_settings


def _program(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def test_the_headless_shell_comes_before_the_full_browser(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _program(tmp_path, "chromium")
    shell = _program(tmp_path, "chromium-headless-shell")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("AUDITOR_CRAWL_BROWSER_PATH", raising=False)
    assert find_browser(load_settings()) == str(shell)


def test_the_full_browser_when_no_shell_is_found_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    full = _program(tmp_path, "chromium")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("AUDITOR_CRAWL_BROWSER_PATH", raising=False)
    found = find_browser(load_settings())
    # /usr/bin is searched after PATH, so a shell installed there still wins
    system_shell = Path("/usr/bin/chromium-headless-shell")
    assert found == (str(system_shell) if system_shell.is_file() else str(full))


def test_the_setting_wins_and_a_missing_one_falls_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shell = _program(tmp_path, "chromium-headless-shell")
    chosen = _program(tmp_path, "my-chromium")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("AUDITOR_CRAWL_BROWSER_PATH", raising=False)
    assert find_browser(load_settings(crawl={"browser_path": str(chosen)})) == str(chosen)
    missing = str(tmp_path / "nowhere" / "chromium")
    assert find_browser(load_settings(crawl={"browser_path": missing})) == str(shell)
