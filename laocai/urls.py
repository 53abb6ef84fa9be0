from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.page_cache import cache_page
from search import health
from tourism.sitemaps import LocalizedSitemap

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": LocalizedSitemap}}, name="sitemap"),
    path(settings.WAGTAIL_ADMIN_URL, include(wagtailadmin_urls)),
    path(settings.DJANGO_ADMIN_URL, admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("laocai.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

# Wagtail's routes, with its page view behind the anonymous page cache (cms/page_cache.py).
_cached_wagtail_urls = [
    re_path(wagtail_urls.serve_pattern, cache_page(wagtail_views.serve), name="wagtail_serve")
    if pattern.name == "wagtail_serve" else pattern
    for pattern in wagtail_urls.urlpatterns
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Vietnamese pages at /, English under /en/.
# set_language sits inside the language prefix on purpose: the switcher then posts from
# the page's own language, so `next` is resolved in that language and not swallowed by
# Wagtail's catch-all route (which produced /en/en/... URLs).
urlpatterns += i18n_patterns(
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/two-factor/", include("cms.two_factor_urls")),
    path("stays/", include("lodging.urls")),
    path("verify/", include("lodging.verification_urls")),
    path("account/reminders/", include("lodging.reminder_urls")),
    path(settings.POLICE_URL, include("lodging.police.urls")),
    path("search/", include("search.urls")),
    path("", include(_cached_wagtail_urls)),
    prefix_default_language=False,
)
