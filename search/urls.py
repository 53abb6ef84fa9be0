"""The /search/ page; included under i18n_patterns by laocai/urls.py."""

from django.urls import path

from search import views

app_name = "search"
urlpatterns = [path("", views.search_page, name="page")]
