"""/api/v1/: every app contributes its own routes; this file only composes them."""

from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("", include("lodging.api_urls")),
    path("", include("search.api_urls")),
]
