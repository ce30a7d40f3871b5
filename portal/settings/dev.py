"""Local development (`make run`): DEBUG on unless DEBUG=0, a fixed insecure key unless SECRET_KEY is set."""

from portal.env import env_bool, env_str

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY") or "django-insecure-development-only-key-never-use-in-production"
