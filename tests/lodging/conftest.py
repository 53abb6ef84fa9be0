"""Establishments, staff and guests for the stay-registration stories."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from lodging.models import StaffRole
from tests.factories import make_establishment, make_staff  # noqa: F401 (shared)


@pytest.fixture
def homestay(db):
    return make_establishment("SAPA-0001", "Sa Pa", name="Cát Cát Valley Homestay")


@pytest.fixture
def other_hotel(db):
    return make_establishment("BACHA-0001", "Bắc Hà", name="Bắc Hà Hotel", kind="hotel")


@pytest.fixture
def receptionist(django_user_model, homestay):
    return make_staff(django_user_model, "mai", homestay)


@pytest.fixture
def other_receptionist(django_user_model, other_hotel):
    return make_staff(django_user_model, "tuan", other_hotel)


@pytest.fixture
def owner(django_user_model, homestay):
    """The homestay's owner: history and exports (and a second factor)."""
    return make_staff(django_user_model, "chu-nha", homestay, role=StaffRole.OWNER)


@pytest.fixture
def other_owner(django_user_model, other_hotel):
    return make_staff(django_user_model, "chu-khach-san", other_hotel, role=StaffRole.OWNER)


@pytest.fixture
def api(receptionist):
    client = APIClient()
    client.force_authenticate(receptionist)
    return client


def vietnamese_guest(**overrides):
    now = timezone.now()
    guest = {
        "full_name": "Nguyễn Văn An", "sex": "M", "date_of_birth": date(1990, 5, 17),
        "document_type": "cccd", "document_number": "010090123456", "nationality": "VNM",
        "address": "Phường Cam Đường, Lào Cai", "reason": "du lịch", "room": "101",
        "arrival": now - timedelta(hours=1), "expected_departure": now + timedelta(days=2),
    }
    guest.update(overrides)
    return guest


def french_guest(**overrides):
    return vietnamese_guest(**{
        "full_name": "DUBOIS MARIE CLAIRE", "sex": "F", "date_of_birth": date(1985, 3, 12),
        "document_type": "passport", "document_number": "15FR12345", "nationality": "FRA",
        "address": "", "entry_date": timezone.localdate() - timedelta(days=3),
        "port_of_entry": "Cửa khẩu Quốc tế Lào Cai", "visa_type": "EV",
        "visa_number": "E2611200001",
        "permitted_stay_until": timezone.localdate() + timedelta(days=80), **overrides})


def as_json(guest):
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in guest.items()}
