"""Violation-rate feeds: import from a file or an HTTPS URL into the store.

A feed is CSV (with a header) or JSON Lines, one period of one org per row, with
``org_id, period_start, period_end, requests, violations`` and optional ``category``
(default ``all``) and ``source``; other fields are ignored. Each row is validated on
its own, and whatever is wrong with a row (a bad value, a number of 5000 digits, a
count above :data:`~auditor.models.MAX_COUNT`, a field too long for the CSV reader,
JSON nested too deep) is that row's problem, reported with its line number.

Why all or nothing: a half-imported feed silently mixes two months of truth. By
default any refused row (bad values, an unknown org id, a duplicate of an earlier row)
refuses the whole feed; ``skip_invalid`` imports the valid rows and returns the rest.
Re-importing a period (org, start, end, category) replaces it, never duplicates it.
A feed larger than ``feeds.max_bytes`` or with more rows than ``feeds.max_rows`` is
refused whole, whatever ``skip_invalid`` says.

Remote feeds are fetched by the crawler's guarded fetcher (:mod:`auditor.net.single`):
the address checked is the address connected to, every redirect hop is checked, and
the body is bounded and decoded with the bomb guard. Plain http is refused unless
every address of the host is one the settings allow despite the SSRF guard. A bearer
token read from the environment variable named by ``feeds.token_env`` goes only to the
feed's own scheme and host. A conditional GET uses the ETag and Last-Modified of the
last *successful* import, kept in ``feed_sources``, so a 304 imports nothing.
"""

from __future__ import annotations

import csv
import io
import ipaddress
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError
from sqlalchemy import delete, insert, select

from auditor.errors import AuditError, FeedError, InternalError, Problem, TargetRefused
from auditor.inputs import read_text
from auditor.models import FetchCause, ViolationRate
from auditor.net.http import Fetched
from auditor.registry import list_orgs
from auditor.settings import Settings
from auditor.store import Store
from auditor.store.tables import FeedSourceRow, ViolationRateRow

__all__ = ["FeedImport", "import_feed", "parse_feed", "rates_for", "refresh_feeds"]

_REQUIRED = ("org_id", "period_start", "period_end", "requests", "violations")
_MAX_ROW_CHARS = 64 * 1024
"""A JSON Lines row longer than this is refused (a real row is under 300 characters)."""
_MAX_DIGITS = 19
"""Digits of a JSON integer read at all (MAX_COUNT has 16)."""
_SHOWN_LINES = 20
_DELETE_BATCH = 500
_INSERT_BATCH = 5000


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

Row = tuple[int, dict[str, Any] | str]
"""(line, the row's fields) or (line, why the row could not be read)."""


def _rows_csv(text: str, name: str) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a field over the reader's limit, a NUL byte: this row only
            yield reader.line_num, f"unreadable CSV: {exc}"
            continue
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


class _Unreadable(ValueError):
    """A JSON value this loader will not read (a number of too many digits)."""


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > _MAX_DIGITS:
        raise _Unreadable(f"a number has more than {_MAX_DIGITS} digits")
    return int(digits)


def _rows_jsonl(text: str) -> Iterator[Row]:
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        if len(raw) > _MAX_ROW_CHARS:
            yield number, f"row longer than {_MAX_ROW_CHARS} characters"
            continue
        try:
            value = json.loads(raw, parse_int=_bounded_int)
        except _Unreadable as exc:
            yield number, str(exc)
            continue
        except json.JSONDecodeError as exc:
            yield number, f"not valid JSON: {exc.msg}"
            continue
        except (ValueError, RecursionError) as exc:
            yield number, f"not readable JSON: {type(exc).__name__}"
            continue
        if not isinstance(value, dict):
            yield number, "expected a JSON object"
            continue
        yield number, {k: v for k, v in value.items() if v is not None and v != ""}


def _is_jsonl(name: str, text: str, content_type: str | None) -> bool:
    if content_type and ("ndjson" in content_type or "jsonl" in content_type):
        return True
    if name.lower().split("?")[0].endswith((".jsonl", ".ndjson", ".json")):
        return True
    return text.lstrip().startswith("{")


def _validated(
    text: str, name: str, content_type: str | None, max_rows: int | None,
) -> Iterator[tuple[int, ViolationRate] | Problem]:
    """Each row validated: (line, rate), or a problem for each thing wrong with it.

    Raises FeedError for what spoils the whole feed: a missing header column, or more
    than `max_rows` rows."""
    rows = _rows_jsonl(text) if _is_jsonl(name, text, content_type) else _rows_csv(text, name)
    seen: dict[tuple[Any, ...], int] = {}
    for count, (line, entry) in enumerate(rows, start=1):
        if max_rows is not None and count > max_rows:
            raise FeedError(f"{name}: more than {max_rows} rows (line {line}); nothing "
                            "imported (the limit is the setting feeds.max_rows)")
        if isinstance(entry, str):
            yield Problem(name, line, None, entry)
            continue
        try:
            rate = ViolationRate.model_validate(entry)
        except ValidationError as exc:
            for err in exc.errors(include_input=False, include_url=False):
                where = ".".join(str(p) for p in err["loc"]) or None
                yield Problem(name, line, where, err["msg"])
            continue
        key = (rate.org_id, rate.period_start, rate.period_end, rate.category)
        if key in seen:
            yield Problem(name, line, None, f"duplicates the period on line {seen[key]}")
            continue
        seen[key] = line
        yield line, rate


def parse_feed(
    text: str, name: str, *, content_type: str | None = None, max_rows: int | None = None,
) -> tuple[list[tuple[int, ViolationRate]], list[Problem]]:
    """Validate every row: the good ones with their line numbers, and the problems."""
    good: list[tuple[int, ViolationRate]] = []
    problems: list[Problem] = []
    for item in _validated(text, name, content_type, max_rows):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            good.append(item)
    return good, problems


# --------------------------------------------------------------------------- storing

_Stored = tuple[str, date, date, str, int, int, str | None]
"""A row as stored: org_id, period_start, period_end, category, requests, violations,
source. A tuple, not the model: 200,000 models held 220 MB."""
_COLUMNS = ("org_id", "period_start", "period_end", "category", "requests", "violations",
            "source")


def _store_rates(store: Store, rates: list[_Stored], now: datetime) -> tuple[int, int]:
    """Replace the stored periods the feed carries, then insert them all (in bulk: a
    DELETE and an INSERT per row took 67 s for 100,000 rows)."""
    keys_by_org: dict[str, set[tuple[Any, ...]]] = {}
    for r in rates:
        keys_by_org.setdefault(r[0], set()).add(r[1:4])
    replaced = 0
    with store.session() as session:
        for org_id, keys in keys_by_org.items():
            stored = session.execute(
                select(ViolationRateRow.id, ViolationRateRow.period_start,
                       ViolationRateRow.period_end, ViolationRateRow.category)
                .where(ViolationRateRow.org_id == org_id)
            ).all()
            stale = [row.id for row in stored
                     if (row.period_start, row.period_end, row.category) in keys]
            for at in range(0, len(stale), _DELETE_BATCH):
                session.execute(delete(ViolationRateRow).where(
                    ViolationRateRow.id.in_(stale[at:at + _DELETE_BATCH])))
            replaced += len(stale)
        for at in range(0, len(rates), _INSERT_BATCH):
            session.execute(insert(ViolationRateRow), [
                {**dict(zip(_COLUMNS, r, strict=True)), "imported_at": now}
                for r in rates[at:at + _INSERT_BATCH]])
    return len(rates), replaced


def _lines_named(problems: list[Problem]) -> str:
    lines = sorted({p.line for p in problems if p.line is not None})
    shown = ", ".join(map(str, lines[:_SHOWN_LINES]))
    more = f" and {len(lines) - _SHOWN_LINES} more" if len(lines) > _SHOWN_LINES else ""
    return f"{len(lines)} row(s) refused (lines {shown}{more})"


def _import_text(
    store: Store, text: str, name: str, settings: Settings, *,
    skip_invalid: bool, content_type: str | None = None,
) -> FeedImport:
    known = {org.id for org in list_orgs(store)}
    result = FeedImport(source=name)
    accepted: list[_Stored] = []
    problems: list[Problem] = []
    for item in _validated(text, name, content_type, settings.feeds.max_rows):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        line, rate = item
        if rate.org_id in known:
            accepted.append((rate.org_id, rate.period_start, rate.period_end, rate.category,
                             rate.requests, rate.violations, rate.source))
            continue
        problems.append(Problem(name, line, "org_id", f"unknown organization {rate.org_id!r}"))
        if rate.org_id not in result.unknown_orgs:
            result.unknown_orgs.append(rate.org_id)
    problems.sort(key=lambda p: (p.line or 0, p.field or ""))
    result.refused = problems
    if problems and not skip_invalid:
        raise FeedError(
            f"{name}: {_lines_named(problems)}; nothing imported "
            "(use --skip-invalid to import the valid rows)",
            problems=problems,
        )
    result.imported, result.replaced = _store_rates(store, accepted, settings.clock())
    return result


# --------------------------------------------------------------------------- fetching


async def _plain_http_refusal(url: str, settings: Settings) -> tuple[FetchCause, str] | None:
    """Plain http only to addresses the settings allow despite the SSRF guard (a test
    server, an internal feed host): anywhere else a feed could be altered on its way.
    Decided before any lookup when no such address exists."""
    from auditor.net.ssrf import DNSFailure, checked_addresses, refusal

    parts = urlsplit(url)
    if parts.scheme == "https" or settings.crawl.allow_private_networks:
        return None
    if parts.scheme != "http" or not parts.hostname:
        return FetchCause.SSRF, f"feed {url}: only http(s) URLs are fetched"
    if not settings.crawl.allow_networks:  # nothing allowed beyond public addresses
        return FetchCause.SSRF, f"feed {url}: plain http is refused; use https"
    try:
        addresses = await checked_addresses(parts.hostname, parts.port or 80, settings)
    except TargetRefused as exc:
        return FetchCause.SSRF, f"feed {url}: {exc}"
    except DNSFailure as exc:
        return FetchCause.DNS, f"feed {url}: {exc}"
    if any(refusal(ipaddress.ip_address(a.split("%", 1)[0])) is None for a in addresses):
        return FetchCause.SSRF, f"feed {url}: plain http is refused; use https"
    return None


def _charset(content_type: str | None) -> str:
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return "utf-8"


def _fetch(url: str, settings: Settings, validators: FeedSourceRow | None) -> Fetched | None:
    """GET the feed through the guarded fetcher; None on 304. Raises the fetch's error."""
    from auditor.net.single import failure, fetch_one

    token = os.environ.get(settings.feeds.token_env) or None
    origin = urlsplit(url)

    def headers_for(hop: str) -> dict[str, str]:
        headers = {"Accept": "text/csv, application/x-ndjson;q=0.9, */*;q=0.5"}
        parts = urlsplit(hop)
        # the token never follows a redirect to another host or scheme
        if token and (parts.scheme, parts.netloc) == (origin.scheme, origin.netloc):
            headers["Authorization"] = f"Bearer {token}"
        return headers

    async def hop_check(hop: str) -> tuple[FetchCause, str] | None:
        return await _plain_http_refusal(hop, settings)

    got = fetch_one(
        url, settings, max_bytes=settings.feeds.max_bytes, headers_for=headers_for,
        validators=(validators.etag, validators.last_modified) if validators else None,
        hop_check=hop_check)
    if got.cause is FetchCause.TOO_LARGE:
        raise FeedError(f"feed {got.final_url}: {got.reason}; nothing imported "
                        f"(feeds.max_bytes is {settings.feeds.max_bytes})", url=got.final_url)
    error = failure(got, "feed")
    if error is not None:
        raise error
    if got.cause is FetchCause.NOT_MODIFIED:
        return None
    if got.status != 200:
        raise FeedError(f"feed {got.final_url} answered HTTP {got.status}, not 200",
                        url=got.final_url)
    return got


def _import_url(store: Store, url: str, settings: Settings, *, skip_invalid: bool) -> FeedImport:
    with store.session() as session:
        validators = session.get(FeedSourceRow, url)
        if validators is not None:
            session.expunge(validators)
    fetched = _fetch(url, settings, validators)
    if fetched is None:
        return FeedImport(source=url, not_modified=True)
    try:
        text = fetched.body.decode(_charset(fetched.content_type)).lstrip("\ufeff")
    except (UnicodeDecodeError, LookupError) as exc:
        raise FeedError(f"feed {url}: cannot decode: {exc}", url=url) from None
    result = _import_text(store, text, url, settings, skip_invalid=skip_invalid,
                          content_type=fetched.content_type)
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
    text = read_text(source, max_bytes=settings.feeds.max_bytes, error=FeedError)
    return _import_text(store, text, source, settings, skip_invalid=skip_invalid)


def refresh_feeds(store: Store, settings: Settings) -> list[FeedImport | AuditError]:
    """Import every URL in ``feeds.urls`` (the daemon's job), valid rows of each.

    One feed's failure, whatever it is, is returned in its place and never stops the
    feeds after it."""
    results: list[FeedImport | AuditError] = []
    for url in settings.feeds.urls:
        try:
            results.append(import_feed(store, url, settings, skip_invalid=True))
        except AuditError as exc:
            exc.url = exc.url or url
            results.append(exc)
        except Exception as exc:  # a bug must not cost the other feeds their refresh
            results.append(InternalError(f"feed {url}: {type(exc).__name__}: {exc}", url=url))
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
