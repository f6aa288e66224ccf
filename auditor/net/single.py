"""One guarded GET from synchronous code: `auditor inspect URL` and feed imports.

Both used to check a URL and then let httpx resolve the name again on its own, so a
name could answer the check with an allowed address and the connection with a
forbidden one (DNS rebinding), and httpx decoded ``Content-Encoding: gzip, gzip``
without a bound. Here they take the crawler's :class:`HttpFetcher`: the address it
checks is the address it connects to, every redirect hop is checked again, and the
body is decoded within the byte cap and the ratio guard.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping

from auditor.errors import AuditError, FetchBlocked, FetchError, FetchTimeout, TargetRefused
from auditor.models import FetchCause
from auditor.net.http import Fetched, HopCheck, HttpFetcher
from auditor.net.ssrf import Resolver, check_url_async, system_resolve
from auditor.settings import Settings

__all__ = ["failure", "fetch_one"]

_TRANSIENT_STATUS = (429, 500, 502, 503, 504)


def fetch_one(
    url: str,
    settings: Settings,
    *,
    max_bytes: int | None = None,
    headers_for: Callable[[str], Mapping[str, str]] | None = None,
    validators: tuple[str | None, str | None] | None = None,
    hop_check: HopCheck | None = None,
    resolve: Resolver = system_resolve,
) -> Fetched:
    """GET `url` (any content type) with the crawler's guards and limits.

    Raises TargetRefused when the SSRF guard refuses the start URL itself; every other
    outcome, refusals of later hops included, comes back as data (see :func:`failure`).
    `hop_check` vets the start URL as well as every redirect target.
    """

    async def run() -> Fetched:
        stop = await hop_check(url) if hop_check is not None else None
        if stop is not None:
            return Fetched(url=url, final_url=url, cause=stop[0], reason=stop[1])
        await check_url_async(url, settings, resolve)
        fetcher = HttpFetcher(settings, resolve=resolve)
        try:
            return await fetcher.fetch(url, any_type=True, max_bytes=max_bytes,
                                       headers_for=headers_for, validators=validators,
                                       hop_check=hop_check)
        finally:
            await fetcher.aclose()

    return asyncio.run(run())


def failure(got: Fetched, what: str = "") -> AuditError | None:
    """The error a fetch that went wrong amounts to (None for a 2xx or a 304).

    `what` names the thing fetched in messages ("feed"); the URL is always named."""
    where = f"{what} {got.final_url}".strip()
    status = got.status or 0
    reason = got.reason or got.cause.value
    cause = got.cause
    if (cause is FetchCause.OK and 200 <= status < 300) or cause is FetchCause.NOT_MODIFIED:
        return None
    if cause is FetchCause.SSRF:
        return TargetRefused(f"{where}: {reason}", url=got.final_url)
    if cause is FetchCause.TIMEOUT:
        return FetchTimeout(f"{where}: {reason}", url=got.final_url, transient=True)
    if cause in (FetchCause.ROBOTS, FetchCause.BLOCKED):
        return FetchBlocked(f"{where}: {reason}", url=got.final_url)
    if cause in (FetchCause.HTTP_4XX, FetchCause.HTTP_5XX, FetchCause.OK):
        return FetchError(f"{where} answered HTTP {status}", url=got.final_url,
                          transient=status in _TRANSIENT_STATUS)
    transient = cause in (FetchCause.CONNECT, FetchCause.DNS)
    return FetchError(f"{where}: {reason}", url=got.final_url, transient=transient)
