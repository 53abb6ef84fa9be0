from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        # Signal receivers: synonym cache invalidation and index outbox hooks.
        from search import signals, synonyms  # noqa: F401
