"""Receipts that prove: the PDF staff download, and the public verification of its code."""

import io
import re
from datetime import timedelta

import pytest
import zxingcpp
from django.core.cache import caches
from django.test import Client
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader
from rest_framework.test import APIClient

from lodging.models import Stay
from lodging.receipts import verification_url
from lodging.services import cancel_stay, correct_stay, register_stays
from tests.auth import sign_in
from tests.lodging.conftest import french_guest, vietnamese_guest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    caches["throttle"].clear()


@pytest.fixture
def notified(receptionist, homestay):
    """A family of two notified at once: a Vietnamese guest on time, a French guest late."""
    now = timezone.now()
    return register_stays(user=receptionist, establishment=homestay, guests=[
        vietnamese_guest(room="203"),
        french_guest(room="203", arrival=now - timedelta(hours=13)),
    ])


def personal_values(submission) -> list[str]:
    values = []
    for stay in Stay.objects.filter(submission=submission):
        born = stay.date_of_birth
        values += [stay.full_name, stay.document_number, born.isoformat(),
                   born.strftime("%d/%m/%Y"), born.strftime("%d.%m.%Y")]
        values += [part for part in stay.full_name.split() if len(part) > 3]
    return values


def read_pdf(body: bytes):
    reader = PdfReader(io.BytesIO(body))
    page = reader.pages[0]
    text = page.extract_text()
    links = [annotation.get_object()["/A"]["/URI"] for annotation in page["/Annots"]
             if annotation.get_object()["/Subtype"] == "/Link"]
    qr_payloads = []
    for image in page.images:
        picture = Image.open(io.BytesIO(image.data))
        qr_payloads += [code.text for code in zxingcpp.read_barcodes(picture)]
    fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    return reader, text, links, qr_payloads, fonts


def test_a_receptionist_downloads_the_pdf_whose_qr_opens_the_verification_page(
        api, notified, settings):
    settings.PUBLIC_BASE_URL = "https://luutru.example.vn"
    response = api.get(f"/api/v1/stays/receipts/{notified.receipt_code}/pdf",
                       HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content) if response.streaming else response.content

    reader, text, links, qr_payloads, fonts = read_pdf(body)
    url = f"https://luutru.example.vn/verify/{notified.receipt_code}/"
    assert notified.receipt_code in text
    assert url in text
    # The QR image decodes to the verification URL, and the same URL is the link.
    assert qr_payloads == [url]
    assert url in links
    # Vietnamese text comes through an embedded TrueType font, letters intact.
    assert "Cát Cát Valley Homestay" in text
    assert "Biên nhận thông báo lưu trú" in text
    assert "Số khách" in text and re.search(r"Số khách\s*2", text)
    assert "trễ" in text  # the French guest was notified after 12 hours
    assert all("/FontFile2" in font["/FontDescriptor"]
               for descendant in fonts for font in descendant["/DescendantFonts"])
    # A paper that leaves the desk carries no guest's identity.
    leaked = [value for value in personal_values(notified) if value in text]
    assert not leaked


def test_the_pdf_is_also_downloaded_from_the_receipt_page(client, receptionist, notified):
    sign_in(client, receptionist)
    page = client.get(f"/stays/receipts/{notified.receipt_code}/")
    pdf_url = f"/stays/receipts/{notified.receipt_code}/pdf"
    assert pdf_url in page.content.decode()
    response = client.get(pdf_url)
    assert response.status_code == 200
    _reader, text, links, qr_payloads, _fonts = read_pdf(response.content)
    assert qr_payloads == [f"http://testserver/verify/{notified.receipt_code}/"]
    assert qr_payloads[0] in links


def test_another_establishment_cannot_download_the_pdf(other_receptionist, notified):
    client = APIClient()
    client.force_authenticate(other_receptionist)
    response = client.get(f"/api/v1/stays/receipts/{notified.receipt_code}/pdf")
    assert response.status_code == 404
    anonymous = APIClient().get(f"/api/v1/stays/receipts/{notified.receipt_code}/pdf")
    assert anonymous.status_code == 401
    web = sign_in(Client(), other_receptionist).get(
        f"/stays/receipts/{notified.receipt_code}/pdf")
    assert web.status_code == 404


def test_anyone_verifies_the_receipt_without_learning_who_stayed(notified):
    page = Client().get(f"/verify/{notified.receipt_code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert notified.receipt_code in html
    assert "Cát Cát Valley Homestay" in html
    assert not [value for value in personal_values(notified) if value in html]
    assert "1 trên 2 khách thông báo trễ" in html or "1 of 2" in html

    api = APIClient().get(f"/api/v1/receipts/{notified.receipt_code}/")
    assert api.status_code == 200
    data = api.json()
    assert data["establishment"]["name"] == "Cát Cát Valley Homestay"
    assert data["guests"] == 2 and data["on_time"] == 1 and data["late"] == 1
    assert data["timeliness"] == "partly_late"
    assert data["changed_since"] is False
    assert data["verification_url"] == f"http://testserver/verify/{notified.receipt_code}/"
    flat = str(data)
    assert not [value for value in personal_values(notified) if value in flat]
    assert set(data) == {"receipt_code", "establishment", "notified_at", "guests", "on_time",
                         "late", "timeliness", "corrected", "cancelled", "changed_since",
                         "last_change_at", "verification_url"}


def test_corrections_and_cancellations_since_are_shown(receptionist, notified):
    first, second = notified.stays.order_by("id")
    correct_stay(user=receptionist, stay=first, changes={"room": "204"}, reason="Đổi phòng")
    cancel_stay(user=receptionist, stay=second, reason="Khách không đến")
    data = APIClient().get(f"/api/v1/receipts/{notified.receipt_code}/").json()
    assert data["corrected"] == 1 and data["cancelled"] == 1 and data["changed_since"]
    assert data["last_change_at"] is not None
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get(
        f"/en/verify/{notified.receipt_code}/").content.decode()
    assert "1 stay corrected or extended" in html and "1 stay cancelled" in html


def test_the_code_can_be_typed_into_the_form(notified):
    client = Client()
    assert client.get("/verify/").status_code == 200
    typed = notified.receipt_code.lower().replace("-", "- ", 1) + "-2"
    response = client.get("/verify/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{notified.receipt_code}/"


def test_unknown_codes_are_not_found(notified):
    assert Client().get("/verify/LC-000000-AAAAAA/").status_code == 404
    assert Client().get("/verify/nonsense/").status_code == 404
    response = APIClient().get("/api/v1/receipts/LC-000000-AAAAAA/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_guessing_is_throttled_per_address_across_page_and_api(notified, settings):
    settings.RECEIPT_LOOKUP_RATE = "5/minute"
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    statuses = [guesser.get(f"/verify/LC-000000-AAAAA{n}/").status_code for n in range(3)]
    statuses += [APIClient(REMOTE_ADDR="203.0.113.7").get(
        f"/api/v1/receipts/LC-000000-AAAAA{n}/").status_code for n in range(3, 6)]
    assert statuses == [404] * 5 + [429]
    # Even a real code is refused now, and an invented X-Forwarded-For changes nothing.
    spoofed = APIClient(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert spoofed.get(f"/api/v1/receipts/{notified.receipt_code}/").status_code == 429
    page = guesser.get(f"/verify/{notified.receipt_code}/")
    assert page.status_code == 429 and page["Retry-After"]
    # Another address is not held back.
    other = Client(REMOTE_ADDR="203.0.113.8").get(f"/verify/{notified.receipt_code}/")
    assert other.status_code == 200


def test_behind_a_proxy_the_client_address_counts(notified, settings):
    settings.RECEIPT_LOOKUP_RATE = "2/minute"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for n in range(2):
        assert APIClient(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").get(
            f"/api/v1/receipts/{notified.receipt_code}/").status_code == 200
    # Two clients through the same proxy, each with its own budget.
    repeat = APIClient(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.0")
    assert repeat.get(f"/api/v1/receipts/{notified.receipt_code}/").status_code == 200
    assert repeat.get(f"/api/v1/receipts/{notified.receipt_code}/").status_code == 429


def test_verification_url_follows_the_public_base_url(settings):
    settings.PUBLIC_BASE_URL = "https://luutru.example.vn/"
    assert verification_url("LC-261128-ABC234") == (
        "https://luutru.example.vn/verify/LC-261128-ABC234/")
