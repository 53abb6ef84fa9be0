"""The hotel UI at /stays/: registration, actions, receipts, uploads, exports."""

import io
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lodging import services
from lodging.models import Stay
from lodging.resources import STAY_COLUMNS
from tests.auth import sign_in
from tests.lodging.conftest import french_guest, vietnamese_guest
from tests.lodging.test_stay_sheet import xlsx

pytestmark = pytest.mark.django_db
QR = "010090123456|123456789|Nguyễn Văn An|17051990|Nam|Phường Sa Pa, Lào Cai|01072021"
LOCAL = "%Y-%m-%dT%H:%M"


@pytest.fixture
def staff_client(client, receptionist):
    sign_in(client, receptionist)
    return client


def group_post(guests, **extra):
    now = timezone.localtime()
    data = {"room": "101", "arrival": (now - timedelta(minutes=30)).strftime(LOCAL),
            "expected_departure": (now + timedelta(days=2)).strftime(LOCAL),
            "reason": "du lịch", "guest-TOTAL_FORMS": str(len(guests)),
            "guest-INITIAL_FORMS": "0", "guest-MIN_NUM_FORMS": "0",
            "guest-MAX_NUM_FORMS": "20", "establishment": "SAPA-0001", **extra}
    for index, guest in enumerate(guests):
        for key, value in guest.items():
            data[f"guest-{index}-{key}"] = value
    return data


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get("/stays/")
    assert response.status_code == 302 and "/stays/login/" in response["Location"]


def test_a_family_is_registered_from_a_scan_and_typed_fields(staff_client):
    typed = {"full_name": "Lò Thị Mai", "sex": "F", "date_of_birth": "2001-07-02",
             "document_type": "cccd", "document_number": "010301000001",
             "nationality": "VNM", "address": "Xã Y Tý"}
    response = staff_client.post("/stays/register/", group_post([{"scan": QR}, typed]))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "/stays/receipts/LC-" in response["Location"]
    assert Stay.objects.count() == 2
    receipt = staff_client.get(response["Location"])
    assert "Nguyễn Văn An" in receipt.content.decode() and "Lò Thị Mai" in receipt.content.decode()
    download = staff_client.get(response["Location"] + "?download=1")
    assert download["Content-Disposition"].startswith("attachment;")


def test_errors_show_on_the_right_guest_and_nothing_is_saved(staff_client):
    response = staff_client.post("/stays/register/", group_post(
        [{"scan": QR}, {"full_name": "X", "sex": "M", "date_of_birth": "1990-01-01",
                        "document_type": "cccd", "document_number": "999",
                        "nationality": "VNM", "address": "A"}]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Số CCCD phải gồm đúng 12 chữ số." in body
    assert Stay.objects.count() == 0


def test_the_scan_endpoint_fills_fields_or_says_what_is_wrong(staff_client):
    ok = staff_client.post("/stays/scan/", {"text": QR}).json()
    assert ok["fields"]["document_number"] == "010090123456"
    bad = staff_client.post("/en/stays/scan/", {"text": "P<FRA\nshort"})
    assert bad.status_code == 400 and bad.json()["errors"]


def test_other_establishments_stays_are_invisible_in_the_ui(
        client, receptionist, homestay, other_receptionist, other_owner):
    stay = services.register_stays(user=receptionist, establishment=homestay,
                                   guests=[vietnamese_guest()]).stays.get()
    sign_in(client, other_receptionist)
    assert client.get(f"/stays/{stay.pk}/").status_code == 404
    assert client.post(f"/stays/{stay.pk}/checkout/").status_code == 404
    assert client.get(f"/stays/receipts/{stay.submission.receipt_code}/").status_code == 404
    sign_in(client, other_owner)  # the owner of the other hotel: history and exports
    history = client.post("/stays/history/", {"q": "nguyen"}, follow=True)
    assert history.status_code == 200 and "Nguyễn Văn An" not in history.content.decode()
    export = client.get("/stays/export.csv").content.decode("utf-8")
    assert "010090123456" not in export
    stay.refresh_from_db()
    assert stay.status == "registered"


def test_checkout_correction_and_history_from_the_stay_page(staff_client, receptionist,
                                                            homestay):
    stay = services.register_stays(user=receptionist, establishment=homestay,
                                   guests=[vietnamese_guest()]).stays.get()
    staff_client.post(f"/stays/{stay.pk}/correct/", {"fix-room": "102",
                                                     "fix-reason": "đổi phòng"})
    staff_client.post(f"/stays/{stay.pk}/checkout/")
    page = staff_client.get(f"/en/stays/{stay.pk}/").content.decode()
    assert "đổi phòng" in page and "101 → 102" in page
    stay.refresh_from_db()
    assert stay.status == "checked_out" and stay.room == "102"


def _xlsx(rows):
    return xlsx(STAY_COLUMNS, rows)


def _sheet_row(guest):
    local = {k: (timezone.localtime(v).strftime("%Y-%m-%d %H:%M")
                 if k in ("arrival", "expected_departure") else
                 v.isoformat() if hasattr(v, "isoformat") else v) for k, v in guest.items()}
    return {"establishment_code": "SAPA-0001", **local}


def test_a_spreadsheet_is_previewed_then_imported_all_or_nothing(staff_client):
    good = [_sheet_row(vietnamese_guest()), _sheet_row(french_guest())]
    bad = [*good, _sheet_row(vietnamese_guest(document_number="010090999999",
                                              date_of_birth=timezone.localdate()
                                              .replace(year=1991)))]
    preview = staff_client.post("/en/stays/upload/", {"file": _xlsx(bad)})
    body = preview.content.decode()
    assert "1 row has errors; nothing was saved." in body
    # header is row 1: the third guest is on row 4, its problem under its column
    [(number, name, messages)] = preview.context["errors"]
    assert (number, name) == (4, "Nguyễn Văn An") and 'id="row-4"' in body
    assert messages[0].startswith("Column “document_number”: Digits 4 to 6 give birth year")
    assert Stay.objects.count() == 0

    checked = staff_client.post("/en/stays/upload/", {"file": _xlsx(good)})
    assert "All 2 rows are valid." in checked.content.decode()
    assert Stay.objects.count() == 0  # a preview saves nothing
    digest = checked.context["digest"]
    done = staff_client.post("/en/stays/upload/", {"confirm": digest, "ext": "xlsx"})
    assert done.status_code == 302
    assert Stay.objects.count() == 2
    assert set(Stay.objects.values_list("submission__channel", flat=True)) == {"upload"}


def test_a_broken_file_gets_a_clear_message(staff_client):
    broken = io.BytesIO(b"PK\x03\x04 not really a workbook")
    broken.name = "stays.xlsx"
    response = staff_client.post("/en/stays/upload/", {"file": broken})
    assert "This is not a readable XLSX file." in response.content.decode()


def test_the_template_follows_the_page_language_and_the_export_has_the_contract_columns(
        staff_client, receptionist, homestay, owner):
    template = staff_client.get("/stays/upload/template.csv").content
    assert template.startswith(b"\xef\xbb\xbf")  # so Excel reads the headers as UTF-8
    assert template.decode("utf-8-sig").split(",")[:3] == ["Mã cơ sở", "Họ và tên",
                                                           "Giới tính"]
    services.register_stays(user=receptionist, establishment=homestay,
                            guests=[vietnamese_guest(full_name="=HYPERLINK(1)")])
    assert staff_client.get("/stays/export.csv").status_code == 403  # receptionists: no
    sign_in(staff_client, owner)
    export = staff_client.get("/stays/export.csv").content.decode("utf-8")
    assert "'=HYPERLINK(1)" in export and "SAPA-0001" in export


def test_receptionists_see_todays_guests_and_owners_the_history(
        client, receptionist, owner, homestay):
    """A receptionist registers, checks out and sees today's guests; the stay that ended
    last week, the history and the exports are the owner's."""
    now = timezone.now()
    old = services.register_stays(user=receptionist, establishment=homestay, guests=[
        vietnamese_guest(full_name="Khách Tuần Trước", document_number="010090000321",
                         arrival=now - timedelta(days=6),
                         expected_departure=now - timedelta(days=4))],
        now=now - timedelta(days=6)).stays.get()
    services.checkout_stay(user=receptionist, stay=old, departure=now - timedelta(days=4))
    today = services.register_stays(user=receptionist, establishment=homestay,
                                    guests=[vietnamese_guest()]).stays.get()
    sign_in(client, receptionist)
    assert client.get(f"/stays/{today.pk}/").status_code == 200
    assert client.get(f"/stays/{old.pk}/").status_code == 404
    assert client.get(f"/stays/receipts/{old.submission.receipt_code}/").status_code == 404
    refused = client.get("/en/stays/history/")
    assert refused.status_code == 403 and "owner" in refused.content.decode()
    assert client.get("/stays/export.xlsx").status_code == 403
    assert "Khách Tuần Trước" not in client.get("/api/v1/stays/").content.decode()
    assert client.post(f"/stays/{today.pk}/checkout/").status_code == 302
    sign_in(client, owner)
    assert client.get(f"/stays/{old.pk}/").status_code == 200
    assert "Khách Tuần Trước" in client.get("/stays/history/").content.decode()
    assert "Khách Tuần Trước" in client.get("/stays/export.csv").content.decode("utf-8")


def test_an_owner_searches_past_stays_by_posting_and_no_url_carries_the_terms(
        client, receptionist, owner, homestay):
    """The search box takes names and document numbers: it is posted, and the results,
    their pages and their exports are reached by an opaque id kept in the session."""
    guests = [vietnamese_guest(full_name="Nguyễn Văn Khách", room=str(n),
                               document_number=f"0100900{n:05d}") for n in range(55)]
    services.register_stays(user=receptionist, establishment=homestay, guests=guests)
    services.register_stays(user=receptionist, establishment=homestay, guests=[
        vietnamese_guest(full_name="Lò Thị Mai", sex="F", date_of_birth=date(2001, 7, 2),
                         document_number="010301000001")])
    sign_in(client, owner)
    posted = client.post("/stays/history/", {"q": "nguyen van khach"})
    assert posted.status_code == 302
    results = posted["Location"]
    assert results.startswith("/stays/history/?s=") and "nguyen" not in results
    first = client.get(results).content.decode()
    assert "Lò Thị Mai" not in first and first.count("Nguyễn Văn Khách") == 50
    assert 'value="nguyen van khach"' in first  # the box shows what was searched
    search_id = results.split("?s=")[1]
    assert f'href="?s={search_id}&amp;page=2"' in first  # paging keeps the id, and only it
    assert client.get(f"{results}&page=2").content.decode().count("Nguyễn Văn Khách") == 5
    assert f"/stays/export.csv?s={search_id}" in first
    export = client.get(f"/stays/export.csv?s={search_id}").content.decode("utf-8")
    assert export.count("Nguyễn Văn Khách") == 55 and "Lò Thị Mai" not in export
    by_number = client.get(client.post("/stays/history/", {"q": "010301000001"})["Location"])
    assert "Lò Thị Mai" in by_number.content.decode()
    # The id is worthless in another session.
    other = Client()
    sign_in(other, owner)
    assert "Lò Thị Mai" in other.get(results).content.decode()  # the whole history instead
    assert "expired" in other.get("/en" + results).content.decode()


def test_past_stays_searches_in_a_url_are_refused(client, owner):
    from tests.hardening.privacy_support import on_purpose

    with on_purpose():
        anonymous = client.get("/stays/history/?q=nguyen+van+an")
        sign_in(client, owner)
        refused = client.get("/en/stays/history/?q=nguyen+van+an")
        export = client.get("/stays/export.csv?q=010090123456")
    # Signed out: to the sign-in, whose `next` does not copy the terms.
    assert anonymous.status_code == 302 and "nguyen" not in anonymous["Location"]
    assert anonymous["Location"].startswith("/stays/login/?next=/stays/history/")
    assert refused.status_code == 400 and "search box" in refused.content.decode()
    assert export.status_code == 400
