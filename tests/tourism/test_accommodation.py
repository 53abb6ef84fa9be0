"""Places to stay: every active establishment, filters, a detail page, never any guest data."""

from decimal import Decimal

import pytest

from cms.models import Commune
from lodging.models import Establishment, EstablishmentStatus
from tests.tourism.helpers import json_ld

pytestmark = pytest.mark.django_db


@pytest.fixture
def establishments(sections):
    units = Commune.objects.in_lao_cai()

    def make(code, name, kind, stars, commune, lat="22.3349", lon="103.8405", **extra):
        return Establishment.objects.create(
            code=code, name=name, kind=kind, stars=stars, commune=units.resolve(commune),
            address="1 Đường Cầu Mây", latitude=Decimal(lat),
            longitude=Decimal(lon), price_min=500000, price_max=1500000,
            amenities=["wifi", "breakfast"], phone="+84 214 3871 234",
            email="hello@example.vn", licence_number="GP-SECRET-42",
            description_vi="Khách sạn nhìn ra núi", description_en="Hotel with a mountain view",
            **extra)

    return {
        "hotel": make("SAPA-0001", "Sapa Mountain View Hotel", "hotel", 4, "Phường Sa Pa"),
        "homestay": make("SAPA-0002", "Cát Cát Valley Homestay", "homestay", None, "Sa Pa"),
        "bac_ha": make("BACHA-0001", "Bắc Hà Plum Garden", "hotel", 3, "Bac Ha",
                       lat="22.5403", lon="104.2901"),
        "closed": make("SAPA-0099", "Closed Inn", "guesthouse", 2, "Phường Sa Pa",
                       status=EstablishmentStatus.SUSPENDED, suspension_reason="Police order"),
    }


def test_listing_shows_active_establishments_only(client, establishments):
    html = client.get("/places-to-stay/").content.decode()
    for name in ("Sapa Mountain View Hotel", "Cát Cát Valley Homestay", "Bắc Hà Plum Garden"):
        assert name in html
    assert "Closed Inn" not in html
    assert "3 nơi lưu trú" in html


@pytest.mark.parametrize(("query", "expected"), [
    ("kind=homestay", {"Cát Cát Valley Homestay"}),
    ("commune=02839", {"Bắc Hà Plum Garden"}),
    ("stars=4", {"Sapa Mountain View Hotel"}),
    ("kind=hotel&stars=3", {"Sapa Mountain View Hotel", "Bắc Hà Plum Garden"}),
    ("stars=banana", {"Sapa Mountain View Hotel", "Cát Cát Valley Homestay",
                      "Bắc Hà Plum Garden"}),
])
def test_listing_filters(client, establishments, query, expected):
    html = client.get(f"/places-to-stay/?{query}").content.decode()
    names = {e.name for e in establishments.values() if e.name in html}
    assert names == expected


def test_detail_page_has_public_facts_map_and_lodging_json_ld(client, establishments):
    response = client.get("/en/places-to-stay/SAPA-0001/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sapa Mountain View Hotel" in html
    assert "Hotel with a mountain view" in html and "Breakfast" in html
    assert "500,000" in html and "+84 214 3871 234" in html
    assert 'data-map="map-' in html
    assert "GP-SECRET-42" not in html, "the licence number is for the police"
    assert 'hreflang="vi" href="http://testserver/places-to-stay/SAPA-0001/"' in html
    data = json_ld(html)
    assert data["@type"] == "LodgingBusiness"
    assert data["name"] == "Sapa Mountain View Hotel"
    assert data["starRating"]["ratingValue"] == 4
    assert data["address"]["addressLocality"] == "Phường Sa Pa"
    assert data["geo"]["latitude"] == 22.3349
    assert data["priceRange"] == "500,000–1,500,000 VND"

    vi = client.get("/places-to-stay/sapa-0001/").content.decode()
    assert "Khách sạn nhìn ra núi" in vi and "500.000 – 1.500.000 đ" in vi


def test_suspended_or_unknown_establishment_is_not_found(client, establishments):
    assert client.get("/places-to-stay/SAPA-0099/").status_code == 404
    assert client.get("/places-to-stay/NOPE-1/").status_code == 404


def test_destination_lists_places_to_stay_nearby(client, establishments, make_place):
    make_place()
    html = client.get("/destinations/sa-pa/").content.decode()
    assert "Nơi lưu trú gần đây" in html
    assert 'href="/places-to-stay/SAPA-0001/"' in html
    assert "Bắc Hà Plum Garden" not in html
