"""Who sees which stays: every page, the API and exports go through the jurisdiction."""

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from lodging.police.permissions import jurisdiction_for, stays_in_jurisdiction
from lodging.police.stay_search import StaySearchParams, database_search
from tests.auth import sign_in
from tests.police.conftest import police_search

pytestmark = pytest.mark.django_db

PAGES = ["/en/police/", "/en/police/search/", "/en/police/search/?late=on",
         lambda stays: f"/en/police/stays/{stays['bacha'][0].pk}/timeline/",
         "/en/police/export/csv/", "/en/police/alerts/", "/en/police/watchlist/",
         "/en/police/statistics/"]


def _url(url, stays):
    return url(stays) if callable(url) else url


def test_a_commune_officer_sees_only_their_commune(sapa_officer, stays):
    names = set(stays_in_jurisdiction(sapa_officer).values_list("full_name", flat=True))
    assert names == {"Nguyễn Văn An", "DUBOIS MARIE CLAIRE"}
    assert not database_search(jurisdiction_for(sapa_officer),
                               StaySearchParams(document_number="011195000777")).exists()


def test_the_provincial_officer_sees_the_whole_province(provincial_officer, stays):
    assert stays_in_jurisdiction(provincial_officer).count() == 3


@pytest.mark.parametrize("who", ["auditor", "receptionist", "anonymous", "superuser"])
def test_everyone_else_gets_no_stays(who, request, django_user_model, stays):
    from django.contrib.auth.models import AnonymousUser
    user = {"anonymous": lambda: AnonymousUser(),
            "superuser": lambda: django_user_model.objects.create_superuser("root", "r@x.vn", "pw"),
            }.get(who, lambda: request.getfixturevalue(who))()
    with pytest.raises(PermissionDenied):
        jurisdiction_for(user)
    with pytest.raises(PermissionDenied):
        stays_in_jurisdiction(user)


def test_ui_pages_of_a_commune_officer_never_show_another_commune(client, sapa_officer, stays):
    sign_in(client, sapa_officer)
    pages = [client.get("/en/police/"), police_search(client, late="on"),
             police_search(client, q="hoa"),
             police_search(client, document_number="011195000777")]
    for response in pages:
        assert response.status_code == 200
        assert "Lò Thị Hoa" not in response.content.decode()
        assert "011195000777" not in response.content.decode().split("</form>")[-1]
    # Bắc Hà's stay is "not found" by its id: its timeline cannot be opened from Sa Pa.
    timeline = client.get(f"/en/police/stays/{stays['bacha'][0].pk}/timeline/")
    assert timeline.status_code == 404 and "Lò Thị Hoa" not in timeline.content.decode()
    page = police_search(client, q="nguyen van an").content.decode()
    assert "Nguyễn Văn An" in page


def test_exports_of_a_commune_officer_hold_only_their_commune(client, sapa_officer, stays):
    sign_in(client, sapa_officer)
    rows = list(csv.DictReader(io.StringIO(
        client.get("/en/police/export/csv/").content.decode("utf-8-sig"))))
    assert sorted(r["document_number"] for r in rows) == ["010090123456", "15FR12345"]
    book = openpyxl.load_workbook(io.BytesIO(client.get("/en/police/export/xlsx/").content))
    sheet = book.active
    numbers = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(numbers) == ["010090123456", "15FR12345"]


def test_the_provincial_officer_exports_everything(client, provincial_officer, stays):
    sign_in(client, provincial_officer)
    rows = list(csv.DictReader(io.StringIO(
        client.get("/en/police/export/csv/").content.decode("utf-8-sig"))))
    assert len(rows) == 3


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_users_are_sent_to_login(client, url, stays):
    response = client.get(_url(url, stays))
    assert response.status_code == 302
    assert "/police/login/" in response["Location"]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("who", ["auditor", "receptionist"])
def test_staff_and_auditors_are_refused_every_page(client, url, who, request, stays):
    sign_in(client, request.getfixturevalue(who))
    response = client.get(_url(url, stays))
    assert response.status_code == 403
    assert "Nguyễn" not in response.content.decode()


def test_api_is_scoped_to_the_jurisdiction(sapa_officer, provincial_officer, stays):
    api = APIClient()
    api.force_authenticate(sapa_officer)
    body = api.get("/api/v1/police/stays/").json()
    assert body["count"] == 2
    assert {r["commune"] for r in body["results"]} == {stays["sapa"][0].establishment.commune.code}
    assert set(body["results"][0]) == {
        "id", "full_name", "sex", "date_of_birth", "document_type", "document_number",
        "nationality", "establishment_code", "commune", "room", "arrival",
        "expected_departure", "departure", "notified_at", "deadline", "late"}
    assert api.post("/api/v1/police/stays/search/", {"document_number": "011195000777"},
                    format="json").json()["count"] == 0
    api.force_authenticate(provincial_officer)
    assert api.get("/api/v1/police/stays/").json()["count"] == 3
    assert api.post("/api/v1/police/stays/search/", {"q": "lo thi hoa"},
                    format="json").json()["count"] == 1
    assert api.get("/api/v1/police/stays/?nationality=FRA").json()["count"] == 1
    assert api.get("/api/v1/police/stays/?establishment=BACHA-0001").json()["count"] == 1


@pytest.mark.parametrize("who", ["auditor", "receptionist"])
def test_api_refuses_staff_and_auditors(who, request, stays):
    api = APIClient()
    api.force_authenticate(request.getfixturevalue(who))
    response = api.get("/api/v1/police/stays/")
    assert response.status_code == 403
    assert "results" not in response.json()


def test_api_refuses_anonymous(stays):
    assert APIClient().get("/api/v1/police/stays/").status_code in (401, 403)
    assert APIClient().post("/api/v1/police/stays/search/", {"q": "nguyen"},
                            format="json").status_code in (401, 403)


@pytest.mark.parametrize("who", ["auditor", "receptionist"])
def test_the_search_api_refuses_staff_and_auditors(who, request, stays):
    api = APIClient()
    api.force_authenticate(request.getfixturevalue(who))
    response = api.post("/api/v1/police/stays/search/", {"q": "nguyen"}, format="json")
    assert response.status_code == 403 and "results" not in response.json()
