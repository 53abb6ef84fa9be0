"""Officers of two communes, a provincial officer, an auditor, and stays in both places."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cms.models import Commune
from lodging.police.models import PoliceOfficer, PoliceRole
from lodging.services import register_stays
from tests.lodging.conftest import (  # noqa: F401  (fixtures re-exported)
    french_guest,
    homestay,
    make_establishment,
    make_staff,
    other_hotel,
    other_receptionist,
    receptionist,
    vietnamese_guest,
)

PASSWORD = "long-password-1"


def make_officer(django_user_model, username, role, commune_name=None, watchlist=False):
    user = django_user_model.objects.create_user(username, password=PASSWORD)
    commune = Commune.objects.in_lao_cai().resolve(commune_name) if commune_name else None
    PoliceOfficer.objects.create(user=user, role=role, commune=commune,
                                 can_manage_watchlist=watchlist)
    return user


@pytest.fixture
def sapa_officer(django_user_model):
    return make_officer(django_user_model, "cong-an-sapa", PoliceRole.COMMUNE_OFFICER,
                        "Sa Pa", watchlist=True)


@pytest.fixture
def bacha_officer(django_user_model):
    return make_officer(django_user_model, "cong-an-bacha", PoliceRole.COMMUNE_OFFICER,
                        "Bắc Hà")


@pytest.fixture
def provincial_officer(django_user_model):
    return make_officer(django_user_model, "cong-an-tinh", PoliceRole.PROVINCIAL_OFFICER)


@pytest.fixture
def auditor(django_user_model):
    return make_officer(django_user_model, "thanh-tra", PoliceRole.AUDITOR)


@pytest.fixture
def stays(homestay, other_hotel, receptionist, other_receptionist):  # noqa: F811
    """One Vietnamese and one French guest in Sa Pa, one Vietnamese guest in Bắc Hà."""
    now = timezone.now()
    sapa = register_stays(user=receptionist, establishment=homestay,
                          guests=[vietnamese_guest(), french_guest(room="102")], now=now)
    bacha = register_stays(user=other_receptionist, establishment=other_hotel, guests=[
        vietnamese_guest(full_name="Lò Thị Hoa", sex="F", document_number="011195000777",
                         date_of_birth=date(1995, 2, 3),
                         room="7", arrival=now - timedelta(hours=2))], now=now)
    return {"sapa": list(sapa.stays.all()), "bacha": list(bacha.stays.all())}


def police_search(client, prefix="/en", **terms):
    """Search as an officer does: post the form, follow to the results (`?s=<id>`).

    Returns the results page; its `search_id` attribute is the opaque id in the URL."""
    posted = client.post(f"{prefix}/police/search/", terms)
    assert posted.status_code == 302, (posted.status_code, posted.content[:500])
    location = posted["Location"]
    response = client.get(location)
    response.search_id = location.split("s=", 1)[1]
    response.location = location
    return response
