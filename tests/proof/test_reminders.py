"""Reminders that arrive: each once, at the right time, to the right people, never to
those who turned them off, and never with a guest's identity in them."""

import re
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lodging import reminders
from lodging.deadlines import VIETNAM_TZ
from lodging.models import ReminderKind, SentReminder, StaffRole, Stay
from lodging.police.models import PoliceRole, WatchlistAlert
from lodging.police.watchlist import add_watchlist_entry
from lodging.services import checkout_stay, register_stays
from tests.auth import sign_in
from tests.lodging.conftest import make_staff, vietnamese_guest
from tests.police.conftest import make_officer

pytestmark = pytest.mark.django_db


def at(hour, minute=0, days=0):
    """A moment of today in Vietnam's time."""
    today = timezone.localdate() + timedelta(days=days)
    return datetime(today.year, today.month, today.day, hour, minute, tzinfo=VIETNAM_TZ)


@pytest.fixture
def owner(django_user_model, homestay):
    user = make_staff(django_user_model, "chu-nha", homestay, role=StaffRole.OWNER)
    user.email = "owner@example.vn"
    user.save()
    return user


@pytest.fixture
def receptionist_with_email(receptionist):
    receptionist.email = "mai@example.vn"
    receptionist.save()
    return receptionist


def identity_values(stays) -> list[str]:
    values = []
    for stay in stays:
        values += [stay.full_name, stay.document_number, stay.date_of_birth.isoformat(),
                   stay.date_of_birth.strftime("%d/%m/%Y")]
    return values


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def overdue_stay(user, establishment, **overrides):
    """A guest who arrived two days ago and was expected to leave this morning."""
    now = timezone.now()
    guest = vietnamese_guest(arrival=now - timedelta(days=2), **overrides)
    guest["expected_departure"] = now - timedelta(hours=3)
    return register_stays(user=user, establishment=establishment, guests=[guest],
                          now=now - timedelta(days=2) + timedelta(hours=1)).stays.get()


# --- The owners' daily digest ------------------------------------------------------

def test_an_owner_gets_one_digest_a_day_of_guests_past_departure(owner, receptionist,
                                                                  homestay, settings):
    # Only this section: the checked-out guest is still owed to the national portal.
    settings.REMINDER_DIGEST_SECTIONS = ["lodging.reminders.overdue_departures_section"]
    stay = overdue_stay(receptionist, homestay)
    mail.outbox.clear()
    assert reminders.send_owner_digests(at(6, 59, days=1)) == 0  # before the hour
    assert reminders.send_owner_digests(at(7, 0, days=1)) == 1
    assert reminders.send_owner_digests(at(9, 0, days=1)) == 0  # once a day
    [message] = mails_to("owner@example.vn")
    assert stay.receipt_code in message.body and "phòng 101" in message.body
    assert f"/stays/{stay.pk}/" in message.body
    assert "Khách đã quá ngày dự kiến đi" in message.body  # Vietnamese by default
    assert not [value for value in identity_values([stay]) if value in message.body
                or value in message.subject]
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    # The next day it comes again, as long as the guest is not checked out.
    assert reminders.send_owner_digests(at(7, 30, days=2)) == 1
    checkout_stay(user=receptionist, stay=stay)
    assert reminders.send_owner_digests(at(7, 30, days=3)) == 0
    assert SentReminder.objects.filter(kind=ReminderKind.OWNER_DIGEST).count() == 2


def test_the_digest_goes_to_owners_only_and_only_for_their_establishments(
        owner, receptionist_with_email, homestay, other_hotel, other_receptionist,
        django_user_model):
    other_owner = make_staff(django_user_model, "chu-khac", other_hotel, role=StaffRole.OWNER)
    other_owner.email = "other@example.vn"
    other_owner.save()
    mine = overdue_stay(receptionist_with_email, homestay)
    mail.outbox.clear()
    assert reminders.send_owner_digests(at(8, days=1)) == 1  # the other owner has nothing
    [message] = mail.outbox
    assert message.to == ["owner@example.vn"]
    assert mine.receipt_code in message.body


def test_an_owner_who_opted_out_gets_no_digest_and_english_readers_get_english(
        owner, receptionist, homestay, django_user_model):
    overdue_stay(receptionist, homestay)
    second = make_staff(django_user_model, "chu-2", homestay, role=StaffRole.OWNER)
    second.email = "second@example.vn"
    second.save()
    reminders.opt_out(user=owner, kind=ReminderKind.OWNER_DIGEST)
    reminders.set_preference(user=second, language="en", opted_out=[])
    mail.outbox.clear()
    assert reminders.send_owner_digests(at(8, days=1)) == 1
    [message] = mail.outbox
    assert message.to == ["second@example.vn"]
    assert "Guests past their expected departure" in message.body
    assert "/en/account/reminders/unsubscribe/" in message.body


def test_the_digest_counts_guests_not_yet_on_the_national_portal(owner, receptionist,
                                                                    homestay):
    from lodging.national import services as national_services

    stay = overdue_stay(receptionist, homestay)
    mail.outbox.clear()
    assert reminders.send_owner_digests(at(7, 0, days=1)) == 1
    [message] = mails_to("owner@example.vn")
    assert "Chưa khai báo lên Cổng quốc gia" in message.body
    assert "1 khách chưa có trên Cổng quốc gia" in message.body
    assert "/stays/national/" in message.body
    assert not [value for value in identity_values([stay]) if value in message.body]

    # Exported: no guest waits any more, but the batch is not proven until reconciled.
    batch = national_services.create_batch(
        user=owner, establishment=homestay, kind="vn",
        date_from=timezone.localtime(stay.arrival).date(), date_to=timezone.localdate())
    mail.outbox.clear()
    assert reminders.send_owner_digests(at(7, 0, days=2)) == 1
    [message] = mails_to("owner@example.vn")
    assert "0 khách chưa có" in message.body and "1 lô đã xuất" in message.body
    national_services.reconcile_batch(user=owner, batch=batch, seen=1)
    mail.outbox.clear()
    reminders.send_owner_digests(at(7, 0, days=3))
    assert all("Cổng quốc gia" not in message.body for message in mails_to("owner@example.vn"))


def test_the_digest_is_made_of_pluggable_sections(owner, homestay, settings):
    settings.REMINDER_DIGEST_SECTIONS = [
        "lodging.reminders.overdue_departures_section",
        "tests.proof.test_reminders.national_batches_section"]
    mail.outbox.clear()
    assert reminders.send_owner_digests(at(8, days=1)) == 1
    assert "Undelivered national-portal batches (1)" in mail.outbox[0].body
    assert "SAPA-0001" in mail.outbox[0].body


def national_batches_section(owner, establishments, now, language):
    return reminders.DigestSection(title="Undelivered national-portal batches (1)",
                                   lines=[e.code for e in establishments])


# --- One notice per late notification -------------------------------------------------

def test_a_late_notification_gets_one_notice_to_owner_and_receptionist(
        owner, receptionist_with_email, homestay, other_receptionist, django_user_model,
        django_capture_on_commit_callbacks):
    now = timezone.now()
    on_time = register_stays(user=receptionist_with_email, establishment=homestay,
                             guests=[vietnamese_guest(document_number="010090000001")],
                             now=now - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        late = register_stays(user=receptionist_with_email, establishment=homestay, guests=[
            vietnamese_guest(arrival=now - timedelta(days=2), room="305")], now=now)
    assert late.stays.get().late and not on_time.stays.get().late
    # The registration's commit queued the worker's run.
    assert DBTaskResult.objects.filter(task_path__endswith="send_reminders_task").exists()
    mail.outbox.clear()
    assert reminders.send_late_notices(now + timedelta(minutes=1)) == 2
    assert reminders.send_late_notices(now + timedelta(minutes=20)) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["mai@example.vn", "owner@example.vn"]
    message = mails_to("owner@example.vn")[0]
    assert late.receipt_code in message.subject
    assert "trước 23 giờ của ngày đến" in message.body and "282/2025" in message.body
    assert f"/stays/receipts/{late.receipt_code}/" in message.body
    assert on_time.receipt_code not in message.body
    assert not [v for v in identity_values(late.stays.all()) if v in message.body]
    assert not mails_to("tuan")


def test_the_late_notice_goes_to_the_owners_and_who_notified_not_to_every_colleague(
        owner, receptionist_with_email, homestay, django_user_model):
    # The rule: the owners answer for the establishment (the fine is theirs) and the one
    # who notified late learns the rule; a colleague who had nothing to do with it does
    # not get the establishment's notice.
    colleague = make_staff(django_user_model, "lan", homestay)
    colleague.email = "lan@example.vn"
    colleague.save()
    now = timezone.now()
    late = register_stays(user=receptionist_with_email, establishment=homestay, guests=[
        vietnamese_guest(arrival=now - timedelta(days=2))], now=now)
    mail.outbox.clear()
    assert reminders.send_late_notices(now) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["mai@example.vn", "owner@example.vn"]
    assert not mails_to("lan@example.vn")
    assert SentReminder.objects.filter(user=colleague).count() == 0
    # When the colleague is the one who notifies late, the notice is theirs.
    mail.outbox.clear()
    theirs = register_stays(user=colleague, establishment=homestay, guests=[
        vietnamese_guest(document_number="010090000077", room="202",
                         arrival=now - timedelta(days=2))], now=now)
    assert reminders.send_late_notices(now) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["lan@example.vn", "owner@example.vn"]
    assert all(theirs.receipt_code in m.subject for m in mail.outbox)
    assert all(late.receipt_code not in m.subject for m in mail.outbox)


def test_late_notifications_older_than_the_recency_window_send_nothing(
        owner, receptionist_with_email, homestay):
    then = timezone.now() - reminders.RECENT - timedelta(minutes=5)
    register_stays(user=receptionist_with_email, establishment=homestay, guests=[
        vietnamese_guest(arrival=then - timedelta(days=2))], now=then)
    mail.outbox.clear()
    # A first run (a new deployment, a worker down for days) does not mail old history.
    assert reminders.send_late_notices(timezone.now()) == 0
    assert mail.outbox == [] and not SentReminder.objects.exists()
    # Within the window it would have gone (the same notification, seen in time).
    assert reminders.send_late_notices(then + reminders.RECENT - timedelta(minutes=1)) == 2


def test_a_receptionist_who_opted_out_gets_no_late_notice(
        owner, receptionist_with_email, homestay):
    reminders.opt_out(user=receptionist_with_email, kind=ReminderKind.LATE_NOTICE)
    now = timezone.now()
    register_stays(user=receptionist_with_email, establishment=homestay, guests=[
        vietnamese_guest(arrival=now - timedelta(days=2))], now=now)
    mail.outbox.clear()
    assert reminders.send_late_notices(now) == 1
    assert [m.to for m in mail.outbox] == [["owner@example.vn"]]


def test_a_failed_send_is_tried_again(owner, receptionist, homestay, settings):
    now = timezone.now()
    register_stays(user=receptionist, establishment=homestay, guests=[
        vietnamese_guest(arrival=now - timedelta(days=2))], now=now)
    settings.EMAIL_BACKEND = "tests.proof.test_reminders.BrokenBackend"
    assert reminders.send_due_reminders(now)["send_late_notices"] == 0
    assert not SentReminder.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    assert reminders.send_due_reminders(now)["send_late_notices"] == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


# --- Watchlist alerts ------------------------------------------------------------------

def test_watchlist_officers_of_the_commune_get_one_email_per_alert_without_personal_data(
        receptionist, homestay, django_user_model, django_capture_on_commit_callbacks):
    sapa = make_officer(django_user_model, "ca-sapa", PoliceRole.COMMUNE_OFFICER, "Sa Pa",
                        watchlist=True)
    plain = make_officer(django_user_model, "ca-sapa-2", PoliceRole.COMMUNE_OFFICER, "Sa Pa")
    bacha = make_officer(django_user_model, "ca-bacha", PoliceRole.COMMUNE_OFFICER, "Bắc Hà",
                         watchlist=True)
    province = make_officer(django_user_model, "ca-tinh", PoliceRole.PROVINCIAL_OFFICER,
                            watchlist=True)
    for user in (sapa, plain, bacha, province):
        user.email = f"{user.username}@police.example.vn"
        user.save()
    reminders.opt_out(user=province, kind=ReminderKind.WATCHLIST_ALERT)
    guest = vietnamese_guest()
    add_watchlist_entry(user=sapa, document_type="cccd",
                        document_number=guest["document_number"], reason="Cần xác minh")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submission = register_stays(user=receptionist, establishment=homestay, guests=[guest])
    assert callbacks  # the alert's commit queued the run
    alert = WatchlistAlert.objects.get()
    mail.outbox.clear()
    counts = reminders.send_due_reminders(timezone.now())
    assert counts["send_alert_emails"] == 1
    assert reminders.send_due_reminders(timezone.now())["send_alert_emails"] == 0
    [message] = mail.outbox
    assert message.to == ["ca-sapa@police.example.vn"]
    assert f"/police/alerts/#alert-{alert.pk}" in message.body
    text = message.subject + message.body
    assert not [v for v in identity_values(submission.stays.all()) if v in text]
    assert "Cần xác minh" not in text and homestay.name not in text
    # The link is behind the police sign-in.
    response = Client().get("/police/alerts/")
    assert response.status_code == 302 and "/police/login/" in response["Location"]


def test_a_provincial_watchlist_officer_gets_the_alert_and_officers_without_the_role_do_not(
        receptionist, homestay, django_user_model):
    province = make_officer(django_user_model, "ca-tinh", PoliceRole.PROVINCIAL_OFFICER,
                            watchlist=True)
    province_plain = make_officer(django_user_model, "ca-tinh-2",
                                  PoliceRole.PROVINCIAL_OFFICER)
    elsewhere = make_officer(django_user_model, "ca-bacha", PoliceRole.COMMUNE_OFFICER,
                             "Bắc Hà", watchlist=True)
    for user in (province, province_plain, elsewhere):
        user.email = f"{user.username}@police.example.vn"
        user.save()
    guest = vietnamese_guest()
    add_watchlist_entry(user=province, document_type="cccd",
                        document_number=guest["document_number"], reason="Cần xác minh")
    register_stays(user=receptionist, establishment=homestay, guests=[guest])
    alert = WatchlistAlert.objects.get()
    mail.outbox.clear()
    assert reminders.send_due_reminders(timezone.now())["send_alert_emails"] == 1
    [message] = mail.outbox
    assert message.to == ["ca-tinh@police.example.vn"]
    assert f"/police/alerts/#alert-{alert.pk}" in message.body
    # An alert older than the recency window is not mailed (a first run, a worker down).
    WatchlistAlert.objects.filter(pk=alert.pk).update(
        created_at=timezone.now() - reminders.RECENT - timedelta(minutes=1))
    SentReminder.objects.all().delete()
    mail.outbox.clear()
    assert reminders.send_due_reminders(timezone.now())["send_alert_emails"] == 0


# --- Opting out -----------------------------------------------------------------------

def test_the_unsubscribe_link_works_signed_out(owner, receptionist, homestay):
    overdue_stay(receptionist, homestay)
    mail.outbox.clear()
    reminders.send_owner_digests(at(8, days=1))
    link = re.search(r"https?://\S+/account/reminders/unsubscribe/\S+/", mail.outbox[0].body)
    path = "/" + link.group(0).split("/", 3)[3]
    client = Client()
    page = client.get(path)
    assert page.status_code == 200
    assert reminders.preference_for(owner).wants(ReminderKind.OWNER_DIGEST)  # GET asks only
    done = client.post(path)
    assert done.status_code == 200 and "Đã xong" in done.content.decode()
    assert not reminders.preference_for(owner).wants(ReminderKind.OWNER_DIGEST)
    assert reminders.preference_for(owner).wants(ReminderKind.LATE_NOTICE)
    mail.outbox.clear()
    assert reminders.send_owner_digests(at(8, days=2)) == 0
    # A tampered token is refused.
    assert client.get(path[:-3] + "xx/").status_code == 404


def test_the_settings_page_turns_kinds_on_and_off(owner):
    client = sign_in(Client(), owner)
    page = client.get("/account/reminders/")
    assert page.status_code == 200 and "owner@example.vn" in page.content.decode()
    response = client.post("/account/reminders/", {
        "language": "en", "wanted": [ReminderKind.LATE_NOTICE]})
    assert response.status_code == 302
    preference = reminders.preference_for(owner)
    assert preference.language == "en"
    assert not preference.wants(ReminderKind.OWNER_DIGEST)
    assert preference.wants(ReminderKind.LATE_NOTICE)
    assert Client().get("/account/reminders/").status_code == 302  # sign-in first


# --- The worker's schedule ------------------------------------------------------------

def test_the_worker_runs_the_reminders_periodically(settings):
    settings.REMINDER_INTERVAL_MINUTES = 15
    assert reminders.schedule_periodic() is True
    assert reminders.schedule_periodic() is False  # one queued run is enough
    queued = DBTaskResult.objects.get(task_path__endswith="send_reminders_task")
    assert queued.args_kwargs["kwargs"] == {"periodic": True}
    assert queued.run_after > timezone.now() + timedelta(minutes=14)
    # Running it sends what is due and queues the next one.
    queued.delete()
    reminders.send_reminders_task.call(periodic=True)
    assert DBTaskResult.objects.filter(task_path__endswith="send_reminders_task",
                                       status="READY").count() == 1


def test_the_command_sends_and_schedules(owner, receptionist, homestay):
    from django.core.management import call_command

    overdue_stay(receptionist, homestay)
    mail.outbox.clear()
    call_command("send_reminders")
    assert DBTaskResult.objects.filter(task_path__endswith="send_reminders_task").exists()
    assert Stay.objects.exists()
