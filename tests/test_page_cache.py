"""Anonymous portal pages come from the page cache; nothing personal ever does."""

import pytest

from cms.models import HomePage
from tests.auth import sign_in
from tests.lodging.conftest import make_establishment, make_staff

pytestmark = pytest.mark.django_db

HEADER = "X-Wagtail-Cache"


@pytest.fixture
def page_cache(settings):
    from django.core.cache import caches

    settings.WAGTAIL_CACHE = True
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


def test_a_page_is_built_once_then_served_from_the_cache(client, page_cache):
    first = client.get("/")
    assert first.status_code == 200 and first[HEADER] == "miss"
    assert not first.cookies, "a cacheable page must not set a cookie (no CSRF form)"
    second = client.get("/")
    assert second[HEADER] == "hit" and second.content == first.content
    english = client.get("/en/")
    assert english[HEADER] == "miss" and '<html lang="en">' in english.content.decode()


def test_publishing_clears_the_cache(client, page_cache):
    client.get("/")
    assert client.get("/")[HEADER] == "hit"
    home = HomePage.objects.get(locale__language_code="vi")
    home.intro = "<p>Mùa hoa tam giác mạch đã về.</p>"
    home.save_revision().publish()
    fresh = client.get("/")
    assert fresh[HEADER] == "miss" and "Mùa hoa tam giác mạch" in fresh.content.decode()


def test_signed_in_people_and_other_views_are_never_cached(client, page_cache,
                                                            django_user_model):
    hotel = make_establishment("SAPA-0001", "Sa Pa")
    sign_in(client, make_staff(django_user_model, "le-tan", hotel))
    assert client.get("/")[HEADER] == "skip"
    assert HEADER not in client.get("/stays/")
    assert HEADER not in client.get("/api/v1/stays/")
    client.logout()
    assert HEADER not in client.get("/api/v1/stays/")
    assert HEADER not in client.get("/search/?q=sapa")
