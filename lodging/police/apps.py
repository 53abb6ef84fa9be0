from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliceConfig(AppConfig):
    """Police review of stays: jurisdiction, audit log, watchlist, statistics.

    A Django app of its own inside `lodging/` so its models and migrations evolve apart
    from the registration models, while the code stays beside the stays it reads.
    """

    name = "lodging.police"
    label = "police"
    verbose_name = _("Police review")

    def ready(self):
        from lodging import reminders, services
        from lodging.models import ReminderKind
        from lodging.police import reminders as police_reminders

        # Alerts are written inside the registration's own transaction (and mailed to the
        # watchlist officers after it commits).
        if police_reminders.match_watchlist_and_tell not in services.AFTER_WRITE_HOOKS:
            services.AFTER_WRITE_HOOKS.append(police_reminders.match_watchlist_and_tell)
        if police_reminders.send_alert_emails not in reminders.REMINDER_JOBS:
            reminders.REMINDER_JOBS.append(police_reminders.send_alert_emails)
        reminders.AUDIENCES[ReminderKind.WATCHLIST_ALERT] = police_reminders.holds_watchlist_role
