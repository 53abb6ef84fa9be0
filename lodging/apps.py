from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LodgingConfig(AppConfig):
    name = "lodging"
    verbose_name = _("Lodging and stay registration")

    def ready(self):
        from lodging import checks, reminders, services  # noqa: F401 (checks register)

        # A late notification is told about right after its commit.
        if reminders.after_stay_write not in services.AFTER_WRITE_HOOKS:
            services.AFTER_WRITE_HOOKS.append(reminders.after_stay_write)
