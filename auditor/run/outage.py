"""A service the fleet needs was unreachable: recognise it, and wait it out.

A PostgreSQL restart or a Redis restart should pause a fleet, not end it and not mark
an organization's audit as failed: the audit had nothing to do with it. Every call
the runners make to the store, the broker or the shared limiter goes through
:func:`patiently` (or :func:`patiently_async` on an event loop), which retries it with
capped exponential backoff while the failure is an outage, for up to
:data:`PATIENCE_S`. Anything else (a bug, bad data, a refused URL) is raised at once.

What counts as an outage is decided by exception type, never by message text:
connection-level errors of the database driver (psycopg's ``OperationalError``
family: refused, reset, server shutting down or starting up), SQLAlchemy's
disconnect detection, and Redis or kombu connection errors. SQLite's
``OperationalError`` is not one: it also means "no such table", and its locks are
already waited for by ``busy_timeout``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

PATIENCE_S = 900.0
"""How long one call waits for a service to come back before the failure is raised."""
FIRST_WAIT_S = 0.25
MAX_WAIT_S = 5.0


def _outage_types() -> tuple[type[BaseException], ...]:
    found: list[type[BaseException]] = []
    try:
        import redis.exceptions

        found += [redis.exceptions.ConnectionError, redis.exceptions.TimeoutError]
    except ImportError:  # Redis is an optional extra (Celery)
        pass
    try:
        import kombu.exceptions

        found.append(kombu.exceptions.OperationalError)
    except ImportError:
        pass
    return tuple(found)


def is_outage(exc: BaseException) -> bool:
    """True when `exc` (or an exception it was raised from) says a service was unreachable."""
    from sqlalchemy import exc as sa

    others = _outage_types()
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(seen) < 12:
        seen.add(id(current))
        if isinstance(current, sa.DisconnectionError) or (
                isinstance(current, sa.DBAPIError) and current.connection_invalidated):
            return True
        if isinstance(current, sa.OperationalError | sa.InterfaceError) \
                and not _from_sqlite(current):
            return True
        if others and isinstance(current, others):
            return True
        current = current.__cause__ or current.__context__
    return False


def _from_sqlite(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", None)
    return type(orig).__module__.startswith("sqlite3")


def _wait_s(attempt: int) -> float:
    return float(min(MAX_WAIT_S, FIRST_WAIT_S * 2.0 ** attempt))


def _note(what: str, attempt: int, exc: BaseException, wait: float) -> None:
    level = logging.WARNING if attempt == 0 or attempt % 10 == 0 else logging.DEBUG
    log.log(level, "%s: service unreachable (%s: %s); retrying in %.1fs", what,
            type(exc).__name__, str(exc).splitlines()[0][:200] if str(exc) else "", wait,
            extra={"outage": what})


def patiently(call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``call(*args, **kwargs)``, retried with backoff while it fails with an outage."""
    deadline = time.monotonic() + PATIENCE_S
    attempt = 0
    while True:
        try:
            return call(*args, **kwargs)
        except Exception as exc:
            if not is_outage(exc) or time.monotonic() >= deadline:
                raise
            wait = _wait_s(attempt)
            _note(getattr(call, "__qualname__", "call"), attempt, exc, wait)
            time.sleep(wait)
            attempt += 1


async def patiently_async(call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """:func:`patiently` on an event loop: the call runs inline (store calls are short),
    the waits between tries do not block the loop's other audits."""
    deadline = time.monotonic() + PATIENCE_S
    attempt = 0
    while True:
        try:
            return call(*args, **kwargs)
        except Exception as exc:
            if not is_outage(exc) or time.monotonic() >= deadline:
                raise
            wait = _wait_s(attempt)
            _note(getattr(call, "__qualname__", "call"), attempt, exc, wait)
            await asyncio.sleep(wait)
            attempt += 1


async def patiently_await(make: Callable[[], Awaitable[T]], what: str) -> T:
    """Await ``make()`` (a fresh awaitable per try), retried while it fails with an outage."""
    deadline = time.monotonic() + PATIENCE_S
    attempt = 0
    while True:
        try:
            return await make()
        except Exception as exc:
            if not is_outage(exc) or time.monotonic() >= deadline:
                raise
            wait = _wait_s(attempt)
            _note(what, attempt, exc, wait)
            await asyncio.sleep(wait)
            attempt += 1
