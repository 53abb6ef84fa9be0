"""The real site's routes plus the baseline endpoint; bench settings only."""

from django.urls import path

from bench.baseline.api import BaselineStayCreate
from laocai.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("bench/baseline/stays/", BaselineStayCreate.as_view(), name="bench-baseline-stays"),
    *site_urlpatterns,
]
