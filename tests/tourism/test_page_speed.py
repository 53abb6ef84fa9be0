"""A destination page built per request (signed-in visitors, previews, page-cache misses)
reads the database a bounded number of times however many attractions the province has,
and what it keeps between requests (the menu, the places-to-stay page) is renewed as soon
as an editor publishes, unpublishes or moves a page."""

from decimal import Decimal

import pytest
from django.core.cache import caches

from cms import fragment_cache
from tests.tourism.test_accommodation import establishments  # noqa: F401 - the fixture
from tourism import services
from tourism.models import (
    AccommodationIndexPage,
    AttractionPage,
    DestinationIndexPage,
    EventIndexPage,
)

pytestmark = pytest.mark.django_db

# A bound with a little room, not a count: the menu, the places-to-stay page, the
# translations and the tags are each read once, however many attractions the page shows.
# It must hold with few attractions nearby and with many below.
MAX_QUERIES = 20


def add_attractions_below(destination, count, *, lat="22.3363", lon="103.8438"):
    for n in range(count):
        attraction = AttractionPage(
            title=f"Điểm {n}", slug=f"diem-{n}", kind="village",
            latitude=Decimal(lat) + Decimal(n) / 1000, longitude=Decimal(lon))
        destination.add_child(instance=attraction)
        services.publish(attraction)


@pytest.mark.parametrize("below", [0, 12])
def test_a_destination_page_reads_the_database_a_bounded_number_of_times(
        client, make_place, establishments, django_assert_max_num_queries, below):  # noqa: F811
    sa_pa = make_place()
    make_place(slug="ban-cat-cat", kind="village", title_vi="Bản Cát Cát",
               title_en="Cát Cát village", lat="22.3293", lon="103.8317")
    add_attractions_below(sa_pa, below)
    for path in ("/destinations/sa-pa/", "/en/destinations/sa-pa/"):
        assert client.get(path).status_code == 200  # renditions, menus: first view only
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(path)
        assert response.status_code == 200
    html = client.get("/destinations/sa-pa/").content.decode()
    nearby = html.split("Điểm tham quan lân cận")[1]
    if below:  # its own attractions first, the nearest of them
        assert "Điểm 0" in nearby and "Điểm 7" in nearby and "Điểm 8" not in nearby
    else:
        assert "Bản Cát Cát" in nearby


def test_the_menu_follows_what_editors_publish(client, make_place):
    make_place()
    destinations = DestinationIndexPage.objects.get(locale__language_code="vi")
    assert ">Điểm đến</a>" in client.get("/destinations/sa-pa/").content.decode()

    destinations.title = "Điểm đến nổi bật"
    services.publish(destinations)
    html = client.get("/destinations/sa-pa/").content.decode()
    assert ">Điểm đến nổi bật</a>" in html.split("</nav>")[0]

    events = EventIndexPage.objects.get(locale__language_code="vi")
    assert 'href="/events/"' in client.get("/").content.decode().split("</nav>")[0]
    events.unpublish()
    assert 'href="/events/"' not in client.get("/").content.decode().split("</nav>")[0]


def test_places_to_stay_links_follow_a_renamed_section(client, establishments,  # noqa: F811
                                                       make_place):
    make_place()
    html = client.get("/destinations/sa-pa/").content.decode()
    assert 'href="/places-to-stay/SAPA-0001/"' in html
    index = AccommodationIndexPage.objects.get(locale__language_code="vi")
    index.slug = "noi-luu-tru"
    services.publish(index)
    html = client.get("/destinations/sa-pa/").content.decode()
    assert 'href="/noi-luu-tru/SAPA-0001/"' in html
    assert client.get("/noi-luu-tru/SAPA-0001/").status_code == 200


def test_a_lost_version_only_renews_the_fragments(client, make_place):
    """The page cache clears the shared cache on publishing; the version goes with it."""
    make_place()
    client.get("/destinations/sa-pa/")
    before = fragment_cache.content_version()
    caches[fragment_cache.SHARED_CACHE].clear()
    assert fragment_cache.content_version() not in ("", before)
    assert ">Điểm đến</a>" in client.get("/destinations/sa-pa/").content.decode()


def test_pages_are_found_level_by_level_as_wagtail_does(client, make_place):
    """The home page reads every page of the path in one query (cms.models.HomePage.route);
    what is served, and what is not, is what Wagtail's own walk serves."""
    sa_pa = make_place()
    add_attractions_below(sa_pa, 1)
    assert client.get("/destinations/sa-pa/diem-0/").status_code == 200
    assert client.get("/destinations/sa-pa/diem-0/extra/").status_code == 404
    assert client.get("/destinations/nowhere/").status_code == 404
    assert client.get("/destinations/sa-pa/nowhere/").status_code == 404
    assert client.get("/destinations/diem-0/").status_code == 404, "a level was skipped"
    assert client.get("/en/destinations/sa-pa/").status_code == 200
    # Wagtail serves a live page below a draft one; so do we.
    sa_pa.unpublish()
    assert client.get("/destinations/sa-pa/").status_code == 404
    attraction = AttractionPage.objects.get(slug="diem-0")
    assert attraction.live
    assert client.get("/destinations/sa-pa/diem-0/").status_code == 200
