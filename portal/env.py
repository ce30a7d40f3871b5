"""Reading configuration from environment variables (twelve-factor)."""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer; got {raw!r}") from exc


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def mailers_from_url(url):
    """Django 6.1 MAILERS from EMAIL_URL.

    console://                      print each email (the default)
    smtp://user:pass@host:587?tls=1 an SMTP server (?ssl=1 for implicit TLS, ?timeout=10)
    locmem://                       keep emails in memory (tests)
    """
    from urllib.parse import parse_qs, unquote, urlparse

    parsed = urlparse(url or "console://")
    scheme = parsed.scheme.lower()
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    if scheme not in backends:
        raise ImproperlyConfigured(f"EMAIL_URL scheme must be one of {sorted(backends)}; got {scheme!r}")
    config = {"BACKEND": backends[scheme]}
    if scheme in {"smtp", "smtps"}:
        query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        options = {
            "host": parsed.hostname or "localhost",
            "port": parsed.port or (465 if scheme == "smtps" else 25),
            "username": unquote(parsed.username or ""),
            "password": unquote(parsed.password or ""),
            "use_tls": query.get("tls", "0").lower() in TRUE_VALUES,
            "use_ssl": scheme == "smtps" or query.get("ssl", "0").lower() in TRUE_VALUES,
            "timeout": int(query.get("timeout", "10")),
        }
        config["OPTIONS"] = options
    return {"default": config}
