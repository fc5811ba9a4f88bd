"""The cache's circuit breaker (steering/cache.py): one failure, then no waiting for a while."""

import socket
import time

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from steering import cache as breaker


@pytest.fixture
def hung_server():
    """Accepts connections (kernel backlog) and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield server.getsockname()[1]
    server.close()


@pytest.fixture(autouse=True)
def _closed_breaker():
    breaker.cache_breaker_reset()
    yield
    breaker.cache_breaker_reset()


def _client(port: int) -> breaker.CircuitBreakerRedis:
    # No retries, as django-redis's pool has none (redis-py's own default retries a timeout).
    return breaker.CircuitBreakerRedis(
        port=port, socket_timeout=1.0, socket_connect_timeout=1.0, retry=Retry(NoBackoff(), 0)
    )


def test_a_timeout_opens_the_breaker_and_the_next_call_fails_at_once(hung_server, redis_connects):
    client = _client(hung_server)
    with pytest.raises(redis.TimeoutError):
        client.get("k")
    assert breaker.cache_breaker_open()
    assert len(redis_connects) == 1
    with pytest.raises(redis.ConnectionError, match="skipped"):
        client.get("k")
    assert len(redis_connects) == 1  # refused at once: no connection, so no 1 s timeout


def test_after_the_cool_down_redis_is_tried_again(hung_server, monkeypatch):
    monkeypatch.setattr(breaker, "COOL_DOWN_S", 0.05)
    client = _client(hung_server)
    with pytest.raises(redis.TimeoutError):
        client.get("k")
    time.sleep(0.1)
    assert not breaker.cache_breaker_open()
    with pytest.raises(redis.TimeoutError):  # a real attempt again, not "skipped"
        client.get("k")
