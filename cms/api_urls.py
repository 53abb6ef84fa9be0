"""/api/v1/: every app contributes its own routes; this file only composes them."""

from django.urls import include, path

from cms.api_auth import ObtainToken

urlpatterns = [
    path("auth/token/", ObtainToken.as_view(), name="api-token"),
    path("", include("lodging.api_urls")),
    path("", include("search.api_urls")),
]
