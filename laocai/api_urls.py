"""/api/v1/: every app contributes its own routes; this file only composes them."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from cms.api_auth import ObtainToken


@csrf_exempt  # it changes nothing; a POST to a wrong URL still gets the JSON 404
def api_not_found(request, rest):
    """Unknown API URLs answer in JSON, not with the site's HTML 404 page."""
    return JsonResponse({"detail": _("No such API endpoint.")}, status=404)


urlpatterns = [
    path("auth/token/", ObtainToken.as_view(), name="api-token"),
    path("", include("lodging.api.urls")),
    path("", include("search.api_urls")),
    # [\s\S], not ".": a path holding an encoded newline must not fall through to HTML.
    re_path(r"^(?P<rest>[\s\S]*)$", api_not_found, name="api-not-found"),
]
