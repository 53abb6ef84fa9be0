"""Guests with fixed dates for the national portal stories (golden files need them)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from lodging import services

SITE = ZoneInfo("Asia/Ho_Chi_Minh")
# The evening the golden files were written: every date in them follows from it.
NOW = datetime(2026, 11, 28, 21, 30, tzinfo=SITE)
TODAY = NOW.date()


def vietnamese(**overrides):
    guest = {
        "full_name": "Nguyễn Thị Ánh", "sex": "F", "date_of_birth": date(1995, 2, 3),
        "document_type": "cccd", "document_number": "001195012345", "nationality": "VNM",
        "address": "Số 5 Hoàng Liên, Phường Sa Pa", "reason": "du lich", "room": "101",
        "arrival": NOW - timedelta(hours=2), "expected_departure": NOW + timedelta(days=2),
    }
    guest.update(overrides)
    return guest


def foreigner(**overrides):
    guest = {
        "full_name": "O'NEIL SÉAN", "sex": "M", "date_of_birth": date(1980, 7, 9),
        "document_type": "passport", "document_number": "PA1234567", "nationality": "IRL",
        "entry_date": TODAY - timedelta(days=2), "port_of_entry": "Nội Bài",
        "visa_type": "EV", "visa_number": "E1", "permitted_stay_until": date(2027, 1, 20),
        "expiry_date": date(2031, 5, 1), "reason": "1", "room": "A&B <2>",
        "arrival": NOW - timedelta(hours=3), "expected_departure": NOW + timedelta(days=3),
    }
    guest.update(overrides)
    return guest


def register(user, establishment, *guests, now=NOW):
    submission = services.register_stays(user=user, establishment=establishment,
                                         guests=list(guests), now=now)
    return submission.registered_stays
