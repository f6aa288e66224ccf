"""Violation-rate feeds: import from a file or an HTTPS URL into the store.

A feed is CSV (with a header) or JSON Lines, one period of one org per row, with
``org_id, period_start, period_end, requests, violations`` and optional ``category``
(default ``all``) and ``source``; other fields are ignored. Each row is validated on
its own and every problem is reported with its line number.

Why all or nothing: a half-imported feed silently mixes two months of truth. By
default any refused row (bad values, an unknown org id, a duplicate of an earlier row)
refuses the whole feed; ``skip_invalid`` imports the valid rows and returns the rest.
Re-importing a period (org, start, end, category) replaces it, never duplicates it.

Remote feeds are fetched with httpx behind the SSRF guard, with a bearer token read
from the environment variable named by ``feeds.token_env`` (sent only over HTTPS or
to an allowed private address) and a conditional GET: the ETag and Last-Modified of
the last *successful* import are kept in ``feed_sources``, so a 304 imports nothing.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
from pydantic import ValidationError
from sqlalchemy import delete, select

from auditor.errors import AuditError, FeedError, FetchError, Problem, TargetRefused
from auditor.models import ViolationRate
from auditor.registry import list_orgs
from auditor.settings import Settings
from auditor.store import Store
from auditor.store.tables import FeedSourceRow, ViolationRateRow

__all__ = ["FeedImport", "import_feed", "parse_feed", "rates_for", "refresh_feeds"]

MAX_FEED_BYTES = 64 * 1024 * 1024
_REQUIRED = ("org_id", "period_start", "period_end", "requests", "violations")


@dataclass
class FeedImport:
    """What one import did: counts, the refused rows, and whether the feed was unchanged."""

    source: str
    imported: int = 0
    replaced: int = 0
    refused: list[Problem] = field(default_factory=list)
    unknown_orgs: list[str] = field(default_factory=list)
    not_modified: bool = False

    @property
    def ok(self) -> bool:
        return not self.refused


# --------------------------------------------------------------------------- parsing


def _rows_csv(text: str, name: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [h.strip().lower() for h in row]
            missing = [h for h in _REQUIRED if h not in header]
            if missing:
                raise FeedError(
                    f"{name}: the header lacks {', '.join(missing)}",
                    problems=[Problem(name, line, h, "required column missing") for h in missing],
                )
            continue
        if len(row) != len(header):
            yield line, f"expected {len(header)} fields, found {len(row)}"
            continue
        yield line, {k: v.strip() for k, v in zip(header, row, strict=True) if v.strip()}
    if header is None:
        raise FeedError(f"{name}: empty feed")


def _rows_jsonl(text: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield number, f"not valid JSON: {exc.msg}"
            continue
        if not isinstance(value, dict):
            yield number, "expected a JSON object"
            continue
        yield number, {k: v for k, v in value.items() if v not in (None, "")}


def _is_jsonl(name: str, text: str, content_type: str | None) -> bool:
    if content_type and ("ndjson" in content_type or "jsonl" in content_type):
        return True
    if name.lower().split("?")[0].endswith((".jsonl", ".ndjson", ".json")):
        return True
    return text.lstrip().startswith("{")


def parse_feed(
    text: str, name: str, *, content_type: str | None = None
) -> tuple[list[tuple[int, ViolationRate]], list[Problem]]:
    """Validate every row: the good ones with their line numbers, and the problems."""
    rows = _rows_jsonl(text) if _is_jsonl(name, text, content_type) else _rows_csv(text, name)
    good: list[tuple[int, ViolationRate]] = []
    problems: list[Problem] = []
    seen: dict[tuple[Any, ...], int] = {}
    for line, entry in rows:
        if isinstance(entry, str):
            problems.append(Problem(name, line, None, entry))
            continue
        try:
            rate = ViolationRate.model_validate(entry)
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"]) or None
                problems.append(Problem(name, line, where, err["msg"]))
            continue
        key = (rate.org_id, rate.period_start, rate.period_end, rate.category)
        if key in seen:
            problems.append(Problem(name, line, None, f"duplicates the period on line {seen[key]}"))
            continue
        seen[key] = line
        good.append((line, rate))
    return good, problems


# --------------------------------------------------------------------------- storing


def _store_rates(store: Store, rates: list[ViolationRate], now: datetime) -> tuple[int, int]:
    replaced = 0
    with store.session() as session:
        for r in rates:
            gone = session.execute(
                delete(ViolationRateRow).where(
                    ViolationRateRow.org_id == r.org_id,
                    ViolationRateRow.period_start == r.period_start,
                    ViolationRateRow.period_end == r.period_end,
                    ViolationRateRow.category == r.category,
                )
            )
            replaced += int(getattr(gone, "rowcount", 0) or 0)
            session.add(
                ViolationRateRow(
                    org_id=r.org_id, period_start=r.period_start, period_end=r.period_end,
                    category=r.category, requests=r.requests, violations=r.violations,
                    source=r.source, imported_at=now,
                )
            )
    return len(rates), replaced


def _known_org_ids(store: Store) -> set[str]:
    return {org.id for org in list_orgs(store)}


def _import_text(
    store: Store, text: str, name: str, settings: Settings, *,
    skip_invalid: bool, content_type: str | None = None,
) -> FeedImport:
    good, problems = parse_feed(text, name, content_type=content_type)
    known = _known_org_ids(store)
    result = FeedImport(source=name)
    accepted: list[ViolationRate] = []
    for line, rate in good:
        if rate.org_id in known:
            accepted.append(rate)
            continue
        problems.append(Problem(name, line, "org_id", f"unknown organization {rate.org_id!r}"))
        if rate.org_id not in result.unknown_orgs:
            result.unknown_orgs.append(rate.org_id)
    problems.sort(key=lambda p: (p.line or 0, p.field or ""))
    result.refused = problems
    if problems and not skip_invalid:
        lines = sorted({p.line for p in problems if p.line is not None})
        raise FeedError(
            f"{name}: {len(lines)} row(s) refused (lines {', '.join(map(str, lines))}); "
            "nothing imported (use --skip-invalid to import the valid rows)",
            problems=problems,
        )
    result.imported, result.replaced = _store_rates(store, accepted, settings.clock())
    return result


# --------------------------------------------------------------------------- fetching


def _guard(url: str, settings: Settings) -> None:
    """The crawl's SSRF guard: feeds must not reach private addresses unless allowed."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise TargetRefused(f"feed {url}: only http(s) URLs are fetched", url=url)
    if parts.scheme == "http" and not settings.crawl.allow_private_networks:
        raise TargetRefused(f"feed {url}: plain http is refused; use https", url=url)
    from auditor.net.ssrf import check_url

    check_url(url, settings)


@dataclass(frozen=True)
class _Fetched:
    body: bytes
    headers: httpx.Headers
    encoding: str | None


def _request_headers(
    url: str, origin: str, token: str | None, settings: Settings, validators: FeedSourceRow | None
) -> dict[str, str]:
    headers = {"Accept": "text/csv, application/x-ndjson;q=0.9, */*;q=0.5"}
    parts = urlsplit(url)
    # the token never follows a redirect to another host, nor travels over plain http
    # except to an address the settings allow (a test server, an internal feed host)
    if token and parts.netloc == origin and (
        parts.scheme == "https" or settings.crawl.allow_private_networks
    ):
        headers["Authorization"] = f"Bearer {token}"
    if validators is not None and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators is not None and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


def _fetch(url: str, settings: Settings, validators: FeedSourceRow | None) -> _Fetched | None:
    """GET the feed, following redirects by hand so each hop is guarded; None on 304."""
    token = os.environ.get(settings.feeds.token_env) or None
    timeout = httpx.Timeout(settings.crawl.read_timeout_s, connect=settings.crawl.connect_timeout_s)
    origin = urlsplit(url).netloc
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for _hop in range(settings.crawl.max_redirects + 1):
            _guard(url, settings)
            headers = _request_headers(url, origin, token, settings, validators)
            try:
                with client.stream("GET", url, headers=headers) as response:
                    location = response.headers.get("location")
                    if response.status_code in (301, 302, 303, 307, 308) and location:
                        url = urljoin(url, location)
                        continue
                    if response.status_code == 304:
                        return None
                    if response.status_code != 200:
                        raise FetchError(
                            f"feed {url} answered HTTP {response.status_code}", url=url,
                            transient=response.status_code >= 500 or response.status_code == 429,
                        )
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > MAX_FEED_BYTES:
                            raise FeedError(f"feed {url} is larger than {MAX_FEED_BYTES} bytes")
                    return _Fetched(bytes(body), response.headers, response.charset_encoding)
            except httpx.TimeoutException as exc:
                raise FetchError(f"feed {url} timed out: {exc}", url=url, transient=True) from None
            except httpx.HTTPError as exc:
                raise FetchError(
                    f"cannot fetch feed {url}: {exc}", url=url, transient=True
                ) from None
    raise FetchError(f"feed {url}: too many redirects", url=url)


def _import_url(store: Store, url: str, settings: Settings, *, skip_invalid: bool) -> FeedImport:
    with store.session() as session:
        validators = session.get(FeedSourceRow, url)
        if validators is not None:
            session.expunge(validators)
    fetched = _fetch(url, settings, validators)
    if fetched is None:
        return FeedImport(source=url, not_modified=True)
    try:
        text = fetched.body.decode(fetched.encoding or "utf-8").lstrip("\ufeff")
    except (UnicodeDecodeError, LookupError) as exc:
        raise FeedError(f"feed {url}: cannot decode: {exc}", url=url) from None
    result = _import_text(
        store, text, url, settings, skip_invalid=skip_invalid,
        content_type=fetched.headers.get("content-type"),
    )
    with store.session() as session:  # remember validators only after a good import
        row = session.get(FeedSourceRow, url) or FeedSourceRow(url=url)
        row.etag = fetched.headers.get("etag")
        row.last_modified = fetched.headers.get("last-modified")
        row.fetched_at = settings.clock()
        session.add(row)
    return result


# --------------------------------------------------------------------------- API


def import_feed(
    store: Store, source: str, settings: Settings, *, skip_invalid: bool = False
) -> FeedImport:
    """Import a feed from a path or an http(s) URL; FeedError names refused lines."""
    if source.lower().startswith(("http://", "https://")):
        return _import_url(store, source, settings, skip_invalid=skip_invalid)
    path = Path(source)
    if not path.is_file():
        raise FeedError(f"{source}: no such file")
    if path.stat().st_size > MAX_FEED_BYTES:
        raise FeedError(f"{source}: larger than {MAX_FEED_BYTES} bytes")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FeedError(f"{source}: not UTF-8 text: {exc}") from None
    return _import_text(store, text, source, settings, skip_invalid=skip_invalid)


def refresh_feeds(store: Store, settings: Settings) -> list[FeedImport | AuditError]:
    """Import every URL in ``feeds.urls`` (the daemon's job); errors are returned, not raised."""
    results: list[FeedImport | AuditError] = []
    for url in settings.feeds.urls:
        try:
            results.append(import_feed(store, url, settings, skip_invalid=True))
        except AuditError as exc:
            results.append(exc)
    return results


def rates_for(store: Store, org_id: str) -> list[ViolationRate]:
    """Every stored period of one org, oldest first."""
    with store.session() as session:
        rows = session.scalars(
            select(ViolationRateRow)
            .where(ViolationRateRow.org_id == org_id)
            .order_by(
                ViolationRateRow.period_start, ViolationRateRow.period_end,
                ViolationRateRow.category,
            )
        ).all()
        return [
            ViolationRate(
                org_id=r.org_id, period_start=r.period_start, period_end=r.period_end,
                requests=r.requests, violations=r.violations, category=r.category,
                source=r.source,
            )
            for r in rows
        ]
