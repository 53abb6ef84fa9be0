"""Settings of the write-path benchmark: production settings plus the bench-only baseline.

Never used by the real site. Fixed secret and host so `gunicorn` starts without a real
deployment's environment; no HTTPS redirect because the load generator speaks plain HTTP
on the loopback.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY",
                      "bench-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")

from laocai.settings.production import *  # noqa: E402,F403
from laocai.settings.production import INSTALLED_APPS  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "bench.baseline"]
ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
