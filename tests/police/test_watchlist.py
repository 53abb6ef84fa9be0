"""A registration matching the watchlist raises an alert in its own transaction."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from lodging.models import Stay
from lodging.police.audit import term_digest
from lodging.police.models import AuditEvent, WatchlistAlert
from lodging.police.permissions import jurisdiction_for
from lodging.police.selectors import open_alerts
from lodging.police.watchlist import acknowledge_alert, add_watchlist_entry
from lodging.services import register_stays
from tests.auth import sign_in
from tests.lodging.conftest import as_json, vietnamese_guest

pytestmark = pytest.mark.django_db


@pytest.fixture
def wanted(sapa_officer):
    return add_watchlist_entry(user=sapa_officer, document_type="cccd",
                               document_number="010 090 123 456", reason="Truy nã")


def test_a_matching_document_raises_one_alert(wanted, homestay, receptionist):
    submission = register_stays(user=receptionist, establishment=homestay,
                                guests=[vietnamese_guest()])
    alert = WatchlistAlert.objects.get()
    assert alert.stay == submission.stays.get() and alert.entry == wanted and alert.is_open


def test_a_name_without_accents_and_birth_date_match_too(sapa_officer, homestay, receptionist):
    add_watchlist_entry(user=sapa_officer, full_name="NGUYEN VAN AN",
                        date_of_birth=date(1990, 5, 17), reason="Cần xác minh")
    add_watchlist_entry(user=sapa_officer, full_name="Nguyễn Văn An",
                        date_of_birth=date(1970, 1, 1), reason="Người khác")
    register_stays(user=receptionist, establishment=homestay, guests=[vietnamese_guest()])
    assert [a.entry.reason for a in WatchlistAlert.objects.all()] == ["Cần xác minh"]


def test_expired_or_inactive_entries_raise_nothing(sapa_officer, homestay, receptionist):
    add_watchlist_entry(user=sapa_officer, document_number="010090123456", reason="old",
                        expires_at=timezone.now() - timedelta(days=1))
    register_stays(user=receptionist, establishment=homestay, guests=[vietnamese_guest()])
    assert not WatchlistAlert.objects.exists()


def test_the_alert_rolls_back_with_the_registration(wanted, homestay, receptionist):
    with pytest.raises(RuntimeError), transaction.atomic():
        register_stays(user=receptionist, establishment=homestay, guests=[vietnamese_guest()])
        assert WatchlistAlert.objects.count() == 1  # written inside the same transaction
        raise RuntimeError("the request failed after registering")
    assert not Stay.objects.exists() and not WatchlistAlert.objects.exists()


def test_the_establishment_is_never_told(wanted, receptionist, homestay):
    api = APIClient()
    api.force_authenticate(receptionist)
    flagged = api.post("/api/v1/stays/", as_json(vietnamese_guest()), format="json").json()
    clean = api.post("/api/v1/stays/", as_json(vietnamese_guest(
        document_number="010090999999", room="102")), format="json").json()
    assert WatchlistAlert.objects.count() == 1
    assert set(flagged) == set(clean) and set(flagged["stays"][0]) == set(clean["stays"][0])
    assert flagged["stays"][0]["flags"] == clean["stays"][0]["flags"]
    listed = api.get("/api/v1/stays/").content.decode()
    assert "Truy nã" not in listed and "watch" not in listed.lower()


def test_alerts_are_visible_only_in_the_jurisdiction(wanted, homestay, receptionist,
                                                     bacha_officer, provincial_officer):
    register_stays(user=receptionist, establishment=homestay, guests=[vietnamese_guest()])
    assert open_alerts(jurisdiction_for(bacha_officer)).count() == 0
    assert open_alerts(jurisdiction_for(provincial_officer)).count() == 1
    with pytest.raises(WatchlistAlert.DoesNotExist):
        acknowledge_alert(user=bacha_officer, alert_id=WatchlistAlert.objects.get().pk,
                          note="not mine")


def test_an_alert_is_acknowledged_with_a_note(client, wanted, homestay, receptionist,
                                              sapa_officer):
    register_stays(user=receptionist, establishment=homestay, guests=[vietnamese_guest()])
    alert = WatchlistAlert.objects.get()
    sign_in(client, sapa_officer)
    assert "Nguyễn Văn An" in client.get("/en/police/").content.decode().split('id="alerts"')[1]
    client.post(f"/en/police/alerts/{alert.pk}/acknowledge/", {"note": ""})
    alert.refresh_from_db()
    assert alert.is_open
    client.post(f"/en/police/alerts/{alert.pk}/acknowledge/", {"note": "Đã xác minh tại chỗ"})
    alert.refresh_from_db()
    assert alert.acknowledged_by == sapa_officer and alert.note == "Đã xác minh tại chỗ"
    assert AuditEvent.objects.filter(action="alert_ack", object_ref=f"alert:{alert.pk}").exists()
    assert open_alerts(jurisdiction_for(sapa_officer)).count() == 0


def test_only_watchlist_managers_add_entries(client, bacha_officer, sapa_officer):
    with pytest.raises(PermissionDenied):
        add_watchlist_entry(user=bacha_officer, document_number="X1", reason="r")
    sign_in(client, bacha_officer)
    assert client.post("/en/police/watchlist/", {"document_number": "X1", "reason": "r"}
                       ).status_code == 403
    sign_in(client, sapa_officer)
    response = client.post("/en/police/watchlist/", {"document_number": "b 123-45",
                                                     "reason": "Trốn truy nã"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="watchlist_add")
    # The number as its keyed hash (the same whatever spaces and dashes were typed).
    assert event.params["terms"] == {"document_number": term_digest("document_number",
                                                                    "B12345")}
    assert "B12345" not in str(event.params)
    response = client.post("/en/police/watchlist/", {"reason": "nobody"})
    assert "Give a document number or a full name." in response.content.decode()


def test_a_spreadsheet_is_imported_all_or_nothing(client, sapa_officer, bacha_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lodging.police.models import WatchlistEntry

    header = "document_type,document_number,full_name,date_of_birth,reason,expires_at\n"
    good = header + ("passport,15FR 12345,,,Vi phạm xuất nhập cảnh,2027-01-01T00:00:00\n"
                     ",,Lò Văn Bình,1988-04-02,Cần xác minh,\n")
    bad = header + ("cccd,010090123456,,,Truy nã,\n"
                    ",,,,không có tên,\n"
                    ",,Ai Đó,31/02/1988,ngày sai,\n")
    sign_in(client, bacha_officer)
    assert client.post("/en/police/watchlist/import/", {
        "file": SimpleUploadedFile("w.csv", good.encode())}).status_code == 403
    sign_in(client, sapa_officer)
    response = client.post("/en/police/watchlist/import/", {
        "file": SimpleUploadedFile("w.csv", bad.encode())}, follow=True)
    page = response.content.decode()
    assert "Row 3: Give a document number or a full name." in page
    assert "Row 4: “31/02/1988” is not a date (use DD/MM/YYYY)." in page
    assert not WatchlistEntry.objects.exists()
    client.post("/en/police/watchlist/import/", {
        "file": SimpleUploadedFile("w.csv", good.encode())})
    entries = {e.document_number or e.full_name_folded: e for e in WatchlistEntry.objects.all()}
    assert set(entries) == {"15FR12345", "lo van binh"}
    assert entries["lo van binh"].date_of_birth == date(1988, 4, 2)
    assert AuditEvent.objects.get(action="watchlist_import").row_count == 2
