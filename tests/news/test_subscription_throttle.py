"""The bulletin subscription throttle counts per mailbox, not per spelling of the address, and its
counters live in a cache every worker process shares (the database when there is no Redis)."""

import pytest
from django.core import mail
from django.core.cache import caches
from django.test import override_settings

from forum.models import SharedCacheEntry
from portal import ratelimit

pytestmark = pytest.mark.django_db

SHARED_DB_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle-test"},
    "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle-renditions"},
    "shared": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_shared_cache"},
}


@pytest.fixture(autouse=True)
def empty_caches():
    caches["default"].clear()
    yield
    caches["default"].clear()


def subscribe(client, email):
    return client.post("/ban-tin/dang-ky/", {"email": email, "consent": "on"})


@pytest.mark.parametrize(
    "address, mailbox",
    [
        ("victim@example.vn", "victim@example.vn"),
        ("Victim+1@Example.VN", "victim@example.vn"),
        (" victim+tin.tuc+2@example.vn ", "victim@example.vn"),
        ("v.i.c.t.i.m+x@googlemail.com", "victim@gmail.com"),
        ("V.Ictim@GMAIL.com", "victim@gmail.com"),
        ("van.a@so.gov.vn", "van.a@so.gov.vn"),  # dots count outside Gmail
        ("khong-phai-dia-chi", "khong-phai-dia-chi"),
    ],
)
def test_addresses_are_normalised_to_their_mailbox(address, mailbox):
    assert ratelimit.normalise_email(address) == mailbox


def test_plus_and_case_variants_of_one_mailbox_get_one_confirmation(client):
    for address in ["victim+1@example.vn", "victim+2@example.vn", "VICTIM@example.vn", "victim+3@Example.vn"]:
        assert subscribe(client, address).status_code == 302
    assert len(mail.outbox) == 1
    # Another mailbox is not held back by the first.
    subscribe(client, "other@example.vn")
    assert len(mail.outbox) == 2


@override_settings(CACHES=SHARED_DB_CACHE)
def test_counters_are_kept_in_the_shared_database_cache(client):
    assert ratelimit.shared_cache() is caches["shared"]
    subscribe(client, "victim+1@example.vn")
    keys = list(SharedCacheEntry.objects.values_list("cache_key", flat=True))
    assert any("news-confirmation:victim@example.vn" in key for key in keys)
    assert any("news-subscribe" in key for key in keys)
    # Another worker process has its own cache connection, and sees the same counters.
    other_worker = caches.create_connection("shared")
    assert other_worker.get(next(key.split(":", 2)[2] for key in keys if "news-confirmation" in key)) is True
    subscribe(client, "victim+2@example.vn")
    assert len(mail.outbox) == 1


@override_settings(CACHES=SHARED_DB_CACHE)
def test_forum_rate_limits_use_the_shared_cache_too():
    from django.test import RequestFactory

    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    assert ratelimit.allow(request, "flag", {"ip": "2/h"})
    assert ratelimit.allow(request, "flag", {"ip": "2/h"})
    assert not ratelimit.allow(request, "flag", {"ip": "2/h"})
    assert SharedCacheEntry.objects.filter(cache_key__contains="ratelimit:flag:ip:203.0.113.9").exists()


def test_without_redis_the_settings_name_a_shared_database_cache():
    from portal.settings import base

    if base.REDIS_URL:
        assert "shared" not in base.CACHES  # Redis (the default cache) is shared already
        return
    shared = base.CACHES["shared"]
    assert shared["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert shared["LOCATION"] == SharedCacheEntry._meta.db_table
