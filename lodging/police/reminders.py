"""An e-mail per new watchlist alert to the officers who hold the watchlist role and
whose jurisdiction the alert is in. It says only that there is an alert, with a link
behind the police sign-in: never who, where or why."""

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver

from lodging import reminders
from lodging.models import ReminderKind
from lodging.police.models import PoliceOfficer, PoliceRole, WatchlistAlert
from lodging.police.watchlist import match_watchlist
from lodging.signals import stays_written


def holds_watchlist_role(user) -> bool:
    return PoliceOfficer.objects.filter(user=user, can_manage_watchlist=True).exists()


def watchlist_officers_for(alert: WatchlistAlert) -> list:
    commune_id = alert.stay.establishment.commune_id
    officers = (PoliceOfficer.objects.filter(can_manage_watchlist=True, user__is_active=True)
                .filter(Q(role=PoliceRole.PROVINCIAL_OFFICER)
                        | Q(role=PoliceRole.COMMUNE_OFFICER, commune_id=commune_id))
                .exclude(user__email="").select_related("user"))
    return [officer.user for officer in officers]


def send_alert_emails(now: datetime) -> int:
    alerts = (WatchlistAlert.objects
              .filter(created_at__gte=now - reminders.RECENT, created_at__lte=now)
              .select_related("stay__establishment").order_by("created_at", "id"))
    sent = 0
    for alert in alerts:
        for user in watchlist_officers_for(alert):
            language = reminders.preference_for(user).language
            sent += reminders.send_once(
                key=f"alert:{alert.pk}:{user.pk}", kind=ReminderKind.WATCHLIST_ALERT,
                user=user, template="police/email/alert", now=now, context={
                    "alert_id": alert.pk, "raised_at": alert.created_at,
                    "alerts_url": reminders.url_in(language, "police:alerts")
                    + f"#alert-{alert.pk}"})
    return sent


@receiver(stays_written, dispatch_uid="police.match_watchlist_and_tell")
def match_watchlist_and_tell(sender, *, stays, now: datetime, **kwargs
                             ) -> list[WatchlistAlert]:
    """Raise the alerts in the write's own transaction, and have them mailed to the
    watchlist officers within minutes of its commit."""
    alerts = match_watchlist(stays, now=now)
    if alerts:
        transaction.on_commit(reminders.remind_soon)
    return alerts
