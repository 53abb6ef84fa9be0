from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site and administrative units")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms import exports, fragment_cache, page_cache

        page_cache.connect_signals()
        fragment_cache.connect_signals()
        exports.guard_wagtail_exports()
