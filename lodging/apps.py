from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LodgingConfig(AppConfig):
    name = "lodging"
    verbose_name = _("Lodging and stay registration")

    def ready(self):
        # System checks and the receivers of `stays_written` register on import; the
        # index outbox's receiver (lodging.signals) first.
        from lodging import checks, reminders, signals  # noqa: F401
