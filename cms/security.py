"""The Content Security Policy, with a looser variant for the two admin interfaces.

The public site, the hotel UI and the police pages run only our own scripts and styles.
Wagtail's and Django's admin ship inline scripts and style attributes, so under their URL
prefixes the policy also allows inline code; they are reachable only by signed-in staff
who have passed two-factor authentication where it is required.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import ngettext

ADMIN_POLICY_UPDATE = {
    "script-src": [UNSAFE_INLINE],
    "style-src": [UNSAFE_INLINE],
    "frame-src": [SELF],  # Wagtail's live preview shows the page in an iframe
    "img-src": ["blob:"],  # image upload previews
}

# The preview iframe shows an admin URL inside the admin.
ADMIN_POLICY_REPLACE = {"frame-ancestors": [SELF]}


def admin_prefixes() -> tuple[str, ...]:
    return tuple("/" + prefix.strip("/") + "/"
                 for prefix in (settings.WAGTAIL_ADMIN_URL, settings.DJANGO_ADMIN_URL))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and getattr(request, "is_dummy", False):
            # Wagtail renders a preview by passing a made-up request for the page's public
            # URL through the middleware; the admin shows that response in its iframe.
            parts.replace = {**ADMIN_POLICY_REPLACE, **(parts.replace or {})}
        elif not report_only and request.path_info.startswith(admin_prefixes()):
            # The inline allowance only works without a nonce (a nonce makes browsers
            # ignore 'unsafe-inline'), so admin responses carry none.
            parts.update = {**ADMIN_POLICY_UPDATE, **(parts.update or {})}
            parts.replace = {**ADMIN_POLICY_REPLACE, **(parts.replace or {})}
            parts.nonce = None
        return parts


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: 429, in the user's language."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": ngettext(
            "Too many failed sign-ins: try again in %(minutes)d minute.",
            "Too many failed sign-ins: try again in %(minutes)d minutes.",
            minutes) % {"minutes": minutes}}, status=429)
    return render(request, "cms/locked_out.html", {"cooloff_minutes": minutes}, status=429)


# Browser features no page of ours uses are refused to it and to anything it embeds; the
# hotel UI may use the camera of its own origin (scanning ID cards and passports).
PERMISSIONS_POLICY_DENIED = ("accelerometer", "camera", "display-capture", "geolocation",
                             "gyroscope", "magnetometer", "microphone", "midi", "payment",
                             "usb", "serial", "hid", "bluetooth", "browsing-topics")
CAMERA_PREFIXES = ("stays/",)


def permissions_policy(camera: bool) -> str:
    return ", ".join(f"{feature}=(self)" if camera and feature == "camera" else f"{feature}=()"
                     for feature in PERMISSIONS_POLICY_DENIED)


def _without_language(path: str) -> str:
    """`/en/police/search/` → `police/search/` (pages live under a language prefix)."""
    path = path.lstrip("/")
    for code, _name in settings.LANGUAGES:
        if path.startswith(f"{code}/"):
            return path[len(code) + 1:]
    return path


def personal_data_prefixes() -> tuple[str, ...]:
    """Where answers carry personal data (or credentials): never stored by a browser or
    a shared cache."""
    return (settings.POLICE_URL.strip("/") + "/", "stays/", "account/",
            settings.DJANGO_ADMIN_URL.strip("/") + "/", settings.WAGTAIL_ADMIN_URL.strip("/") + "/",
            "api/v1/stays/", "api/v1/police/", "api/v1/national/", "api/v1/scan/",
            "api/v1/auth/")


class PrivacyHeadersMiddleware:
    """`Permissions-Policy` on every answer; `Cache-Control: no-store` (with Django's
    never-cache set) on every answer under the staff, police, account, admin and
    personal-data API prefixes, so that a shared computer's back button, disk cache or a
    proxy keeps no guest's identity."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policies = {True: permissions_policy(camera=True),
                         False: permissions_policy(camera=False)}

    def __call__(self, request):
        response = self.get_response(request)
        path = _without_language(request.path_info)
        response.headers.setdefault(
            "Permissions-Policy", self.policies[path.startswith(CAMERA_PREFIXES)])
        if path.startswith(personal_data_prefixes()):
            add_never_cache_headers(response)
        return response
