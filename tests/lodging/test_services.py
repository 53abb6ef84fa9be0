"""Registering, checking out, extending, correcting and cancelling stays."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from cms.bulk import COPY_FROM
from lodging import services
from lodging.models import EstablishmentStatus, Stay, StayHistory, StayStatus, Submission
from lodging.services import RegistrationError
from search.models import IndexOutbox
from tests.lodging.conftest import french_guest, vietnamese_guest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def register(user, establishment, *guests, **kwargs):
    return services.register_stays(user=user, establishment=establishment,
                                   guests=list(guests), **kwargs)


def test_a_receptionist_registers_a_family_in_one_notification(receptionist, homestay):
    submission = register(receptionist, homestay,
                          vietnamese_guest(),
                          vietnamese_guest(full_name="Lò Thị Mai", sex="F",
                                           document_number="010301000001",
                                           date_of_birth=timezone.localdate().replace(
                                               year=2001, month=7, day=2)),
                          french_guest())
    stays = list(submission.stays.order_by("id"))
    assert len(stays) == 3
    assert [s.receipt_code for s in stays] == [f"{submission.receipt_code}-{n}" for n in (1, 2, 3)]
    assert submission.receipt_code.startswith("LC-")
    assert all(s.status == StayStatus.REGISTERED and not s.late for s in stays)
    assert stays[0].full_name_folded == "nguyen van an"
    assert stays[2].deadline - stays[2].arrival == timedelta(hours=12)
    assert StayHistory.objects.filter(action="registered").count() == 3


def test_every_bad_row_is_reported_and_nothing_is_saved(receptionist, homestay):
    with pytest.raises(RegistrationError) as raised:
        register(receptionist, homestay, vietnamese_guest(),
                 vietnamese_guest(document_number="123", room=""),
                 french_guest(visa_number=""))
    errors = {(e.row, e.field) for e in raised.value.errors}
    assert errors == {(1, "document_number"), (1, "room"), (2, "visa_number")}
    assert Stay.objects.count() == 0 and Submission.objects.count() == 0


def test_the_same_document_cannot_have_two_overlapping_open_stays(
        receptionist, homestay, other_receptionist, other_hotel):
    register(receptionist, homestay, vietnamese_guest())
    with pytest.raises(RegistrationError) as here:
        register(receptionist, homestay, vietnamese_guest(room="202"))
    assert "room 101" in here.value.errors[0].message
    with pytest.raises(RegistrationError) as elsewhere:
        register(other_receptionist, other_hotel, vietnamese_guest())
    message = elsewhere.value.errors[0].message
    assert "another establishment" in message
    assert "Homestay" not in message and "SAPA" not in message  # no hint where
    assert Stay.objects.count() == 1


def test_overlaps_inside_one_batch_are_rejected(receptionist, homestay):
    with pytest.raises(RegistrationError) as raised:
        register(receptionist, homestay, vietnamese_guest(), vietnamese_guest(room="102"))
    assert raised.value.errors[0].row == 1
    assert "row 1" in raised.value.errors[0].message


def test_one_overlap_in_a_big_batch_refuses_the_whole_batch(receptionist, homestay):
    # The overlap check runs as one query for the whole batch: the clash on the last row
    # must still be found, named on its own row, and nothing of the batch saved.
    register(receptionist, homestay, vietnamese_guest(document_number="010090000050"))
    guests = [vietnamese_guest(document_number=f"0100900000{n:02d}", room=str(200 + n))
              for n in range(51)]
    with pytest.raises(RegistrationError) as raised:
        register(receptionist, homestay, *guests)
    assert [(e.row, e.field) for e in raised.value.errors] == [(50, "document_number")]
    assert "room 101" in raised.value.errors[0].message
    assert Stay.objects.count() == 1 and Submission.objects.count() == 1


def test_a_stay_inside_the_batch_span_but_not_the_rows_dates_is_no_overlap(
        receptionist, homestay):
    now = timezone.now()
    earlier = register(receptionist, homestay, vietnamese_guest(
        arrival=now - timedelta(days=5), expected_departure=now - timedelta(days=3)))
    assert earlier.stays.get().is_open
    # Row 0 reaches back before that stay (the batch's span covers it), row 1 is the same
    # guest after it: only an overlap of the row's own dates counts.
    submission = register(receptionist, homestay,
                          vietnamese_guest(document_number="010090654321",
                                           arrival=now - timedelta(days=6)),
                          vietnamese_guest(room="102", arrival=now - timedelta(days=2)))
    assert submission.stays.count() == 2


def test_after_checkout_the_guest_can_stay_again(receptionist, homestay):
    stay = register(receptionist, homestay, vietnamese_guest()).stays.get()
    services.checkout_stay(user=receptionist, stay=stay)
    again = register(receptionist, homestay, vietnamese_guest(
        arrival=timezone.now(), room="303")).stays.get()
    assert again.status == StayStatus.REGISTERED


@pytest.mark.parametrize(("overrides", "field", "fragment"), [
    ({"arrival": timezone.now() + timedelta(hours=2)}, "arrival", "in the future"),
    ({"arrival": timezone.now() - timedelta(days=8)}, "arrival", "more than 7 days"),
    ({"expected_departure": timezone.now() - timedelta(hours=2)}, "expected_departure",
     "after the arrival"),
])
def test_stay_dates_are_checked(receptionist, homestay, overrides, field, fragment):
    with pytest.raises(RegistrationError) as raised:
        register(receptionist, homestay, vietnamese_guest(**overrides))
    assert [(e.field, fragment in e.message) for e in raised.value.errors] == [(field, True)]


def test_a_suspended_establishment_is_told_why(receptionist, homestay):
    homestay.status = EstablishmentStatus.SUSPENDED
    homestay.suspension_reason = "Giấy phép hết hạn"
    homestay.save()
    with pytest.raises(RegistrationError) as raised:
        register(receptionist, homestay, vietnamese_guest())
    assert "suspended" in raised.value.errors[0].message
    assert "Giấy phép hết hạn" in raised.value.errors[0].message


def test_staff_of_another_establishment_cannot_register_or_change_here(
        receptionist, homestay, other_receptionist):
    with pytest.raises(RegistrationError):
        register(other_receptionist, homestay, vietnamese_guest())
    stay = register(receptionist, homestay, vietnamese_guest()).stays.get()
    with pytest.raises(PermissionError):
        services.checkout_stay(user=other_receptionist, stay=stay)
    with pytest.raises(PermissionError):
        services.correct_stay(user=other_receptionist, stay=stay,
                              changes={"room": "999"}, reason="x")


def test_a_qr_scan_fills_the_identity(receptionist, homestay):
    qr = "010090123456|123456789|Nguyễn Văn An|17051990|Nam|Phường Sa Pa, Lào Cai|01072021"
    guest = {k: v for k, v in vietnamese_guest().items()
             if k in ("room", "arrival", "expected_departure")}
    stay = register(receptionist, homestay, {**guest, "qr": qr}).stays.get()
    assert (stay.full_name, stay.document_number, stay.address) == (
        "Nguyễn Văn An", "010090123456", "Phường Sa Pa, Lào Cai")


def test_a_bad_scan_is_an_error_of_that_row(receptionist, homestay):
    with pytest.raises(RegistrationError) as raised:
        register(receptionist, homestay, {**vietnamese_guest(), "mrz": "P<FRA\nbad"})
    assert {e.field for e in raised.value.errors} == {"mrz"}


def test_a_correction_keeps_the_values_before_and_the_reason(receptionist, homestay):
    stay = register(receptionist, homestay, vietnamese_guest()).stays.get()
    services.correct_stay(user=receptionist, stay=stay, reason="Gõ nhầm số phòng",
                          changes={"room": "105", "full_name": "Nguyễn Văn Ân"})
    stay.refresh_from_db()
    assert stay.room == "105" and stay.full_name_folded == "nguyen van an"
    entry = stay.history.get(action="corrected")
    assert entry.changes == {"room": ["101", "105"],
                             "full_name": ["Nguyễn Văn An", "Nguyễn Văn Ân"]}
    assert entry.reason == "Gõ nhầm số phòng" and entry.user == receptionist


def test_a_correction_without_a_reason_or_with_bad_data_changes_nothing(
        receptionist, homestay):
    stay = register(receptionist, homestay, vietnamese_guest()).stays.get()
    services.checkout_stay(user=receptionist, stay=stay)
    with pytest.raises(RegistrationError, match="reason"):
        services.correct_stay(user=receptionist, stay=stay, changes={"room": "9"}, reason=" ")
    with pytest.raises(RegistrationError):
        services.correct_stay(user=receptionist, stay=stay, reason="typo",
                              changes={"document_number": "010190123456"})  # wrong sex digit
    stay.refresh_from_db()
    assert stay.room == "101" and stay.document_number == "010090123456"
    assert stay.history.filter(action="corrected").count() == 0
    corrected = services.correct_stay(user=receptionist, stay=stay, reason="Khách đổi phòng",
                                      changes={"room": "102"})
    assert corrected.status == StayStatus.CHECKED_OUT and corrected.room == "102"


def test_extension_and_cancellation_are_recorded(receptionist, homestay):
    stay = register(receptionist, homestay, vietnamese_guest()).stays.get()
    later = stay.expected_departure + timedelta(days=1)
    services.extend_stay(user=receptionist, stay=stay, expected_departure=later,
                         reason="Ở thêm một đêm")
    services.cancel_stay(user=receptionist, stay=stay, reason="Đăng ký nhầm")
    stay.refresh_from_db()
    assert stay.status == StayStatus.CANCELLED and stay.expected_departure == later
    assert list(stay.history.values_list("action", flat=True)) == [
        "registered", "extended", "cancelled"]
    with pytest.raises(RegistrationError):
        services.checkout_stay(user=receptionist, stay=stay)


def test_a_late_notification_is_marked_late(receptionist, homestay):
    now = timezone.now()
    arrival = now - timedelta(days=2)
    stay = register(receptionist, homestay, vietnamese_guest(arrival=arrival)).stays.get()
    assert stay.late is True
    assert stay.deadline < now


def test_cmnd_guests_are_accepted_and_flagged(receptionist, homestay):
    stay = register(receptionist, homestay, vietnamese_guest(
        document_type="cmnd", document_number="123456789")).stays.get()
    assert stay.flags == ["cmnd_expired"]


@pytest.mark.parametrize("arrival", [
    timezone.make_aware(timezone.datetime(275, 10, 4, 23, 25)),  # found by the API fuzzer
    "after the notification",
])
def test_a_corrected_arrival_follows_the_registration_date_rules(receptionist, homestay,
                                                                  arrival):
    stay = register(receptionist, homestay, vietnamese_guest()).stays.get()
    if arrival == "after the notification":
        arrival = stay.notified_at + timedelta(hours=1)
    with pytest.raises(RegistrationError) as refused:
        services.correct_stay(user=receptionist, stay=stay, reason="Sửa giờ đến",
                              changes={"arrival": arrival})
    assert [error.field for error in refused.value.errors] == ["arrival"]
    stay.refresh_from_db()
    assert stay.history.filter(action="corrected").count() == 0


@pytest.mark.parametrize("count", [COPY_FROM - 1, COPY_FROM + 10])
def test_a_big_batch_is_stored_exactly_as_a_small_one(receptionist, homestay, count):
    """Big batches take PostgreSQL's COPY path: every field must read back as written,
    and what register_stays hands back (the API's answer) must be what was stored."""
    guests = [vietnamese_guest(document_number=f"0100901{n:05d}", room=str(100 + n),
                               full_name=f"Nguyễn Thị Ánh {n}", phone="",
                               reason="du lịch" if n % 2 else "")
              for n in range(count)]
    guests[-1] = french_guest()
    submission = register(receptionist, homestay, *guests)
    written = submission.registered_stays
    stored = {stay.pk: stay for stay in Stay.objects.filter(submission=submission)}
    assert len(stored) == count and sorted(stored) == [stay.pk for stay in written]
    fields = [f.attname for f in Stay._meta.concrete_fields]
    for stay in written:
        assert not stay._state.adding
        for field in fields:
            assert getattr(stored[stay.pk], field) == getattr(stay, field), field
    assert stored[written[-1].pk].flags == written[-1].flags
    history = StayHistory.objects.filter(stay__submission=submission)
    assert sorted(history.values_list("stay_id", flat=True)) == sorted(stored)
    assert all((h.action, h.user_id, h.changes) == ("registered", receptionist.pk, {})
               for h in history)
    outbox = IndexOutbox.objects.filter(model_label="lodging.stay")
    assert sorted(int(pk) for pk in outbox.values_list("object_id", flat=True)) == sorted(stored)
    assert all(row.created_at and row.action == "index" for row in outbox)
    # The sequence moved on: the next registration gets a fresh id.
    after = register(receptionist, homestay, vietnamese_guest(document_number="079090000001"))
    assert after.registered_stays[0].pk > max(stored)
