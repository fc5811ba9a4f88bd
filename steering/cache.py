"""The Redis client behind the cache (django-redis's REDIS_CLIENT_CLASS), with a circuit breaker.

django-redis with IGNORE_EXCEPTIONS turns a failed cache call into a miss, but each call still
waits for its socket timeout: a dashboard makes ~9 cache calls, so a hung Redis cost it ~4.7 s.
After one connection failure or timeout this client refuses at once for COOL_DOWN_S (a miss for
the caller), then tries Redis again.
"""

import logging
import threading
import time

import redis

COOL_DOWN_S = 10.0

log = logging.getLogger(__name__)
_lock = threading.Lock()
_open_until = 0.0


def cache_breaker_open() -> bool:
    return time.monotonic() < _open_until


def cache_breaker_reset() -> None:
    global _open_until
    with _lock:
        _open_until = 0.0


class CircuitBreakerRedis(redis.Redis):
    def execute_command(self, *args, **options):
        global _open_until
        if cache_breaker_open():
            raise redis.ConnectionError("cache skipped: Redis failed moments ago")
        try:
            return super().execute_command(*args, **options)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            with _lock:
                _open_until = time.monotonic() + COOL_DOWN_S
            log.warning("cache off for %.0f s: %s", COOL_DOWN_S, exc)
            raise
