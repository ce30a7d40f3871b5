"""Production services reached over real connections: Redis (cache) and, in its own run, PostgreSQL."""

import os

import pytest
from django.core.cache.backends.base import InvalidCacheBackendError
from django.db import connection


def test_redis_cache_round_trip(redis_url):
    from django_redis.cache import RedisCache

    try:
        cache = RedisCache(redis_url, {"KEY_PREFIX": f"portal-test-{os.getpid()}", "TIMEOUT": 30})
    except InvalidCacheBackendError as exc:  # pragma: no cover - misconfiguration
        pytest.fail(str(exc))
    cache.set("chao", "Xin chào", 30)
    assert cache.get("chao") == "Xin chào"
    cache.delete("chao")
    assert cache.get("chao") is None


@pytest.mark.django_db
def test_database_vendor_matches_database_url():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected
