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
        from lodging import reminders
        from lodging.models import ReminderKind

        # Importing it connects the watchlist to `stays_written`: alerts are written
        # inside the registration's own transaction, mailed after it commits.
        from lodging.police import reminders as police_reminders
        if police_reminders.send_alert_emails not in reminders.REMINDER_JOBS:
            reminders.REMINDER_JOBS.append(police_reminders.send_alert_emails)
        reminders.AUDIENCES[ReminderKind.WATCHLIST_ALERT] = police_reminders.holds_watchlist_role
