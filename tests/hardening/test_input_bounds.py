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
from lodging.police.permissions import jurisdiction_for
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


def _provincial_officer(django_user_model):
    from lodging.police.models import PoliceOfficer, PoliceRole

    user = django_user_model.objects.create_user("officer-nested", password="x" * 12)
    PoliceOfficer.objects.create(user=user, role=PoliceRole.PROVINCIAL_OFFICER)
    return user


@pytest.mark.parametrize("url", ["/api/v1/auth/token/", "/api/v1/stays/",
                                 "/api/v1/national/batches/", "/api/v1/police/stays/search/"])
def test_deeply_nested_json_is_a_400(url, receptionist, django_user_model):
    client = APIClient()
    if url == "/api/v1/police/stays/search/":
        client.force_authenticate(_provincial_officer(django_user_model))
    elif url != "/api/v1/auth/token/":
        client.force_authenticate(receptionist)
    with translation.override("en"):
        response = client.post(url, NESTED, content_type="application/json",
                               HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content[:300]
    assert "nested 50000 levels deep" in response.content.decode()
    assert Stay.objects.count() == 0


def _api_views():
    from django.urls import get_resolver
    from rest_framework.views import APIView

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns)
            else:
                view = getattr(pattern.callback, "cls", None)
                if isinstance(view, type) and issubclass(view, APIView):
                    yield view
    return set(walk(get_resolver().url_patterns))


def test_every_api_view_reads_json_through_the_bounded_parser():
    """A view that names its own parsers must not bring back DRF's unbounded one."""
    from rest_framework.parsers import JSONParser

    from cms.api_parsers import BoundedJSONParser

    views = _api_views()
    assert len(views) > 10
    unbounded = sorted(f"{view.__module__}.{view.__qualname__}" for view in views
                       for parser in view.parser_classes
                       if issubclass(parser, JSONParser)
                       and not issubclass(parser, BoundedJSONParser))
    assert unbounded == []


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
    tables = statistics(jurisdiction_for(sapa_officer), start=today - timedelta(days=6), end=today)
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


def test_days_nobody_means_narrow_nothing_and_never_fail(client, receptionist,
                                                         django_user_model):
    """Year 1 and year 9999 are valid ISO dates that no moment of a time zone east of
    UTC can hold: every date filter, with the index down (the database answers), stays a
    200 or a 400 with a message."""
    from lodging.police.models import PoliceOfficer, PoliceRole

    officer = _provincial_officer(django_user_model)
    auditor = django_user_model.objects.create_user("auditor-days", password="x" * 12)
    PoliceOfficer.objects.create(user=auditor, role=PoliceRole.AUDITOR)
    far = {"arrival_from": "0001-01-01", "arrival_to": "9999-12-31"}
    with override_settings(ELASTICSEARCH=DEAD):
        api = APIClient()
        api.force_authenticate(officer)
        assert api.get("/api/v1/police/stays/", far).status_code == 200
        assert api.post("/api/v1/police/stays/search/", {**far, "q": "an"},
                        format="json").status_code == 200
        staff = APIClient()
        staff.force_authenticate(receptionist)
        assert staff.get("/api/v1/stays/", far).status_code in (200, 400)
        assert staff.post("/api/v1/national/batches/", {
            "date_from": "0001-01-01", "date_to": "0001-01-01", "kind": "vn"},
            format="json").status_code == 400
        sign_in(client, officer)
        for url in ("/en/police/statistics/?from=0001-01-01&to=9999-12-31",
                    "/en/police/establishments/?since=0001-01-01"):
            assert client.get(url).status_code == 200, url
        assert client.post("/en/police/search/", {**far, "q": "an"},
                           follow=True).status_code == 200
        sign_in(client, auditor)
        assert client.get("/en/police/audit/?from=0001-01-01&to=9999-12-31").status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/auth/token/", "/stays/login/", "/police/login/"])
def test_a_nul_character_in_a_username_is_no_500(client, url):
    """PostgreSQL cannot compare text holding a NUL: the sign-ins and their lockout
    check refuse such a name before anything asks the database."""
    response = client.post(url, {"username": "mai\x00", "password": "long-password-1"})
    assert response.status_code in (200, 400), response.status_code
