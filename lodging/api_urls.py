"""Routes of the PMS API under /api/v1/ (included from cms/api_urls.py)."""

from rest_framework.routers import SimpleRouter

from lodging.api.views import StayViewSet

router = SimpleRouter()
router.register("stays", StayViewSet, basename="api-stays")

urlpatterns = router.urls
