"""Establishments view (on-time rate, suspension) and retention keeping statistics."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from lodging.models import Stay, StayHistory
from lodging.police.models import AuditEvent
from lodging.police.permissions import jurisdiction_for
from lodging.police.statistics import statistics
from lodging.services import RegistrationError, correct_stay, register_stays
from tests.auth import sign_in
from tests.lodging.conftest import vietnamese_guest

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_on_time_rate_and_jurisdiction(client, sapa_officer, stays):
    sign_in(client, sapa_officer)
    page = client.get("/en/police/establishments/").content.decode()
    assert "SAPA-0001" in page and "BACHA-0001" not in page
    late = Stay.objects.filter(establishment__code="SAPA-0001", late=True).count()
    expected = round(100 * (2 - late) / 2)
    assert f"{expected}%" in page.split('id="establishment-SAPA-0001"')[1]
    assert AuditEvent.objects.filter(action="view_establishments").exists()


def test_a_suspended_establishment_cannot_register_and_says_why(
        client, sapa_officer, homestay, receptionist, other_hotel):
    sign_in(client, sapa_officer)
    url = f"/en/police/establishments/{homestay.pk}/status/"
    client.post(url, {"action": "suspend", "reason": ""})
    homestay.refresh_from_db()
    assert homestay.is_active
    client.post(url, {"action": "suspend", "reason": "Giấy phép hết hạn"})
    homestay.refresh_from_db()
    assert not homestay.is_active and homestay.suspension_reason == "Giấy phép hết hạn"
    with pytest.raises(RegistrationError, match="Giấy phép hết hạn"):
        register_stays(user=receptionist, establishment=homestay, guests=[vietnamese_guest()])
    assert client.post(f"/en/police/establishments/{other_hotel.pk}/status/",
                       {"action": "suspend", "reason": "x"}).status_code == 404
    client.post(url, {"action": "reactivate"})
    homestay.refresh_from_db()
    assert homestay.is_active and not homestay.suspension_reason
    assert list(AuditEvent.objects.filter(action__in=["suspend", "reactivate"])
                .order_by("id").values_list("action", flat=True)) == ["suspend", "reactivate"]


def test_retention_anonymises_old_stays_and_keeps_totals(
        settings, homestay, receptionist, provincial_officer):
    settings.LODGING_MAX_ARRIVAL_AGE_DAYS = 3650
    long_ago = datetime(2022, 6, 1, 14, tzinfo=VN)
    now = datetime.now(tz=VN)
    register_stays(user=receptionist, establishment=homestay, guests=[vietnamese_guest(
        arrival=long_ago, expected_departure=long_ago + timedelta(days=2))], now=long_ago)
    old = Stay.objects.get()
    correct_stay(user=receptionist, stay=old, changes={"room": "202"}, reason="đổi phòng",
                 now=long_ago + timedelta(hours=1))
    register_stays(user=receptionist, establishment=homestay, guests=[vietnamese_guest(
        document_number="010090000008", arrival=now - timedelta(hours=1),
        expected_departure=now + timedelta(days=1))], now=now)
    before = statistics(jurisdiction_for(provincial_officer),
                        start=date(2022, 1, 1), end=now.date())
    call_command("anonymise_stays", "--dry-run")
    assert Stay.objects.filter(full_name="Nguyễn Văn An").count() == 2
    call_command("anonymise_stays", "--years", "3")
    old.refresh_from_db()
    assert old.full_name == "—" and old.document_number == "" and old.address == ""
    assert old.date_of_birth == date(1990, 1, 1) and "anonymised" in old.flags
    assert all(h.changes == {} and h.reason == "" for h in StayHistory.objects.filter(stay=old))
    assert Stay.objects.filter(full_name="Nguyễn Văn An").count() == 1
    after = statistics(jurisdiction_for(provincial_officer), start=date(2022, 1, 1), end=now.date())
    assert {k: t.totals for k, t in before.items()} == {k: t.totals for k, t in after.items()}
