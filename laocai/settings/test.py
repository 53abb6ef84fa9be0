"""Test settings: the same apps, fast hashing, indexes under their own prefix."""

import os
import secrets

from .base import *  # noqa: F403
from .base import ELASTICSEARCH, SECRET_KEY

SECRET_KEY = SECRET_KEY or secrets.token_urlsafe(50)
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Never touch the development indexes from a test run.
ELASTICSEARCH = {
    **ELASTICSEARCH,
    "INDEX_PREFIX": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "test-laocai"),
}
TWO_FACTOR_ENFORCED = True
# Every write queues its own drain (tests/search/test_pipeline.py checks the window).
INDEX_DRAIN_WINDOW_SECONDS = 0
# Pages are not cached between tests (tests/test_page_cache.py turns it on and checks it).
WAGTAIL_CACHE = False
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
              "LOCATION": "test-pages"},
    "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                 "LOCATION": "test-throttle"},
}
