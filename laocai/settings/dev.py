"""Local development: DEBUG on, a per-machine secret kept under var/ (never in the repo)."""

import secrets

from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR, env_bool

DEBUG = True
ALLOWED_HOSTS = ["*"]


def _local_secret() -> str:
    path = VAR_DIR / "dev-secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


if not SECRET_KEY:
    SECRET_KEY = _local_secret()

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Two-factor sign-in is off on a developer's machine unless asked for
# (TWO_FACTOR_ENFORCED=1); tests and production always enforce it.
TWO_FACTOR_ENFORCED = env_bool("TWO_FACTOR_ENFORCED", False)
