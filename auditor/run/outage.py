"""A service the fleet needs was unreachable: recognise it, and wait it out.

A PostgreSQL restart or a Redis restart should pause a fleet, not end it and not mark
an organization's audit as failed: the audit had nothing to do with it. Every call
the runners make to the store, the broker or the shared limiter goes through
:func:`patiently` (or :func:`patiently_async` on an event loop), which retries it with
capped exponential backoff (stamina) while the failure is an outage, for up to
:data:`PATIENCE_S`. Anything else (a bug, bad data, a refused URL) is raised at once.

What counts as an outage is decided by exception type, never by message text:
connection-level errors of the database driver (psycopg's ``OperationalError``
family: refused, reset, server shutting down or starting up), SQLAlchemy's
disconnect detection, and Redis or kombu connection errors. SQLite's
``OperationalError`` is not one: it also means "no such table", and its locks are
already waited for by ``busy_timeout``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

import stamina

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


def _policy(what: str) -> dict[str, Any]:
    """stamina's retry settings for one call: backoff from :data:`FIRST_WAIT_S` doubling to
    :data:`MAX_WAIT_S` with as much jitter as the first wait, for :data:`PATIENCE_S`,
    retrying only outages. Each outage is logged here, the first and every tenth try at
    WARNING (stamina's own per-retry log line is turned down by ``setup_logging``)."""
    tries = 0

    def on_outage(exc: Exception) -> bool:
        nonlocal tries
        if not is_outage(exc):
            return False
        level = logging.WARNING if tries % 10 == 0 else logging.DEBUG
        first_line = str(exc).splitlines()[0][:200] if str(exc) else ""
        log.log(level, "%s: service unreachable (%s: %s); retrying", what,
                type(exc).__name__, first_line, extra={"outage": what})
        tries += 1
        return True

    return {"on": on_outage, "attempts": None, "timeout": PATIENCE_S,
            "wait_initial": FIRST_WAIT_S, "wait_max": MAX_WAIT_S, "wait_jitter": FIRST_WAIT_S}


def patiently(call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``call(*args, **kwargs)``, retried with backoff while it fails with an outage."""
    for attempt in stamina.retry_context(**_policy(getattr(call, "__qualname__", "call"))):
        with attempt:
            return call(*args, **kwargs)
    raise AssertionError("unreachable: stamina re-raises the last failure")


async def patiently_async(call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """:func:`patiently` on an event loop: the call runs inline (store calls are short),
    the waits between tries do not block the loop's other audits."""
    async for attempt in stamina.retry_context(**_policy(getattr(call, "__qualname__", "call"))):
        with attempt:
            return call(*args, **kwargs)
    raise AssertionError("unreachable: stamina re-raises the last failure")


async def patiently_await(make: Callable[[], Awaitable[T]], what: str) -> T:
    """Await ``make()`` (a fresh awaitable per try), retried while it fails with an outage."""
    async for attempt in stamina.retry_context(**_policy(what)):
        with attempt:
            return await make()
    raise AssertionError("unreachable: stamina re-raises the last failure")
