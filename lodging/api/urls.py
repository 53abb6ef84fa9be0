"""Routes of the PMS API under /api/v1/ (included from laocai/api_urls.py)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from lodging.api.receipts import ReceiptPdfView, ReceiptProofView
from lodging.api.scan import ScanView
from lodging.api.views import StayViewSet
from lodging.national.api import NationalBatchViewSet
from lodging.police.api import PoliceStayList, PoliceStaySearch

router = SimpleRouter()
router.register("stays", StayViewSet, basename="api-stays")
router.register("national/batches", NationalBatchViewSet, basename="api-national-batches")

urlpatterns = router.urls
urlpatterns += [
    path("scan/", ScanView.as_view(), name="api-scan"),
    path("police/stays/", PoliceStayList.as_view(), name="api-police-stays"),
    path("police/stays/search/", PoliceStaySearch.as_view(), name="api-police-stays-search"),
    path("stays/receipts/<str:code>/pdf", ReceiptPdfView.as_view(), name="api-receipt-pdf"),
    path("receipts/<str:code>/", ReceiptProofView.as_view(), name="api-receipt-proof"),
]
