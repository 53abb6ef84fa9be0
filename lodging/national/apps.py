from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalConfig(AppConfig):
    """Delivery of stays to the national stay-notification portal, with its ledger."""

    name = "lodging.national"
    label = "national"
    verbose_name = _("National portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connects `mark_changed_for_resend` to `stays_written` (a stay changed after it
        # left for the portal must be sent again) and registers the transport's checks.
        from lodging.national import services, system_checks  # noqa: F401
