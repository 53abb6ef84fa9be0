"""Public search API routes; included under /api/v1/ by laocai/api_urls.py."""

from django.urls import path

from search.api import SearchAPIView, SuggestAPIView

urlpatterns = [
    path("search/", SearchAPIView.as_view(), name="api-search"),
    path("search/suggest/", SuggestAPIView.as_view(), name="api-search-suggest"),
]
