"""Shared fixtures: settings in a temp data dir, the CLI in-process, service URLs.

Tests that need a service (Chromium, PostgreSQL, Redis) skip when it is missing on a
developer's machine, and fail under ``CI=true``, where .ci/run must have started it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.settings import Settings, load_settings
from tests.servicekit import IN_CI, chromium_path, need  # noqa: F401 (re-exported)


@pytest.fixture
def chromium() -> str:
    path = chromium_path()
    need(path is not None, "Chromium (/usr/bin/chromium)")
    assert path is not None
    return path


@pytest.fixture
def postgres_url() -> str:
    url = os.environ.get("AUDITOR_TEST_POSTGRES_URL")
    need(bool(url), "PostgreSQL (AUDITOR_TEST_POSTGRES_URL)")
    assert url
    return url


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("AUDITOR_TEST_REDIS_URL")
    need(bool(url), "Redis (AUDITOR_TEST_REDIS_URL)")
    assert url
    return url


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own data dir and no stray AUDITOR_* settings."""
    for key in list(os.environ):
        if key.startswith("AUDITOR_") and not key.startswith("AUDITOR_TEST_") \
                and key != "AUDITOR_CRAWL_BROWSER_PATH":
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AUDITOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("AUDITOR_TESTING", "true")
    monkeypatch.chdir(tmp_path)
    yield


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for tests: temp data dir, loopback allowed, no politeness delays."""
    return load_settings(
        data_dir=tmp_path / "data",
        testing=True,
        crawl={"allow_private_networks": True, "per_host_delay_s": 0.0,
               "browser_path": chromium_path()},
    )


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run `auditor ARGS...` in-process: returns (exit_code, stdout, stderr)."""
    from auditor.cli import run

    def invoke(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = run(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


@pytest.fixture
def fresh_postgres_url(postgres_url: str) -> Iterator[str]:
    """A new empty PostgreSQL database for one test, dropped afterwards."""
    import secrets

    from sqlalchemy import create_engine, text

    name = f"auditor_t_{secrets.token_hex(4)}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, _ = postgres_url.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"
            ), {"n": name})
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
