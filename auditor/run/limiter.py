"""Per-host politeness shared by every worker: a lease-based semaphore in Redis.

With one process, the crawler's own per-host limits suffice; with N Celery workers each
would allow its own ``per_host_concurrency`` and ``per_host_delay_s``, N times too many
for a host that several orgs share. Here the count of open requests and the earliest
time of the next one live in Redis, checked and taken in one Lua script using Redis's
own clock (workers' clocks need not agree). A slot is a lease: a worker that dies
holding one frees it after ``lease_s``.

While Redis is unreachable a request waits for it (:mod:`auditor.run.outage`) rather
than going ahead unlimited or failing the page: the fleet pauses, politeness holds, and
no audit records a page error because the limiter was down.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from auditor.run.outage import is_outage, patiently_await
from auditor.settings import Settings

log = logging.getLogger(__name__)

_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
if nxt > now then return nxt - now end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 25 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local delay = tonumber(ARGV[3])
if delay > 0 then redis.call('SET', KEYS[2], now + delay, 'PX', delay) end
return 0
"""


class RedisHostLimiter:
    """``async with limiter.slot(host):`` around each request to `host`."""

    def __init__(self, url: str, *, per_host: int, delay_s: float, lease_s: float = 120.0,
                 prefix: str = "auditor:host:") -> None:
        import redis.asyncio as aioredis

        self._redis = aioredis.Redis.from_url(url)
        self._acquire = self._redis.register_script(_ACQUIRE)
        self.per_host, self.delay_ms = per_host, int(delay_s * 1000)
        self.lease_ms, self.prefix = int(lease_s * 1000), prefix

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        token = secrets.token_hex(8)
        keys = [f"{self.prefix}{host}:slots", f"{self.prefix}{host}:next"]
        args: list[int | str] = [self.per_host, self.lease_ms, self.delay_ms, token]
        while True:
            wait_ms = int(await patiently_await(
                lambda: self._acquire(keys=keys, args=args), f"host limiter for {host}"))
            if wait_ms <= 0:
                break
            await asyncio.sleep(min(wait_ms, 1000) / 1000)
        try:
            yield
        finally:
            try:
                await self._redis.zrem(keys[0], token)
            except Exception as exc:  # the lease frees the slot when Redis is back
                if not is_outage(exc):
                    raise
                log.debug("host limiter: slot of %s not returned (Redis unreachable)", host)

    async def aclose(self) -> None:
        await self._redis.aclose()


def host_limiter(settings: Settings) -> RedisHostLimiter | None:
    """The shared limiter when audits run on Celery workers; None for the local executor."""
    if settings.executor.kind != "celery":
        return None
    delay = 0.0 if settings.testing else settings.crawl.per_host_delay_s
    return RedisHostLimiter(settings.executor.broker_url,
                            per_host=settings.crawl.per_host_concurrency, delay_s=delay,
                            lease_s=max(60.0, settings.crawl.page_timeout_s * 2))
