"""The hotel app's server side: the installable app's files, the card name, the
country picker, the dashboard lists and signing out."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from lodging import selectors, services
from lodging.countries import country_label, resolve_country
from lodging.forms import GuestForm
from lodging.identity import document_label
from lodging.models import Stay
from tests.lodging.conftest import as_json, french_guest, vietnamese_guest

pytestmark = pytest.mark.django_db
QR_2024 = "015191234567||Trần Thị Bình|02021991|Nữ|Phường Yên Bái, Lào Cai|15082024"


@pytest.fixture
def staff_client(client, receptionist):
    client.force_login(receptionist)
    return client


def test_the_service_worker_is_served_for_its_scope_in_each_language(client):
    for prefix in ("", "/en"):
        response = client.get(f"{prefix}/stays/sw.js")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/javascript")
        assert response["Service-Worker-Allowed"] == f"{prefix}/stays/"
        body = response.content.decode()
        assert f'"{prefix}/stays/register/"' in body and "/static/lodging/register.js" in body
        assert "{{" not in body and "{%" not in body


def test_the_manifest_makes_an_installable_app_under_stays(client):
    manifest = client.get("/stays/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["start_url"] == data["scope"] == "/stays/"
    assert data["display"] == "standalone"
    assert data["name"] == "Thông báo lưu trú Lào Cai"
    assert sorted(icon["sizes"] for icon in data["icons"]) == ["192x192", "512x512"]
    assert client.get("/en/stays/manifest.webmanifest").json()["scope"] == "/en/stays/"


def test_every_stays_page_links_the_manifest(staff_client):
    for url in ("/stays/", "/stays/register/", "/stays/history/", "/stays/offline/"):
        assert b'rel="manifest" href="/stays/manifest.webmanifest"' in staff_client.get(url).content
    assert b'rel="manifest"' in Client().get("/stays/login/").content


def test_signing_in_without_a_next_page_leads_to_the_board(client, receptionist):
    response = client.post("/stays/login/", {"username": "mai", "password": "long-password-1"})
    assert response.status_code == 302 and response["Location"] == "/stays/"
    assert client.get("/stays/login/")["Location"] == "/stays/"


def test_the_csrf_endpoint_says_who_is_signed_in_and_is_never_cached(staff_client):
    body = staff_client.get("/stays/csrf/")
    assert body.json()["user"] == "mai" and body.json()["token"]
    assert "no-cache" in body["Cache-Control"] or "max-age=0" in body["Cache-Control"]
    assert Client().get("/stays/csrf/").json()["user"] is None


def test_signing_out_clears_the_queue_kept_in_the_browser(staff_client):
    response = staff_client.post("/stays/logout/")
    assert response.status_code == 302
    assert '"storage"' in response["Clear-Site-Data"]


def test_a_card_issued_from_july_2024_is_a_can_cuoc_and_staff_may_change_it(api, receptionist,
                                                                          homestay):
    guest = {k: v for k, v in as_json(vietnamese_guest(room="7")).items()
             if k not in ("full_name", "sex", "date_of_birth", "document_type",
                          "document_number", "address")}
    response = api.post("/api/v1/stays/", {**guest, "qr": QR_2024}, format="json")
    assert response.status_code == 201, response.content
    stay = Stay.objects.get()
    assert stay.flags == ["can_cuoc"] and document_label(stay.document_type, stay.flags) \
        == "Căn cước"
    # The receptionist says the card is an older CCCD: no flag.
    changed = api.post("/api/v1/stays/", as_json(vietnamese_guest(
        document_number="010090123456", card_name="cccd")), format="json")
    assert changed.status_code == 201
    assert Stay.objects.get(document_number="010090123456").flags == []
    # A correction keeps the card's name.
    services.correct_stay(user=receptionist, stay=stay, changes={"room": "8"},
                          reason="moved rooms")
    assert Stay.objects.get(pk=stay.pk).flags == ["can_cuoc"]


def test_a_signed_in_browser_registers_as_the_form_and_a_token_as_the_api(api, receptionist):
    api.post("/api/v1/stays/", as_json(vietnamese_guest()), format="json")
    assert Stay.objects.get().submission.channel == "form"
    token = APIClient().post("/api/v1/auth/token/", {"username": "mai",
                                                      "password": "long-password-1"})
    pms = APIClient(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    pms.post("/api/v1/stays/", as_json(french_guest()), format="json")
    assert Stay.objects.get(nationality="FRA").submission.channel == "api"


def test_nationality_is_typed_as_a_name_in_either_language_and_stored_as_a_code():
    assert resolve_country("Pháp") == "FRA"
    assert resolve_country("germany") == "DEU"
    assert resolve_country("Hàn Quốc") == "KOR"
    assert resolve_country("vnm") == "VNM"
    assert country_label("KOR") == "Hàn Quốc" and country_label("KOR", "en") == "South Korea"
    form = GuestForm(data={"nationality": "Trung Quốc"})
    assert form.is_valid() and form.cleaned_data["nationality"] == "CHN"
    assert GuestForm(data={"nationality": "Pháp"}).is_foreign()
    assert not GuestForm(data={"nationality": "Việt Nam"}).is_foreign()


def test_the_dashboard_lists_each_guest_once(receptionist, homestay):
    now = timezone.now()
    services.register_stays(user=receptionist, establishment=homestay, guests=[
        vietnamese_guest(arrival=now - timedelta(days=2), expected_departure=now
                         + timedelta(days=1), room="1")], now=now - timedelta(days=2))
    services.register_stays(user=receptionist, establishment=homestay, guests=[
        french_guest(arrival=now - timedelta(minutes=30), room="2"),
        vietnamese_guest(full_name="Lò Văn Minh", document_number="010094123456",
                         date_of_birth=timezone.localdate().replace(year=1994),
                         arrival=now - timedelta(minutes=30), room="2")])
    left = Stay.objects.get(full_name="Lò Văn Minh")
    services.checkout_stay(user=receptionist, stay=left)
    lists = selectors.dashboard_lists(receptionist, homestay)
    names = {name: [stay.full_name for stay in stays] for name, stays in lists.items()}
    assert names == {"arrived_today": ["DUBOIS MARIE CLAIRE"],
                     "staying": ["Nguyễn Văn An"], "left_today": ["Lò Văn Minh"]}


def test_a_failed_submit_lists_every_problem_at_the_top_with_links(staff_client):
    now = timezone.localtime()
    response = staff_client.post("/stays/register/", {
        "guest-TOTAL_FORMS": "1", "guest-INITIAL_FORMS": "0", "room": "1",
        "arrival": now.strftime("%Y-%m-%dT%H:%M"),
        "expected_departure": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "guest-0-full_name": "Lò Thị Mai", "guest-0-document_type": "cccd",
        "guest-0-document_number": "999", "guest-0-nationality": "VNM"})
    page = response.content.decode()
    assert 'id="error-summary"' in page and 'id="error-summary" role="alert" tabindex="-1">' \
        in page
    assert 'href="#id_guest-0-document_number"' in page
    assert 'href="#id_guest-0-sex"' in page
    # Foreigner fields stay hidden for a Vietnamese guest; the CCCD brings the keypad.
    assert 'inputmode="numeric"' in page
    assert 'class="field field-visa_number foreign" hidden' in page
