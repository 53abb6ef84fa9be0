"""Every page type: created, placed only where the tree allows, rendered in both languages."""

import datetime
from decimal import Decimal

import pytest
from wagtail.models import Locale, Page

from cms.models import HomePage
from tests.tourism.helpers import json_ld
from tourism import services
from tourism.models import (
    AccommodationIndexPage,
    ArticleIndexPage,
    ArticlePage,
    AttractionPage,
    DestinationIndexPage,
    DestinationPage,
    EventIndexPage,
    EventPage,
    ItineraryIndexPage,
    ItineraryPage,
)

pytestmark = pytest.mark.django_db


def english(page):
    return page.get_translation(Locale.objects.get(language_code="en")).specific


def test_sections_exist_once_in_both_languages(sections):
    again = services.ensure_sections()
    assert {model: page.pk for model, page in again.items()} == \
        {model: page.pk for model, page in sections.items()}
    for model, page in sections.items():
        assert model.objects.count() == 2, model
        assert english(page).live
    assert english(sections[DestinationIndexPage]).title == "Destinations"


@pytest.mark.parametrize(("model", "parent_model", "allowed"), [
    (DestinationIndexPage, HomePage, True),
    (DestinationPage, DestinationIndexPage, True),
    (DestinationPage, HomePage, False),
    (AttractionPage, DestinationPage, True),
    (AttractionPage, DestinationIndexPage, True),
    (AttractionPage, EventIndexPage, False),
    (EventIndexPage, HomePage, True),
    (EventPage, EventIndexPage, True),
    (EventPage, DestinationIndexPage, False),
    (ItineraryIndexPage, HomePage, True),
    (ItineraryPage, ItineraryIndexPage, True),
    (ItineraryPage, HomePage, False),
    (ArticleIndexPage, HomePage, True),
    (ArticlePage, ArticleIndexPage, True),
    (ArticlePage, DestinationPage, False),
    (AccommodationIndexPage, HomePage, True),
])
def test_tree_rules(model, parent_model, allowed, make_place, sections):
    parents = {HomePage: services.home_page(), DestinationPage: make_place(), **sections}
    parent = parents[parent_model]
    # Index pages are limited to one per parent, so test the rule on a fresh home page.
    if model in sections and allowed:
        assert not model.can_create_at(parent), "a second index under the same home"
        assert model in parent.specific_class.allowed_subpage_models()
    else:
        assert model.can_create_at(parent) is allowed


def test_leaf_pages_have_no_children():
    for model in (AttractionPage, EventPage, ItineraryPage, ArticlePage, AccommodationIndexPage):
        assert model.allowed_subpage_models() == []


def test_destination_renders_in_both_languages(client, make_place):
    make_place(slug="sa-pa", title_vi="Sa Pa", title_en="Sa Pa town")
    make_place(slug="ban-cat-cat", kind="village", title_vi="Bản Cát Cát",
               title_en="Cát Cát village", lat="22.3293", lon="103.8317")
    make_place(slug="y-ty", kind="village", title_vi="Y Tý", title_en="Y Tý",
               lat="22.632", lon="103.61")

    vi = client.get("/destinations/sa-pa/")
    assert vi.status_code == 200
    html = vi.content.decode()
    assert '<html lang="vi">' in html
    assert "Tóm tắt Sa Pa" in html
    assert "Điểm tham quan lân cận" in html and "Bản Cát Cát" in html
    assert "Y Tý" not in html.split("Điểm tham quan lân cận")[1], "60 km away is not nearby"
    assert 'hreflang="en" href="http://testserver/en/destinations/sa-pa/"' in html
    assert 'data-map="map-' in html

    en = client.get("/en/destinations/sa-pa/")
    assert en.status_code == 200
    html = en.content.decode()
    assert '<html lang="en">' in html
    assert "Sa Pa town" in html and "Summary of Sa Pa town" in html
    assert "Nearby attractions" in html and "Cát Cát village" in html
    assert 'hreflang="vi" href="http://testserver/destinations/sa-pa/"' in html
    assert '<meta name="description" content="Summary of Sa Pa town">' in html
    assert '<meta property="og:title" content="Sa Pa town">' in html

    data = json_ld(html)
    assert data["@type"] == "TouristDestination"
    assert data["name"] == "Sa Pa town"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 22.3363, "longitude": 103.8438}
    assert data["address"]["addressLocality"] == "Phường Sa Pa"
    assert [a["name"] for a in data["includesAttraction"]] == ["Cát Cát village"]


def test_attraction_renders_with_practical_information(client, make_place):
    page = make_place(slug="thac-bac", kind="waterfall", title_vi="Thác Bạc",
                      title_en="Silver Waterfall", lat="22.3553", lon="103.7727")
    page.opening_hours = "07:00–18:00"
    page.price = "20.000 đ"
    services.publish(page)
    services.translate(page, "en", opening_hours="07:00–18:00", price="20,000 VND")

    html = client.get("/destinations/thac-bac/").content.decode()
    assert "07:00–18:00" in html and "Giờ mở cửa" in html and "Thác" in html
    data = json_ld(html)
    assert data["@type"] == "TouristAttraction"
    assert data["openingHours"] == "07:00–18:00"
    assert data["isAccessibleForFree"] is False

    html = client.get("/en/destinations/thac-bac/").content.decode()
    assert "Silver Waterfall" in html and "Opening hours" in html and "Waterfall" in html
    assert json_ld(html)["name"] == "Silver Waterfall"


def test_hero_image_requires_alt_text(make_place):
    from django.core.exceptions import ValidationError
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    page = make_place()
    page.hero_image = Image.objects.create(title="Sa Pa", file=get_test_image_file())
    page.hero_image_alt = " "
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "hero_image_alt" in error.value.message_dict


def test_itinerary_route_map_and_trip_json_ld(client, sections, make_place):
    fansipan = make_place(slug="fansipan", kind="mountain", title_vi="Đỉnh Fansipan",
                          title_en="Fansipan", lat="22.3033", lon="103.775")
    index = sections[ItineraryIndexPage]
    trip = ItineraryPage(
        title="Sa Pa 2 ngày", slug="sa-pa-2-ngay", summary="Hai ngày ở Sa Pa",
        distance_km=Decimal("40"), best_season="autumn", difficulty="easy",
        days=[
            {"type": "day", "value": {"title": "Ngày 1", "description": "", "stops": [
                {"name": "Sa Pa", "place": None, "latitude": "22.3363",
                 "longitude": "103.8438", "note": ""},
                {"name": "Đỉnh Fansipan", "place": fansipan.pk, "latitude": "22.3033",
                 "longitude": "103.775", "note": "Cáp treo"}]}},
            {"type": "day", "value": {"title": "Ngày 2", "description": "", "stops": [
                {"name": "Bản Cát Cát", "place": None, "latitude": "22.3293",
                 "longitude": "103.8317", "note": ""}]}},
        ])
    index.add_child(instance=trip)
    services.publish(trip)
    services.translate(trip, "en", title="Sa Pa in two days", summary="Two days in Sa Pa")

    assert trip.duration_days == 2
    assert [p["title"] for p in trip.route_points()] == \
        ["1. Sa Pa", "1. Đỉnh Fansipan", "2. Bản Cát Cát"]
    html = client.get("/itineraries/sa-pa-2-ngay/").content.decode()
    assert 'data-route="true"' in html and "2 ngày" in html
    assert 'href="/destinations/fansipan/"' in html
    data = json_ld(html)
    assert data["@type"] == "TouristTrip"
    assert data["itinerary"]["numberOfItems"] == 3
    assert data["itinerary"]["itemListElement"][1]["item"]["name"] == "1. Đỉnh Fansipan"

    html = client.get("/en/itineraries/sa-pa-2-ngay/").content.decode()
    assert "Sa Pa in two days" in html and "2 days" in html
    assert 'href="/en/destinations/fansipan/"' in html, "stops link to the English page"
    assert client.get("/en/itineraries/").status_code == 200


def test_article_renders_in_both_languages(client, sections):
    index = sections[ArticleIndexPage]
    article = ArticlePage(title="Mùa săn mây", slug="mua-san-may", summary="Biển mây Y Tý",
                          date=datetime.date(2026, 11, 2),
                          body=[{"type": "quote", "value": {"text": "Mây trôi dưới chân",
                                                            "attribution": "Du khách"}}])
    index.add_child(instance=article)
    services.publish(article)
    services.translate(article, "en", title="Cloud season", summary="Clouds of Y Tý",
                       body=[{"type": "quote", "value": {"text": "Clouds below my feet",
                                                         "attribution": "A visitor"}}])
    html = client.get("/news/mua-san-may/").content.decode()
    assert "Mây trôi dưới chân" in html and "<blockquote>" in html
    assert json_ld(html)["@type"] == "Article"
    html = client.get("/en/news/mua-san-may/").content.decode()
    assert "Clouds below my feet" in html
    assert json_ld(html)["headline"] == "Cloud season"
    assert "Cloud season" in client.get("/en/news/").content.decode()


def test_stream_blocks_render_with_their_templates(client, make_place):
    page = make_place()
    page.body = [
        {"type": "paragraph", "value": "<p>Thị trấn trong sương</p>"},
        {"type": "fact_box", "value": {"title": "Thông tin nhanh", "facts": [
            {"label": "Độ cao", "value": "1.600 m"}]}},
        {"type": "map_point", "value": {"title": "Nhà thờ đá", "latitude": "22.3355",
                                        "longitude": "103.842", "description": ""}},
        {"type": "quote", "value": {"text": "Sa Pa đẹp", "attribution": ""}},
    ]
    services.publish(page)
    html = client.get("/destinations/sa-pa/").content.decode()
    assert '<div class="block-text"><p>Thị trấn trong sương</p></div>' in html
    assert '<aside class="block-facts">' in html and "<dd>1.600 m</dd>" in html
    assert '<figure class="block-map">' in html and "Nhà thờ đá" in html
    assert '<figure class="block-quote">' in html


def test_home_page_shows_featured_destinations_and_upcoming_events(client, make_place, make_event):
    from tests.tourism.conftest import days, today

    destination = make_place(slug="bac-ha", title_vi="Bắc Hà", title_en="Bac Ha plateau")
    make_event("le-hoi-sap-toi", "Lễ hội sắp tới", today() + days(5))
    make_event("le-hoi-da-qua", "Lễ hội đã qua", today() - days(5))
    home = services.home_page()
    from cms.models import HomePageFeaturedDestination

    home.featured_destinations = [HomePageFeaturedDestination(page=destination)]
    services.publish(home)

    html = client.get("/").content.decode()
    assert "Điểm đến nổi bật" in html and "Bắc Hà" in html
    assert "Lễ hội sắp tới" in html and "Lễ hội đã qua" not in html
    assert 'href="/destinations/"' in html, "sections are in the navigation"
    html = client.get("/en/").content.decode()
    assert "Featured destinations" in html and "Bac Ha plateau" in html
    assert 'href="/en/destinations/"' in html


def test_pages_are_filterable_by_commune(make_place, sa_pa_ward):
    make_place()
    assert DestinationPage.objects.filter(commune=sa_pa_ward).count() == 2  # vi and en
    assert not Page.objects.type(DestinationPage).filter(
        destinationpage__commune__code="02701").exists()  # Y Tý


@pytest.mark.parametrize(("model", "parent"), [
    (DestinationPage, DestinationIndexPage), (AttractionPage, DestinationIndexPage),
    (EventPage, EventIndexPage), (ItineraryPage, ItineraryIndexPage),
    (ArticlePage, ArticleIndexPage),
])
def test_editors_get_the_add_form_in_the_admin(admin_client, sections, model, parent):
    label = model._meta.model_name
    response = admin_client.get(
        f"/cms-admin/pages/add/tourism/{label}/{sections[parent].pk}/")
    assert response.status_code == 200
    assert 'name="hero_image_alt"' in response.content.decode()


def test_admin_menu_offers_the_import(admin_client):
    html = admin_client.get("/cms-admin/").content.decode()
    assert "/cms-admin/tourism/import/" in html
