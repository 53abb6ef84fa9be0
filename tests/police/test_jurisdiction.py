"""Who sees which stays: every page, the API and exports go through the jurisdiction."""

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from lodging.police.selectors import jurisdiction_for, search_stays, stays_in_jurisdiction
from tests.auth import sign_in

pytestmark = pytest.mark.django_db

PAGES = ["/en/police/", "/en/police/search/?q=nguyen",
         "/en/police/person/?type=cccd&number=011195000777", "/en/police/export/csv/",
         "/en/police/alerts/", "/en/police/watchlist/", "/en/police/statistics/"]


def test_a_commune_officer_sees_only_their_commune(sapa_officer, stays):
    names = set(stays_in_jurisdiction(sapa_officer).values_list("full_name", flat=True))
    assert names == {"Nguyễn Văn An", "DUBOIS MARIE CLAIRE"}
    assert not search_stays(sapa_officer, {"document_number": "011195000777"}).exists()


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
    for url in ("/en/police/", "/en/police/search/?late=on&q=", "/en/police/search/?q=hoa",
                "/en/police/person/?type=cccd&number=011195000777"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Lò Thị Hoa" not in response.content.decode() and "011195000777" not in \
            response.content.decode().split("<h1>", 2)[-1].split("</h1>")[-1], url
    page = client.get("/en/police/search/?q=nguyen van an").content.decode()
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
    response = client.get(url)
    assert response.status_code == 302
    assert "/police/login/" in response["Location"]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("who", ["auditor", "receptionist"])
def test_staff_and_auditors_are_refused_every_page(client, url, who, request, stays):
    sign_in(client, request.getfixturevalue(who))
    response = client.get(url)
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
    assert api.get("/api/v1/police/stays/?document_number=011195000777").json()["count"] == 0
    api.force_authenticate(provincial_officer)
    assert api.get("/api/v1/police/stays/").json()["count"] == 3
    assert api.get("/api/v1/police/stays/?q=lo thi hoa").json()["count"] == 1
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
