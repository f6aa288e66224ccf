"""Settings precedence: defaults < file < environment < CLI overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import ConfigError
from auditor.settings import load_settings


def test_defaults_run_on_embedded_parts(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("AUDITOR_DATA_DIR")
    s = load_settings()
    assert s.data_dir == Path("auditor-data")
    assert s.database_url == f"sqlite:///{(tmp_path / 'auditor-data' / 'auditor.db')}"
    assert s.mail_url.startswith("maildir://")
    assert s.crawl.allow_private_networks is False
    assert s.crawl.per_host_concurrency == 2


def test_file_then_env_then_overrides(tmp_path: Path, monkeypatch) -> None:
    cfg = tmp_path / "auditor.toml"
    cfg.write_text('[crawl]\nper_host_delay_s = 3.0\nconcurrency = 7\n'
                   '[crawl.tiers.premium]\nmax_pages = 80\n[mail]\nfrom = "ops@x.example"\n')
    s = load_settings()  # ./auditor.toml is picked up
    assert (s.crawl.per_host_delay_s, s.crawl.concurrency) == (3.0, 7)
    assert s.crawl.budget_for("premium").max_pages == 80
    assert s.crawl.budget_for("standard").max_pages == 25
    assert s.mail.from_ == "ops@x.example"
    monkeypatch.setenv("AUDITOR_CRAWL_PER_HOST_DELAY_S", "1.5")
    monkeypatch.setenv("AUDITOR_CRAWL_ALLOW_PRIVATE_NETWORKS", "true")
    monkeypatch.setenv("AUDITOR_CRAWL_ALLOW_NETWORKS", "10.1.0.0/16, 192.168.5.0/24")
    monkeypatch.setenv("AUDITOR_DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("AUDITOR_MAIL_SUMMARY_TO", "a@x.example,b@x.example")
    s = load_settings()
    assert s.crawl.per_host_delay_s == 1.5 and s.crawl.concurrency == 7
    assert s.crawl.allow_private_networks is True
    assert s.crawl.allow_networks == ["10.1.0.0/16", "192.168.5.0/24"]
    assert s.database_url == "postgresql+psycopg://u@h/db"
    assert s.mail.summary_to == ["a@x.example", "b@x.example"]
    s = load_settings(crawl={"per_host_delay_s": 0.25})
    assert s.crawl.per_host_delay_s == 0.25 and s.crawl.concurrency == 7


def test_bad_settings_name_the_field(tmp_path: Path, monkeypatch) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[crawl]\nconcurrency = -1\nunknown_knob = 2\n")
    with pytest.raises(ConfigError) as info:
        load_settings(bad)
    fields = {p.field for p in info.value.problems}
    assert {"crawl.concurrency", "crawl.unknown_knob"} <= fields
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "missing.toml")
    monkeypatch.setenv("AUDITOR_CRAWL_PER_HOST_CONCURRENCY", "lots")
    with pytest.raises(ConfigError, match="crawl.per_host_concurrency"):
        load_settings()


def test_cli_reports_bad_config_with_exit_2(cli, tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text("not toml [")
    code, _, err = cli("--config", str(tmp_path / "c.toml"), "orgs", "list")
    assert code == 2 and "c.toml" in err
