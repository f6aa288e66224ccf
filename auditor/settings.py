"""Settings: one pydantic-settings object, passed explicitly, never a global.

Precedence, lowest first:

1. defaults written here (they run the demo: SQLite and a Maildir in the data dir);
2. the TOML file: ``--config FILE``, else ``$AUDITOR_CONFIG``, else ``./auditor.toml``
   when it exists;
3. environment variables: setting ``section.key`` is ``AUDITOR_SECTION_KEY``
   (``crawl.allow_private_networks`` is ``AUDITOR_CRAWL_ALLOW_PRIVATE_NETWORKS``);
   top-level keys drop the section (``data_dir`` is ``AUDITOR_DATA_DIR``);
   lists are comma-separated;
4. CLI flags (passed to :func:`load_settings` as overrides).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from auditor.errors import ConfigError, Problem
from auditor.models import PASSING_SIGNALS

CommaList = Annotated[list[str], NoDecode]


def _split(value: Any) -> Any:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CrawlBudget(_Section):
    """How much of one org's site an audit may read."""

    max_pages: int = Field(default=25, ge=1, le=10_000)
    max_depth: int = Field(default=2, ge=0, le=10)
    max_bytes: int = Field(default=50 * 1024 * 1024, ge=1024)
    max_seconds: float = Field(default=180.0, gt=0)


class CrawlSettings(_Section):
    allow_private_networks: bool = False
    allow_networks: CommaList = Field(default_factory=list)
    respect_robots: bool = True
    concurrency: int = Field(default=16, ge=1, le=1024)
    per_host_concurrency: int = Field(default=2, ge=1, le=1024)
    per_host_delay_s: float = Field(default=0.5, ge=0)
    user_agent: str = "MinorsSafetyAuditor/{version} (+{contact_url})"
    contact_url: str = "https://example.org/auditor"
    connect_timeout_s: float = Field(default=10.0, gt=0)
    read_timeout_s: float = Field(default=20.0, gt=0)
    page_timeout_s: float = Field(default=45.0, gt=0)
    max_page_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    max_decompression_ratio: int = Field(default=100, ge=2)
    max_redirects: int = Field(default=5, ge=0, le=30)
    retries: int = Field(default=2, ge=0, le=10)
    retry_after_cap_s: float = Field(default=30.0, ge=0)
    backoff_base_s: float = Field(default=0.5, ge=0)
    locale: str = "en-US"
    browser: Literal["auto", "always", "never"] = "auto"
    browser_path: str | None = None
    render_timeout_s: float = Field(default=20.0, gt=0)
    max_open_pages: int = Field(default=2, ge=1, le=32)
    confirm_evidence: int = Field(
        default=len(PASSING_SIGNALS), ge=0, le=50,
        description="pages per org whose passing evidence, read over HTTP, is opened in the "
        "browser to confirm a person sees it (CSS or scripts can hide text that plain "
        "HTML shows); evidence left unconfirmed goes to a person; 0: never. The default, "
        "one page per passing signal, confirms every signal of a site that hides nothing")
    screenshots: bool = True
    budget: CrawlBudget = Field(default_factory=CrawlBudget)
    tiers: dict[str, CrawlBudget] = Field(default_factory=dict)

    _split_networks = field_validator("allow_networks", mode="before")(_split)

    def budget_for(self, tier: str) -> CrawlBudget:
        return self.tiers.get(tier, self.budget)


class DatabaseSettings(_Section):
    url: str | None = None


class ChecksSettings(_Section):
    disabled: CommaList = Field(default_factory=list)

    _split_disabled = field_validator("disabled", mode="before")(_split)


class RateThreshold(_Section):
    high_rate: float = Field(default=0.02, gt=0, lt=1)
    min_requests: int = Field(default=500, ge=1)
    consecutive_periods: int = Field(default=2, ge=1)
    confidence: float = Field(default=0.95, gt=0.5, lt=1)


class FeedSettings(_Section):
    default: RateThreshold = Field(default_factory=RateThreshold)
    tiers: dict[str, RateThreshold] = Field(default_factory=dict)
    categories: dict[str, RateThreshold] = Field(default_factory=dict)
    token_env: str = "AUDITOR_FEED_TOKEN"
    urls: CommaList = Field(default_factory=list)
    max_bytes: int = Field(default=32 * 1024 * 1024, ge=1024,
                           description="a feed file or download larger than this is refused")
    max_rows: int = Field(default=200_000, ge=1,
                          description="a feed with more rows than this is refused whole")

    _split_urls = field_validator("urls", mode="before")(_split)


class AttestationSettings(_Section):
    """How far an attestation's own dates are believed."""

    clock_skew_hours: float = Field(
        default=24.0, ge=0, le=24 * 7,
        description="signed_at may be at most this far past the current time (time zones)")
    max_validity_days: int = Field(
        default=400, ge=1, description="valid_until at most this many days after signed_at")


class EnforceSettings(_Section):
    deadline_days: int = Field(default=30, ge=1)
    final_notice_days: int = Field(default=14, ge=1)
    first_notice_without_approval: bool = False


class MailSettings(_Section):
    url: str | None = Field(default=None, description="smtp://, smtps:// or maildir:///path")
    from_: str = Field(default="audits@auditor.invalid", alias="from")
    summary_to: CommaList = Field(default_factory=lambda: ["trust-safety@auditor.invalid"])
    max_attempts: int = Field(default=8, ge=1)
    timeout_s: float = Field(default=20.0, gt=0)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    _split_to = field_validator("summary_to", mode="before")(_split)


class ExecutorSettings(_Section):
    kind: Literal["local", "celery"] = "local"
    broker_url: str = "redis://127.0.0.1:6379/0"
    orgs_at_once: int = Field(default=4, ge=1)
    lease_s: float = Field(
        default=120.0, ge=1, description="a unit whose heartbeat is older than this is reclaimed"
    )
    max_attempts: int = Field(default=3, ge=1, description="tries per org and period")
    visibility_timeout_s: float = Field(
        default=4 * 3600.0, ge=10,
        description="Redis redelivers an unacknowledged task after this; keep it above the "
        "longest audit",
    )


class DaemonSettings(_Section):
    schedules: str | None = Field(default=None, description="schedule file; default bundled")
    shutdown_grace_s: float = Field(default=8.0, gt=0)


class Settings(BaseSettings):
    """All settings of the toolkit; see the module docstring for precedence."""

    model_config = SettingsConfigDict(
        env_prefix="AUDITOR_",
        env_nested_delimiter="_",
        env_nested_max_split=1,
        extra="forbid",
        populate_by_name=True,
    )

    data_dir: Path = Path("auditor-data")
    testing: bool = Field(default=False, description="turn off politeness delays and backoff")
    now: datetime | None = Field(
        default=None, description="pretend the current time is this (what-if runs and tests)"
    )
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    crawl: CrawlSettings = Field(default_factory=CrawlSettings)
    checks: ChecksSettings = Field(default_factory=ChecksSettings)
    feeds: FeedSettings = Field(default_factory=FeedSettings)
    attestations: AttestationSettings = Field(default_factory=AttestationSettings)
    enforce: EnforceSettings = Field(default_factory=EnforceSettings)
    mail: MailSettings = Field(default_factory=MailSettings)
    executor: ExecutorSettings = Field(default_factory=ExecutorSettings)
    daemon: DaemonSettings = Field(default_factory=DaemonSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        path = _CONFIG_PATH.get("path")
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if path is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)

    # derived values -------------------------------------------------------
    @property
    def database_url(self) -> str:
        if self.database.url:
            return self.database.url
        return f"sqlite:///{(self.data_dir / 'auditor.db').resolve()}"

    @property
    def mail_url(self) -> str:
        if self.mail.url:
            return self.mail.url
        return f"maildir://{(self.data_dir / 'mail').resolve()}"

    def clock(self) -> datetime:
        """The current time for decisions: `now` when set, else the real UTC clock."""
        if self.now is not None:
            return self.now if self.now.tzinfo else self.now.replace(tzinfo=UTC)
        return datetime.now(UTC)

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"


_CONFIG_PATH: dict[str, Path | None] = {"path": None}


def load_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """Build settings from file, environment and CLI overrides (nested dicts allowed)."""
    if config is None:
        env = os.environ.get("AUDITOR_CONFIG")
        if env:
            config = Path(env)
        elif Path("auditor.toml").is_file():
            config = Path("auditor.toml")
    if config is not None and not config.is_file():
        raise ConfigError(f"config file {config} does not exist")
    _CONFIG_PATH["path"] = config
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        source = str(config) if config else "environment"
        problems = [
            Problem(source, None, ".".join(str(p) for p in err["loc"]), err["msg"])
            for err in exc.errors()
        ]
        raise ConfigError(
            "invalid settings: " + "; ".join(str(p) for p in problems), problems=problems
        ) from None
    except Exception as exc:  # malformed TOML
        raise ConfigError(f"cannot read config {config}: {exc}") from None
    finally:
        _CONFIG_PATH["path"] = None
