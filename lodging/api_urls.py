"""Routes of the PMS API under /api/v1/ (included from cms/api_urls.py)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from lodging.api.views import StayViewSet
from lodging.national.api import NationalBatchViewSet
from lodging.police.api import PoliceStayList

router = SimpleRouter()
router.register("stays", StayViewSet, basename="api-stays")
router.register("national/batches", NationalBatchViewSet, basename="api-national-batches")

urlpatterns = router.urls
urlpatterns.append(path("police/stays/", PoliceStayList.as_view(), name="api-police-stays"))
