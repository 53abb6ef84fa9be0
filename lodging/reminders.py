"""Reminders by e-mail: the platform tells people what they must do before a deadline.

- Owners get a daily digest (from REMINDER_DIGEST_HOUR, Vietnam time) made of sections,
  each a function named in REMINDER_DIGEST_SECTIONS: guests past their expected
  departure not checked out here; other apps add theirs (the national portal's
  undelivered batches) by appending to the setting.
- The owners of an establishment, and the receptionist who notified, get one notice
  per late notification explaining the rule.
- Other apps add jobs of their own to REMINDER_JOBS (the police app: an e-mail per new
  watchlist alert to the officers who hold the watchlist role).

Each e-mail is sent once: its key goes into the SentReminder ledger (unique) in the same
transaction that sends it, so a failed send is retried and a repeated run sends nothing.
Nobody gets a kind they turned off (ReminderPreference: the settings page or the signed
link in every e-mail, which works signed out). Messages name no guest: rooms, receipt
codes and links behind sign-in only. The worker runs `send_reminders_task` every
REMINDER_INTERVAL_MINUTES, and right after a late notification or a new alert.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django_tasks import task

from lodging.models import (
    Establishment,
    ReminderKind,
    ReminderPreference,
    SentReminder,
    StaffMembership,
    StaffRole,
    Stay,
    StayStatus,
    Submission,
)
from lodging.receipts import public_base_url
from lodging.signals import stays_written

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "lodging.reminders.unsubscribe"
# Late notifications and alerts older than this get no e-mail (a first deployment does not
# mail the whole history).
RECENT = timedelta(days=2)


# --- Preferences and the signed unsubscribe link ------------------------------------

def preference_for(user) -> ReminderPreference:
    """The user's preference, or the defaults (everything on, the site's language)."""
    found = ReminderPreference.objects.filter(user=user).first()
    return found or ReminderPreference(user=user, language=settings.LANGUAGE_CODE)


def set_preference(*, user, language: str, opted_out: Iterable[str]) -> ReminderPreference:
    kinds = set(ReminderKind.values)
    preference, _created = ReminderPreference.objects.update_or_create(
        user=user, defaults={"language": language,
                             "opted_out": sorted(set(opted_out) & kinds)})
    return preference


def opt_out(*, user, kind: str) -> ReminderPreference:
    preference = preference_for(user)
    return set_preference(user=user, language=preference.language,
                          opted_out={*preference.opted_out, kind})


def _is_owner(user) -> bool:
    return StaffMembership.objects.filter(user=user, role=StaffRole.OWNER).exists()


def _is_staff(user) -> bool:
    return StaffMembership.objects.filter(user=user).exists()


# Who each kind is for (other apps add theirs): the settings page offers only these.
AUDIENCES: dict[str, Callable] = {ReminderKind.OWNER_DIGEST: _is_owner,
                                  ReminderKind.LATE_NOTICE: _is_staff}


def kinds_for(user) -> list[str]:
    return [kind for kind in ReminderKind.values
            if (audience := AUDIENCES.get(kind)) is not None and audience(user)]


def unsubscribe_token(user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in ReminderKind.values:
        return None
    return data.get("u"), data["k"]


def absolute(path: str) -> str:
    return urljoin(public_base_url(), path.lstrip("/"))


def url_in(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return absolute(reverse(name, kwargs=kwargs or None))


# --- Sending once -------------------------------------------------------------------

def send_once(*, key: str, kind: str, user, template: str, context: dict,
              now: datetime) -> bool:
    """Send `template` (`<template>_subject.txt` and `_body.txt`) to `user` unless it was
    sent under `key` before, the user has no address or turned this kind off."""
    if not user.is_active or not user.email:
        return False
    preference = preference_for(user)
    if not preference.wants(kind):
        return False
    language = preference.language or settings.LANGUAGE_CODE
    with transaction.atomic():
        try:
            with transaction.atomic():
                SentReminder.objects.create(key=key, kind=kind, user=user, sent_at=now)
        except IntegrityError:
            return False  # sent before (or being sent by another worker right now)
        unsubscribe = url_in(language, "reminders:unsubscribe",
                             token=unsubscribe_token(user, kind))
        with translation.override(language):
            full = {**context, "user": user, "unsubscribe_url": unsubscribe,
                    "settings_url": url_in(language, "reminders:settings")}
            subject = " ".join(render_to_string(f"{template}_subject.txt", full).split())
            body = render_to_string(f"{template}_body.txt", full)
        message = EmailMessage(subject=subject, body=body, to=[user.email],
                               headers={"List-Unsubscribe": f"<{unsubscribe}>",
                                        "Auto-Submitted": "auto-generated"})
        message.send()  # raising rolls the ledger row back: the next run tries again
    return True


# --- The owners' daily digest --------------------------------------------------------

@dataclass
class DigestSection:
    title: str
    lines: list[str] = field(default_factory=list)
    link: str = ""


def overdue_departures_section(owner, establishments: list[Establishment], now: datetime,
                               language: str) -> DigestSection | None:
    """Guests whose expected departure has passed and who are not checked out."""
    stays = (Stay.objects.filter(establishment__in=establishments,
                                 status=StayStatus.REGISTERED, expected_departure__lt=now)
             .select_related("establishment").order_by("establishment__name",
                                                       "expected_departure", "id"))
    lines = [translation.gettext("%(establishment)s, room %(room)s: expected to leave "
                                 "%(departure)s (stay %(code)s) %(url)s") % {
        "establishment": stay.establishment.name, "room": stay.room,
        "departure": timezone.localtime(stay.expected_departure).strftime("%d/%m/%Y %H:%M"),
        "code": stay.receipt_code, "url": url_in(language, "lodging:stay", stay_id=stay.pk)}
        for stay in stays[:200]]
    if not lines:
        return None
    return DigestSection(
        title=translation.gettext("Guests past their expected departure, not checked out "
                                  "(%(count)s)") % {"count": stays.count()},
        lines=lines, link=url_in(language, "lodging:dashboard"))


def digest_sections() -> list[Callable]:
    return [import_string(path) for path in settings.REMINDER_DIGEST_SECTIONS]


def send_owner_digests(now: datetime) -> int:
    local = timezone.localtime(now)
    if local.hour < settings.REMINDER_DIGEST_HOUR:
        return 0
    by_owner: dict[int, list[Establishment]] = {}
    owners = {}
    for membership in (StaffMembership.objects.filter(role=StaffRole.OWNER,
                                                      user__is_active=True)
                       .exclude(user__email="").select_related("user", "establishment")
                       .order_by("establishment__name")):
        owners[membership.user_id] = membership.user
        by_owner.setdefault(membership.user_id, []).append(membership.establishment)
    sections = digest_sections()
    sent = 0
    for user_id, establishments in by_owner.items():
        owner = owners[user_id]
        preference = preference_for(owner)
        if not preference.wants(ReminderKind.OWNER_DIGEST):
            continue
        with translation.override(preference.language):
            found = [section for make in sections
                     if (section := make(owner, establishments, now, preference.language))]
        if not found:
            continue  # nothing to do today: no e-mail
        sent += send_once(key=f"digest:{owner.pk}:{local:%Y-%m-%d}",
                          kind=ReminderKind.OWNER_DIGEST, user=owner,
                          template="lodging/email/digest",
                          context={"sections": found, "day": local.date(),
                                   "establishments": establishments}, now=now)
    return sent


# --- One notice per late notification -------------------------------------------------

def send_late_notices(now: datetime) -> int:
    submissions = (Submission.objects.filter(created_at__gte=now - RECENT,
                                             created_at__lte=now, stays__late=True)
                   .distinct().select_related("establishment", "submitted_by"))
    sent = 0
    for submission in submissions:
        stays = list(submission.stays.order_by("id").only("late", "deadline", "nationality",
                                                          "receipt_code"))
        late = [stay for stay in stays if stay.late]
        recipients = {m.user.pk: m.user for m in StaffMembership.objects.filter(
            establishment=submission.establishment, role=StaffRole.OWNER)
            .select_related("user")}
        if StaffMembership.objects.filter(establishment=submission.establishment,
                                          user=submission.submitted_by).exists():
            recipients[submission.submitted_by.pk] = submission.submitted_by
        for user in recipients.values():
            language = preference_for(user).language
            sent += send_once(
                key=f"late:{submission.pk}:{user.pk}", kind=ReminderKind.LATE_NOTICE,
                user=user, template="lodging/email/late_notice", now=now, context={
                    "submission": submission, "late": len(late), "guests": len(stays),
                    "foreigners": any(stay.nationality != "VNM" for stay in late),
                    "remote": submission.establishment.is_remote,
                    "receipt_url": url_in(language, "lodging:receipt",
                                          code=submission.receipt_code)})
    return sent


# --- Running them ------------------------------------------------------------------

# Each job sends what is due at `now` and returns how many e-mails went out.
REMINDER_JOBS: list[Callable[[datetime], int]] = [send_owner_digests, send_late_notices]


def send_due_reminders(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    counts = {}
    for job in REMINDER_JOBS:
        try:
            counts[job.__name__] = job(now)
        except Exception:  # one failing job (the SMTP server down) does not stop the rest
            logger.exception("reminder job %s failed; it runs again next time", job.__name__)
            counts[job.__name__] = 0
    return counts


@task()
def send_reminders_task(periodic: bool = False) -> dict:
    try:
        return send_due_reminders()
    finally:
        if periodic:
            schedule_periodic(after=timezone.now())


def schedule_periodic(after: datetime | None = None) -> bool:
    """Make sure one periodic run is queued (the worker's schedule); True if one was added.
    Only the database backend can be asked what is queued; others get one every time."""
    after = after or timezone.now()
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the project always installs it
        DBTaskResult = None
    if DBTaskResult is not None and DBTaskResult.objects.filter(
            task_path=send_reminders_task.module_path, status="READY",
            args_kwargs__kwargs__periodic=True).exists():
        return False
    run_after = after + timedelta(minutes=settings.REMINDER_INTERVAL_MINUTES)
    send_reminders_task.using(run_after=run_after).enqueue(periodic=True)
    return True


def remind_soon() -> None:
    """After a commit that made something to tell (a late notification, an alert)."""
    try:
        send_reminders_task.enqueue()
    except Exception:  # the periodic run sends it anyway
        logger.exception("could not enqueue the reminders")


@receiver(stays_written, dispatch_uid="lodging.reminders.after_stay_write")
def after_stay_write(sender, *, stays, now: datetime, **kwargs) -> None:
    """A late notification is told about within minutes of its commit."""
    if any(stay.late for stay in stays):
        transaction.on_commit(remind_soon)
