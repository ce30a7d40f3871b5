"""Rate limits in the cache, per account and per network address.

A rate is written "count/period", the period one of s, m, h, d optionally preceded by a number
("5/h", "20/10m"). Limits are configured in settings (FORUM_RATE_LIMITS) so operators can tune them.

Counters live in a cache every worker process shares: Redis when REDIS_URL is set (the default
cache), otherwise the database cache named "shared" in settings.CACHES. A per-process cache would
give each worker its own allowance.
"""

import re

from django.conf import settings
from django.core.cache import caches

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    match = _RATE.match(rate or "")
    if not match:
        raise ValueError(f"bad rate {rate!r}: expected count/period such as 5/h")
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * _SECONDS[unit]


def shared_cache():
    """The cache all workers share: the "shared" alias when configured, else the default cache."""
    return caches["shared" if "shared" in settings.CACHES else "default"]


GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}


def normalise_email(address):
    """One key per mailbox, for throttling only: lower case, without a +tag, and for Gmail
    without dots in the local part ("Victim.Name+2@GMail.com" is "victimname@gmail.com")."""
    address = (address or "").strip().lower()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    local = local.split("+", 1)[0]
    if domain in GMAIL_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def once(key, seconds):
    """True the first time within `seconds` for this key (in the shared cache), False after."""
    return shared_cache().add(f"ratelimit:once:{key}", True, seconds)


def client_ip(request):
    """The address the request came from. Behind a proxy, set the proxy to overwrite REMOTE_ADDR
    (for example with gunicorn's --forwarded-allow-ips); a client-sent header is never trusted."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(action, key, rate):
    """Count one attempt; True while within the rate. The window opens with the first attempt
    and lasts one period."""
    limit, period = parse_rate(rate)
    cache = shared_cache()
    cache_key = f"ratelimit:{action}:{key}:{period}"
    cache.add(cache_key, 0, period)
    try:
        return cache.incr(cache_key) <= limit
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, period)
        return True


def allow(request, action, rates):
    """Apply the rates {"user": "5/h", "ip": "20/h"} of one action. Both counters are consumed
    so that one address cannot spread a flood over many accounts, nor one account over many
    addresses."""
    allowed = True
    user = getattr(request, "user", None)
    if rates.get("user") and user is not None and user.is_authenticated:
        allowed &= hit(action, f"user:{user.pk}", rates["user"])
    if rates.get("ip"):
        allowed &= hit(action, f"ip:{client_ip(request)}", rates["ip"])
    return allowed
