"""The one vocabulary of the toolkit.

Every stage speaks in these pydantic v2 models, so reports, emails, the store and
the JSON output all read the same `Finding` and `Assessment`. Files we own
(orgs, attestations, schedules) load into ``extra="forbid"`` models; external feeds
ignore unknown fields. Timestamps are timezone-aware UTC: a naive datetime is refused.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

# --------------------------------------------------------------------------- helpers


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("timestamp must carry a timezone (UTC expected)")
    return value.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_utc)]
"""A datetime that must be timezone-aware; normalised to UTC."""

# Patterns are applied with `fullmatch`: `$` would also accept a trailing newline, and an
# org id names report files.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]+@{_LABEL}(?:\.{_LABEL})+")
_ORG_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
_JURISDICTION = re.compile(r"[A-Z]{2}(-[A-Z0-9]{1,3})?")


def _email(value: str) -> str:
    value = value.strip()
    if not _EMAIL.fullmatch(value):
        raise ValueError(f"not a valid e-mail address: {value!r}")
    return value


def _http_url(value: str) -> str:
    value = value.strip()
    if not re.match(r"^https?://[^\s/?#]+", value, re.IGNORECASE):
        raise ValueError(f"not an http(s) URL: {value!r}")
    return value


Email = Annotated[str, AfterValidator(_email)]
HttpUrlStr = Annotated[str, AfterValidator(_http_url)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=False, populate_by_name=True)


class _Owned(_Model):
    """Files we own are strict: an unknown field is a typo, not an extension."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# --------------------------------------------------------------------------- enums


class Audience(StrEnum):
    UNDER13 = "under13"
    TEENS = "teens"
    GENERAL = "general"


class Status(StrEnum):
    """The fixed status words of a finding. Failing to look is never `fail`."""

    PASS = "pass"
    FAIL = "fail"
    NEEDS_REVIEW = "needs_review"
    NOT_APPLICABLE = "not_applicable"
    BLOCKED = "blocked"
    ERROR = "error"


class Severity(StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class FetchCause(StrEnum):
    """Fixed taxonomy of fetch outcomes for the crawl log."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    ROBOTS = "robots"
    BLOCKED = "blocked"
    TIMEOUT = "timeout"
    DNS = "dns"
    TLS = "tls"
    CONNECT = "connect"
    TOO_LARGE = "too_large"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    HTTP_4XX = "http_4xx"
    HTTP_5XX = "http_5xx"
    NOT_HTML = "not_html"
    SSRF = "ssrf"
    ERROR = "error"


class Fetcher(StrEnum):
    HTTP = "http"
    BROWSER = "browser"
    ARCHIVE = "archive"
    FILE = "file"


class Safeguard(StrEnum):
    """The safeguards the policy's section on organizations serving minors names."""

    AGE_VERIFICATION = "age_verification"
    CONTENT_MODERATION = "content_moderation"
    MONITORING_REPORTING = "monitoring_reporting"
    EDUCATIONAL_RESOURCES = "educational_resources"
    CHILD_SAFETY_SYSTEM_PROMPT = "child_safety_system_prompt"
    COPPA_STATEMENT = "coppa_statement"
    AI_DISCLOSURE = "ai_disclosure"


class SafeguardStatus(StrEnum):
    VERIFIED = "verified"
    ATTESTED_UNVERIFIED = "attested_unverified"
    OBSERVED_UNATTESTED = "observed_unattested"
    CONTRADICTED = "contradicted"
    MISSING = "missing"


class RateState(StrEnum):
    NORMAL = "normal"
    HIGH = "high"
    CONTINUED_HIGH = "continued_high"
    INSUFFICIENT_DATA = "insufficient_data"


class Rating(StrEnum):
    """Overall rating of one assessment."""

    COMPLIANT = "compliant"
    AT_RISK = "at_risk"
    NON_COMPLIANT = "non_compliant"
    INCOMPLETE = "incomplete"


class CaseState(StrEnum):
    MONITORING = "monitoring"
    REMEDIATION_REQUESTED = "remediation_requested"
    FINAL_NOTICE = "final_notice"
    SUSPENSION_RECOMMENDED = "suspension_recommended"
    TERMINATION_RECOMMENDED = "termination_recommended"
    DECIDED = "decided"
    RESOLVED = "resolved"


class MessageStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


# --------------------------------------------------------------------------- registry


class Organization(_Owned):
    """Who is audited: one organization building on the provider's models."""

    id: str
    name: str = Field(min_length=1, max_length=200)
    url: HttpUrlStr
    product_urls: list[HttpUrlStr] = Field(default_factory=list)
    contact_email: Email
    audience: Audience
    jurisdictions: list[str] = Field(default_factory=list)
    tier: str = "standard"
    product_kind: Literal["chat", "companion", "voice", "tutor", "other"] = "chat"
    public_key: str | None = Field(
        default=None, description="base64 ed25519 public key verifying attestations"
    )

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not _ORG_ID.fullmatch(value):
            raise ValueError(
                "id must be 1-64 characters of lowercase letters, digits, '.', '_' or '-'"
            )
        return value

    @field_validator("jurisdictions")
    @classmethod
    def _check_jurisdictions(cls, value: list[str]) -> list[str]:
        out = []
        for item in value:
            item = item.strip().upper()
            if not _JURISDICTION.fullmatch(item):
                raise ValueError(f"jurisdiction {item!r} is not like US, US-CA, EU or UK")
            out.append(item)
        return out

    @property
    def serves_under13(self) -> bool:
        return self.audience is Audience.UNDER13

    @property
    def serves_minors(self) -> bool:
        return self.audience in (Audience.UNDER13, Audience.TEENS)

    def serves(self, jurisdiction: str) -> bool:
        """True when the org serves `jurisdiction` or a part of it (US covers US-CA)."""
        j = jurisdiction.upper()
        return any(x == j or j.startswith(x + "-") for x in self.jurisdictions)


# --------------------------------------------------------------------------- crawl


class Link(_Model):
    href: str
    text: str = ""


class Page(_Model):
    """One fetched (or rendered) page, already reduced to what the checks read."""

    url: str
    final_url: str
    fetched_at: UtcDatetime
    fetcher: Fetcher = Fetcher.HTTP
    status: int | None = None
    outcome: FetchCause = FetchCause.OK
    reason: str | None = None
    content_type: str | None = None
    language: str | None = None
    text_language: str | None = Field(
        default=None,
        description="language the detectors found the text in (ISO 639-1, 'und' when no "
        "function word shows); None before analysis",
    )
    title: str | None = None
    html: str = ""
    text: str = ""
    hidden_text: list[str] = Field(
        default_factory=list, description="text present in the DOM but not visible"
    )
    links: list[Link] = Field(default_factory=list)
    is_product: bool = False
    depth: int = 0
    consent_banner: str | None = Field(
        default=None, description="consent platform whose banner was dismissed"
    )
    app_shell: bool = Field(
        default=False, description="static HTML looked like a script-built application shell"
    )
    render_reason: str | None = Field(
        default=None, description="why the page needed a browser (product, app shell, blocked)"
    )
    rendered: bool = Field(
        default=False, description="text/links come from a browser rendering (kept on recheck)"
    )
    chat_opened: bool = Field(default=False, description="a chat launcher was clicked open")
    obstruction: str | None = Field(
        default=None,
        description="what kept the browser from seeing the page as a user would: an overlay "
        "it could not dismiss, a chat launcher it could not open",
    )
    warc_record_id: str | None = None
    sha256: str | None = None
    screenshot_record_id: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    signals: list[Signal] = Field(
        default_factory=list, description="page-level signals, computed once per page"
    )
    unconfirmed: list[str] = Field(
        default_factory=list,
        description="passing signals read over HTTP that the browser could have confirmed "
        "but did not (the confirmation budget ran out, or the page would not render): "
        "checks send them to a person instead of passing on them",
    )

    def signal(self, name: str) -> Signal | None:
        for s in self.signals:
            if s.name == name:
                return s
        return None


class FetchRecord(_Model):
    """One line of the crawl log: every fetch outcome is data."""

    url: str
    method: str = "GET"
    status: int | None = None
    bytes: int = 0
    duration_ms: float = 0.0
    retries: int = 0
    cause: FetchCause = FetchCause.OK
    fetcher: Fetcher = Fetcher.HTTP
    reason: str | None = None
    at: UtcDatetime | None = None


class SiteSnapshot(_Model):
    """Everything the crawl saw of one organization, with its evidence archive."""

    org_id: str
    started_at: UtcDatetime
    finished_at: UtcDatetime | None = None
    pages: list[Page] = Field(default_factory=list)
    log: list[FetchRecord] = Field(default_factory=list)
    warc_path: str | None = None
    locale: str = "en-US"
    browser_available: bool = False
    notes: list[str] = Field(default_factory=list)

    def page(self, url: str) -> Page | None:
        for p in self.pages:
            if p.url == url or p.final_url == url:
                return p
        return None

    @property
    def ok_pages(self) -> list[Page]:
        return [p for p in self.pages if p.outcome in (FetchCause.OK, FetchCause.NOT_MODIFIED)]


# --------------------------------------------------------------------------- signals


class Evidence(_Model):
    """What an auditor shows when a finding is challenged."""

    url: str
    snippet: str = Field(default="", max_length=300)
    locator: str = ""
    warc_record_id: str | None = None
    sha256: str | None = None
    screenshot_record_id: str | None = None
    fetched_at: UtcDatetime | None = None
    note: str | None = None
    rule: str | None = None
    """The detector rule that found it: a lexicon entry (``coppa.strong[en#3]``) or
    ``structure`` (a form field, button, dialog or address)."""

    @field_validator("snippet", mode="before")
    @classmethod
    def _clip(cls, value: Any) -> Any:
        if isinstance(value, str) and len(value) > 300:
            return value[:299] + "…"
        return value


PASSING_CONFIDENCE = 0.7
"""A positive signal at or above this confidence is taken as seen: a check may pass on
it (`checks._pages.STRONG`), so the crawl confirms it in a browser (`crawl.escalate`)."""

PASSING_SIGNALS: tuple[str, ...] = ("coppa_notice", "age_assurance", "content_moderation",
                                    "reporting_mechanism", "minors_education")
"""The signals a check passes an organization on, on any page, when they are seen and
visible (an AI disclosure counts only on a chat page, which is always rendered)."""

SIGNAL_NAMES: tuple[str, ...] = (
    "coppa_notice",
    "children_disclaimer",
    "coppa_elements",
    "ai_disclosure",
    "ai_mention_only",
    "age_assurance",
    "content_moderation",
    "reporting_mechanism",
    "minors_education",
)

COPPA_ELEMENTS: tuple[str, ...] = (
    "operator_contact",
    "info_collected",
    "use_of_info",
    "disclosure_practices",
    "parental_rights",
    "no_conditioning",
    "consent_mechanism",
    "data_retention",
)


class Signal(_Model):
    """One page-level observation with its evidence."""

    name: str
    value: bool
    confidence: float = Field(ge=0.0, le=1.0, default=1.0)
    evidence: list[Evidence] = Field(default_factory=list)
    elements: list[str] = Field(
        default_factory=list, description="for coppa_elements: the elements present"
    )
    visible: bool = True

    @field_validator("name")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in SIGNAL_NAMES:
            raise ValueError(f"unknown signal {value!r}")
        return value


# --------------------------------------------------------------------------- checks


class CheckMeta(_Owned):
    """How a check describes itself: validated at load."""

    id: str
    title: str
    policy_section: str
    requirement: str
    legal_refs: list[str] = Field(default_factory=list)
    severity: Severity
    audiences: list[Audience] = Field(default_factory=lambda: list(Audience))
    jurisdictions: list[str] = Field(default_factory=list, description="empty: everywhere")
    product_kinds: list[str] = Field(default_factory=list, description="empty: every kind")
    applies_from: date | None = None
    remediation: str = Field(min_length=20)
    safeguard: Safeguard | None = None


class Review(_Model):
    """A person's verdict on a `needs_review` finding, bound to its evidence hash."""

    verdict: Literal["pass", "fail"]
    by: str
    note: str
    at: UtcDatetime
    evidence_hash: str


class Finding(_Model):
    """A check's judgement about one org, with the evidence behind it."""

    check_id: str
    org_id: str
    status: Status
    severity: Severity
    title: str
    reason: str
    policy_section: str = ""
    legal_refs: list[str] = Field(default_factory=list)
    remediation: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
    advisory: bool = False
    applies_from: date | None = Field(
        default=None, description="date the judged requirement applies from; advisory before it"
    )
    safeguard: Safeguard | None = None
    review: Review | None = None
    id: str | None = None

    @model_validator(mode="after")
    def _evidence_for_judgements(self) -> Finding:
        if self.status in (Status.PASS, Status.FAIL, Status.NEEDS_REVIEW) and not self.evidence:
            raise ValueError(
                f"finding {self.check_id} with status {self.status} carries no evidence"
            )
        return self

    @property
    def evidence_hash(self) -> str:
        import hashlib

        h = hashlib.sha256()
        for ev in sorted(self.evidence, key=lambda e: (e.url, e.locator, e.snippet)):
            h.update(f"{ev.url}\0{ev.sha256 or ''}\0{ev.snippet}\0".encode())
        return h.hexdigest()


# --------------------------------------------------------------------------- inputs


class Signer(_Owned):
    name: str = Field(min_length=1)
    role: str = Field(min_length=1)
    email: Email


class SafeguardClaim(_Owned):
    implemented: bool
    how: str | None = None
    url: HttpUrlStr | None = None


class Attestation(_Owned):
    """What an organization states about its own safeguards (schema version 1)."""

    schema_version: Literal[1] = 1
    org_id: str
    signer: Signer
    signed_at: date
    valid_until: date
    safeguards: dict[Safeguard, SafeguardClaim]
    signature: str | None = Field(default=None, description="detached ed25519, base64")

    @model_validator(mode="after")
    def _dates(self) -> Attestation:
        if self.valid_until < self.signed_at:
            raise ValueError("valid_until is before signed_at")
        return self


MAX_COUNT = 10**15
"""Requests or violations in one period: far above any real volume, far below the
64-bit columns that store them."""


class ViolationRate(_Model):
    """One period of one org's policy-violation counts from an external feed."""

    model_config = ConfigDict(extra="ignore")

    org_id: str = Field(max_length=64)
    period_start: date
    period_end: date
    requests: int = Field(ge=0, le=MAX_COUNT)
    violations: int = Field(ge=0, le=MAX_COUNT)
    category: str = Field(default="all", min_length=1, max_length=64)
    source: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _sane(self) -> ViolationRate:
        if self.period_end < self.period_start:
            raise ValueError("period_end is before period_start")
        if self.violations > self.requests:
            raise ValueError("violations exceed requests")
        return self

    @property
    def rate(self) -> float:
        return self.violations / self.requests if self.requests else 0.0


# --------------------------------------------------------------------------- assess


class SafeguardAssessment(_Model):
    safeguard: Safeguard
    status: SafeguardStatus
    reason: str
    evidence: list[Evidence] = Field(default_factory=list)
    check_ids: list[str] = Field(default_factory=list)
    could_not_observe: bool = Field(
        default=False, description="a finding for it was blocked, errored or awaits review"
    )
    applicable: bool = Field(default=True, description="false when every check said n/a")


class ViolationRateAssessment(_Model):
    state: RateState
    reason: str
    latest_rate: float | None = None
    upper_bound: float | None = None
    lower_bound: float | None = None
    threshold: float | None = None
    periods: list[ViolationRate] = Field(default_factory=list)
    category: str | None = Field(default=None, description="the category that decided")
    consecutive_high: int = Field(default=0, description="trailing run of high periods")
    min_requests: int | None = None
    confidence: float | None = None


class Assessment(_Model):
    """Findings, attestations and violation rates combined for one org at one time."""

    org_id: str
    audit_id: str | None = None
    as_of: UtcDatetime
    findings: list[Finding] = Field(default_factory=list)
    safeguards: dict[Safeguard, SafeguardAssessment] = Field(default_factory=dict)
    violation_rate: ViolationRateAssessment
    rating: Rating
    reasons: list[str] = Field(default_factory=list)

    @property
    def failing(self) -> list[Finding]:
        return [f for f in self.findings if f.status is Status.FAIL and not f.advisory]


# --------------------------------------------------------------------------- enforce


class CaseEvent(_Model):
    at: UtcDatetime
    kind: str
    from_state: CaseState | None = None
    to_state: CaseState | None = None
    actor: str = "system"
    reason: str = ""
    cause: str | None = Field(default=None, description="idempotency: one move per cause")
    evidence: list[Evidence] = Field(default_factory=list)


class PendingStep(_Model):
    to_state: CaseState
    cause: str
    reason: str
    requested_at: UtcDatetime
    sends_message: bool = True
    outcome: Literal["suspended", "terminated", "closed"] | None = Field(
        default=None, description="for a step to `decided`: what is decided"
    )


class Case(_Model):
    id: str
    org_id: str
    state: CaseState = CaseState.MONITORING
    opened_at: UtcDatetime
    deadline: UtcDatetime | None = None
    pending: PendingStep | None = None
    missing_safeguards: list[Safeguard] = Field(default_factory=list)
    events: list[CaseEvent] = Field(default_factory=list)
    outcome: Literal["suspended", "terminated", "closed"] | None = Field(
        default=None, description="set when the case is `decided`"
    )
    closed_at: UtcDatetime | None = None
    rate_period: str | None = Field(
        default=None, description="the feed period the last proposed step weighed"
    )


# --------------------------------------------------------------------------- publish


def _header(value: str) -> str:
    if "\r" in value or "\n" in value:
        raise ValueError("header values may not contain CR or LF")
    return value


HeaderStr = Annotated[str, AfterValidator(_header)]


class Message(_Model):
    """An e-mail in the durable outbox, keyed so it is never queued twice."""

    idempotency_key: HeaderStr
    message_id: HeaderStr
    kind: str
    to: list[Email]
    sender: Email
    subject: HeaderStr
    text: str
    html: str
    org_id: str | None = None
    case_id: str | None = None
    status: MessageStatus = MessageStatus.QUEUED
    attempts: int = 0
    created_at: UtcDatetime
    sent_at: UtcDatetime | None = None
    last_error: str | None = None


Page.model_rebuild()
SiteSnapshot.model_rebuild()


def utcnow() -> datetime:
    """The real clock; only drivers call it and pass the value in."""
    return datetime.now(UTC)
