"""The hotel UI as an installable, offline-first web app: its manifest, the files its
service worker keeps for offline use, and the version that makes browsers update it.

The service worker keeps only what carries no guest data: static files, the empty
registration form and the offline page. Lists, stays and receipts are never cached.
"""

import hashlib
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

ICON_SIZES = (192, 512)
STATIC_ASSETS = (
    "vendor/leaflet/leaflet.css",
    "vendor/leaflet/leaflet.js",
    "css/site.css",
    "js/maps.js",
    "lodging/stays.css",
    "lodging/app.js",
    "lodging/outbox.js",
    "lodging/cccd.js",
    "lodging/scanner.js",
    "lodging/register.js",
    "lodging/vendor/jsqr/jsQR.js",
    *(f"lodging/icons/icon-{size}.png" for size in ICON_SIZES),
)
THEME_COLOR = "#1f6f43"


def scope() -> str:
    """/stays/ or /en/stays/: each language is an app of its own, like its URLs."""
    return reverse("lodging:dashboard")


def offline_pages() -> list[str]:
    """Pages kept for opening without a connection (no guest data on them)."""
    return [reverse("lodging:register"), reverse("lodging:offline"),
            reverse("lodging:jsi18n"), reverse("lodging:manifest")]


def asset_urls() -> list[str]:
    return [static(path) for path in STATIC_ASSETS]


@lru_cache(maxsize=8)
def _content_hash(paths: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        found = finders.find(path)
        if found:
            with open(found, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:12]


def version() -> str:
    """Changes whenever a kept file changes: the worker script changes with it, and a
    browser installs a worker anew when its script changes."""
    if settings.DEBUG:
        _content_hash.cache_clear()
    return _content_hash(STATIC_ASSETS)


def manifest() -> dict:
    start = scope()
    return {
        "name": _("Lào Cai stay registration"),
        "short_name": _("Stays"),
        "description": _("Register guests' stays with the commune police, even offline."),
        "lang": "vi" if start == "/stays/" else "en",
        "start_url": start,
        "scope": start,
        "id": start,
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": [{"src": static(f"lodging/icons/icon-{size}.png"), "sizes": f"{size}x{size}",
                   "type": "image/png", "purpose": "any maskable"} for size in ICON_SIZES],
    }
