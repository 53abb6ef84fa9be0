"""Routes of the PMS API under /api/v1/ (included from cms/api_urls.py)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from lodging.api.receipts import ReceiptPdfView, ReceiptProofView
from lodging.api.views import StayViewSet
from lodging.police.api import PoliceStayList

router = SimpleRouter()
router.register("stays", StayViewSet, basename="api-stays")

urlpatterns = router.urls
urlpatterns.append(path("police/stays/", PoliceStayList.as_view(), name="api-police-stays"))
urlpatterns += [
    path("stays/receipts/<str:code>/pdf", ReceiptPdfView.as_view(), name="api-receipt-pdf"),
    path("receipts/<str:code>/", ReceiptProofView.as_view(), name="api-receipt-proof"),
]
