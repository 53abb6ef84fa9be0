"""The shift dashboard: late notifications at the 23:00 and 08:00 boundaries, foreigners."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from lodging.police.dashboard import shift_overview
from lodging.police.permissions import jurisdiction_for
from lodging.services import register_stays
from tests.auth import sign_in
from tests.lodging.conftest import french_guest, vietnamese_guest

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=VN)


def register(user, place, guest, notified):
    return register_stays(user=user, establishment=place, guests=[guest], now=notified)


def test_late_list_at_the_23_00_and_08_00_boundaries(homestay, receptionist, sapa_officer):
    departure = at(26, 12)
    # Arrived 22:30: due by 23:00 the same day.
    register(receptionist, homestay, vietnamese_guest(
        full_name="Đúng Giờ", arrival=at(24, 22, 30), expected_departure=departure),
        notified=at(24, 23, 0))
    register(receptionist, homestay, vietnamese_guest(
        full_name="Trễ Một Phút", document_number="010090000001", room="2",
        arrival=at(24, 22, 30), expected_departure=departure), notified=at(24, 23, 1))
    # Arrived 23:00: due by 08:00 the next morning.
    register(receptionist, homestay, vietnamese_guest(
        full_name="Khuya Đúng Giờ", document_number="010090000002", room="3",
        arrival=at(24, 23, 0), expected_departure=departure), notified=at(25, 8, 0))
    register(receptionist, homestay, vietnamese_guest(
        full_name="Khuya Trễ", document_number="010090000003", room="4",
        arrival=at(24, 23, 0), expected_departure=departure), notified=at(25, 8, 1))
    board = shift_overview(jurisdiction_for(sapa_officer), now=at(25, 9))
    assert sorted(s.full_name for s in board["late"]) == ["Khuya Trễ", "Trễ Một Phút"]
    assert board["in_house_count"] == 4


def test_departures_missing_and_foreigners_near_their_permitted_end(
        homestay, receptionist, sapa_officer):
    register(receptionist, homestay, french_guest(
        arrival=at(20, 10), expected_departure=at(22, 12),
        entry_date=date(2026, 11, 18), permitted_stay_until=date(2026, 11, 29)),
        notified=at(20, 11))
    register(receptionist, homestay, french_guest(
        full_name="SMITH JOHN", document_number="X9988776", nationality="GBR", room="9",
        arrival=at(24, 10), expected_departure=at(30, 12),
        entry_date=date(2026, 11, 18), permitted_stay_until=date(2027, 2, 1)),
        notified=at(24, 11))
    board = shift_overview(jurisdiction_for(sapa_officer), now=at(25, 9))
    assert [s.full_name for s in board["departure_missing"]] == ["DUBOIS MARIE CLAIRE"]
    assert [s.full_name for s in board["foreigners_expiring"]] == ["DUBOIS MARIE CLAIRE"]
    assert [(r["establishment__code"], r["guests"]) for r in board["per_establishment"]] == [
        ("SAPA-0001", 2)]


def test_todays_arrivals_and_departures(homestay, receptionist, sapa_officer):
    register(receptionist, homestay, vietnamese_guest(
        arrival=at(25, 7), expected_departure=at(25, 18)), notified=at(25, 7, 30))
    register(receptionist, homestay, vietnamese_guest(
        full_name="Hôm Qua", document_number="010090000009", room="5",
        arrival=at(24, 7), expected_departure=at(27, 18)), notified=at(24, 7, 30))
    board = shift_overview(jurisdiction_for(sapa_officer), now=at(25, 9))
    assert [s.full_name for s in board["arrivals"]] == ["Nguyễn Văn An"]
    assert [s.full_name for s in board["departures"]] == ["Nguyễn Văn An"]
    assert board["late"].count() == 0


def test_the_dashboard_speaks_vietnamese_and_english(client, sapa_officer, stays):
    sign_in(client, sapa_officer)
    vietnamese = client.get("/police/").content.decode()
    assert "Bảng tổng hợp của công an" in vietnamese and "2 khách đang lưu trú" in vietnamese
    english = client.get("/en/police/").content.decode()
    assert "Police dashboard" in english and "2 guests in house" in english
