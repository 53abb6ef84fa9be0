"""Every input has bounds, and going past them is a 400 with a message, never a 500.

Found from outside: huge or negative `stars`/`price` on the public search (Elasticsearch's
400 became a 500), JSON nested 50,000 deep on the token and stays endpoints
(RecursionError), a 1,100-word name on the police API with Elasticsearch down (one LIKE
per word).
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone, translation
from rest_framework.test import APIClient

from cms.api_parsers import json_depth
from lodging import services
from lodging.models import Stay
from lodging.police.statistics import statistics
from tests.auth import sign_in
from tests.lodging.conftest import as_json, owner, vietnamese_guest  # noqa: F401

pytestmark = pytest.mark.django_db
DEAD = {**settings.ELASTICSEARCH, "URL": "http://127.0.0.1:9", "TIMEOUT": 1}


@pytest.mark.elasticsearch
@pytest.mark.parametrize("params", [
    {"stars": "99999999999"}, {"stars": "-1"}, {"stars": "0"}, {"stars": "6"},
    {"price": "0-99999999999"}, {"price": "99999999999-"}, {"price": "9" * 40 + "-"},
    {"price": "2000000-500000"}, {"commune": ",".join(str(n) for n in range(500))},
    {"kind": "x" * 500}, {"page": "99999999999"}, {"page": "-3"}, {"radius_km": "1e308"},
    {"lat": "1e400", "lon": "1"}, {"lat": "nan", "lon": "1"}, {"page_size": "100000"},
])
@pytest.mark.parametrize("where", ["/api/v1/search/", "/search/"])
def test_public_search_refuses_values_out_of_bounds_with_a_message(client, where, params):
    response = client.get(where, {"q": "sapa", **params}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content[:500]
    if where.startswith("/api/"):
        errors = response.json()
        assert errors and all(messages for messages in errors.values())
    else:
        assert 'class="errors"' in response.content.decode()


@pytest.mark.elasticsearch
def test_public_search_still_takes_sensible_filters(client):
    response = client.get("/api/v1/search/", {"q": "sapa", "stars": "3,4",
                                               "price": "500000-1000000"})
    assert response.status_code == 200


NESTED = "[" * 50_000 + "]" * 50_000


@pytest.mark.parametrize("url", ["/api/v1/auth/token/", "/api/v1/stays/"])
def test_deeply_nested_json_is_a_400(url, receptionist):
    client = APIClient()
    if url == "/api/v1/stays/":
        client.force_authenticate(receptionist)
    with translation.override("en"):
        response = client.post(url, NESTED, content_type="application/json",
                               HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content[:300]
    assert "nested 50000 levels deep" in response.content.decode()
    assert Stay.objects.count() == 0


def test_brackets_inside_strings_do_not_count_as_nesting():
    assert json_depth(b'{"full_name": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\"[["}') == 1
    assert json_depth(b'[{"a": [1, {"b": []}]}]') == 5


def test_an_ordinary_batch_still_passes_the_parser(receptionist):
    api = APIClient()
    api.force_authenticate(receptionist)
    response = api.post("/api/v1/stays/", [as_json(vietnamese_guest())], format="json")
    assert response.status_code == 201


@pytest.mark.parametrize("q", [" ".join(["nguyen"] * 1100), "a" * 150,
                               " ".join(["an"] * 9)])
def test_a_police_name_query_longer_than_a_name_is_refused(client, sapa_officer, q):
    sign_in(client, sapa_officer)
    with override_settings(ELASTICSEARCH=DEAD):
        response = client.post("/api/v1/police/stays/search/", {"q": q},
                               content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["q"][0]


def test_a_police_name_of_eight_words_is_searched(client, sapa_officer):
    sign_in(client, sapa_officer)
    with override_settings(ELASTICSEARCH=DEAD):
        response = client.post("/api/v1/police/stays/search/",
                               {"q": "Nguyễn Thị Minh Khai An Bình Hà"},
                               content_type="application/json")
    assert response.status_code == 200


def test_the_police_page_says_the_query_is_too_long(client, sapa_officer):
    sign_in(client, sapa_officer)
    with override_settings(ELASTICSEARCH=DEAD):
        response = client.post("/en/police/search/", {"q": " ".join(["an"] * 20)})
    assert response.status_code == 400
    assert "at most 8 words" in response.content.decode()


def test_statistics_walk_only_the_nights_of_the_period(receptionist, homestay, sapa_officer):
    stay = services.register_stays(user=receptionist, establishment=homestay,
                                   guests=[vietnamese_guest()]).stays.get()
    far = timezone.now().replace(year=9999)
    Stay.objects.filter(pk=stay.pk).update(expected_departure=far)
    today = timezone.localdate()
    tables = statistics(sapa_officer, start=today - timedelta(days=6), end=today)
    assert tables["day"].totals == (1, 1)  # one arrival, one night (tonight) in the period


@pytest.mark.parametrize("name", ["nationality", "establishment", "commune",
                                  "document_number", "q"])
def test_a_nul_character_in_a_police_filter_is_not_a_500(client, sapa_officer, name):
    sign_in(client, sapa_officer)
    with override_settings(ELASTICSEARCH=DEAD):
        if name in ("document_number", "q"):  # terms that identify someone: posted, and
            response = client.post("/api/v1/police/stays/search/", {name: "VN\x00M"},
                                   content_type="application/json")
            assert response.status_code == 400  # DRF refuses a NUL with a message
            assert response.json()[name]
            return
        response = client.get("/api/v1/police/stays/", {name: "VN\x00M"})
    assert response.status_code == 200


def test_a_nul_character_in_the_hotels_search_is_not_a_500(client, owner):  # noqa: F811
    sign_in(client, owner)  # the history is the owner's
    found = client.post("/stays/history/", {"q": "An\x00"}, follow=True)
    assert found.status_code == 200 and found.redirect_chain[0][0].startswith(
        "/stays/history/?s=")
    api = client.post("/api/v1/stays/search/", {"q": "An\x00"},
                      content_type="application/json")
    assert api.status_code == 400 and api.json()["errors"][0]["field"] == "q"
