from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalConfig(AppConfig):
    """Delivery of stays to the national stay-notification portal, with its ledger."""

    name = "lodging.national"
    label = "national"
    verbose_name = _("National portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lodging import services
        from lodging.national.services import mark_changed_for_resend

        # A stay changed after it left for the portal must be sent again.
        if mark_changed_for_resend not in services.AFTER_WRITE_HOOKS:
            services.AFTER_WRITE_HOOKS.append(mark_changed_for_resend)
