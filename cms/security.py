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
