"""The delivery ledger: every change of a stay's national status, the blocking checks,
the batches API, the reason for stay as a code and `export_national`."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from lodging import services as stay_services
from lodging.models import NationalStatus, Stay
from lodging.national import services
from lodging.national.models import BatchKind, BatchState, NationalReconciliation

from .conftest import as_json, french_guest, vietnamese_guest
from .national_support import NOW, TODAY, foreigner, register, vietnamese

pytestmark = pytest.mark.django_db


def _batch(user, establishment, kind=BatchKind.VIETNAMESE, now=NOW):
    return services.create_batch(user=user, establishment=establishment, kind=kind,
                                 date_from=TODAY, date_to=TODAY, now=now)


def _status(stay) -> str:
    return Stay.objects.get(pk=stay.pk).national_status


def test_a_typed_count_equal_to_the_batch_verifies_its_stays(receptionist, homestay):
    first, second = register(receptionist, homestay, vietnamese(),
                             vietnamese(document_number="001195012346", room="102"))
    assert _status(first) == NationalStatus.PENDING
    batch = _batch(receptionist, homestay)
    assert batch.state == BatchState.EXPORTED and batch.count == 2
    assert {_status(first), _status(second)} == {NationalStatus.EXPORTED}

    batch = services.reconcile_batch(user=receptionist, batch=batch, seen=2)
    assert batch.state == BatchState.VERIFIED and batch.seen_count == 2
    assert {_status(first), _status(second)} == {NationalStatus.VERIFIED}
    assert all(item.verified_at for item in batch.items.all())
    # Reconciled once: a second click changes nothing.
    with pytest.raises(services.NationalError):
        services.reconcile_batch(user=receptionist, batch=batch, seen=2)


def test_a_count_that_differs_fails_the_batch_and_its_stays_are_pending_again(
        receptionist, homestay):
    stay, other = register(receptionist, homestay, vietnamese(),
                           vietnamese(document_number="001195012346", room="102"))
    batch = services.reconcile_batch(user=receptionist, batch=_batch(receptionist, homestay),
                                     seen=0)  # "import successful", zero records
    assert batch.state == BatchState.FAILED
    assert {_status(stay), _status(other)} == {NationalStatus.PENDING}
    assert NationalReconciliation.objects.get(batch=batch).expected == 2
    # The next batch takes them again.
    assert _batch(receptionist, homestay).count == 2


def test_a_correction_after_verification_makes_one_resend_and_it_goes_in_the_next_batch(
        receptionist, homestay):
    stay, untouched = register(receptionist, homestay, vietnamese(),
                               vietnamese(document_number="001195012346", room="102"))
    services.reconcile_batch(user=receptionist, batch=_batch(receptionist, homestay), seen=2)
    corrected = stay_services.correct_stay(user=receptionist, stay=stay,
                                           changes={"room": "201"}, reason="đổi phòng",
                                           now=NOW)
    assert corrected.national_status == NationalStatus.RESEND
    assert _status(stay) == NationalStatus.RESEND
    assert _status(untouched) == NationalStatus.VERIFIED
    again = _batch(receptionist, homestay, now=NOW + timedelta(minutes=5))
    assert list(again.items.values_list("stay_id", flat=True)) == [stay.pk]
    assert _status(stay) == NationalStatus.EXPORTED


def test_a_change_while_exported_stays_a_resend_whatever_the_reconciliation_says(
        receptionist, homestay):
    stay, other = register(receptionist, homestay, vietnamese(),
                           vietnamese(document_number="001195012346", room="102"))
    batch = _batch(receptionist, homestay)
    stay_services.extend_stay(user=receptionist, stay=stay,
                              expected_departure=NOW + timedelta(days=5), now=NOW)
    assert _status(stay) == NationalStatus.RESEND
    services.reconcile_batch(user=receptionist, batch=batch, seen=2)
    assert _status(stay) == NationalStatus.RESEND
    assert _status(other) == NationalStatus.VERIFIED


@pytest.mark.parametrize("change", ["checkout", "cancel"])
def test_check_out_and_cancellation_after_delivery_are_resends(receptionist, homestay, change):
    (stay,) = register(receptionist, homestay, vietnamese())
    services.reconcile_batch(user=receptionist, batch=_batch(receptionist, homestay), seen=1)
    if change == "checkout":
        stay_services.checkout_stay(user=receptionist, stay=stay, departure=NOW, now=NOW)
    else:
        stay_services.cancel_stay(user=receptionist, stay=stay, reason="nhập nhầm", now=NOW)
    assert _status(stay) == NationalStatus.RESEND


def test_a_cancelled_stay_is_never_exported(receptionist, homestay):
    (stay,) = register(receptionist, homestay, vietnamese())
    stay_services.cancel_stay(user=receptionist, stay=stay, reason="nhập nhầm", now=NOW)
    with pytest.raises(services.NationalError, match="Không có khách"):
        _batch(receptionist, homestay)
    assert _status(stay) == NationalStatus.PENDING


def test_the_portals_own_list_verifies_what_it_holds_and_returns_the_rest(
        receptionist, homestay):
    found, missing = register(receptionist, homestay, vietnamese(),
                              vietnamese(document_number="001195012346", room="102"))
    batch = _batch(receptionist, homestay)
    rows = [["STT", "Họ tên", "Số giấy tờ", "Ngày đến"],
            ["1", "Nguyễn Thị Ánh", "001195012345", "28/11/2026"],
            ["2", "Người khác", "001195012346", "27/11/2026"]]  # right number, wrong day
    batch = services.reconcile_with_list(user=receptionist, batch=batch, rows=rows)
    assert batch.state == BatchState.FAILED and batch.seen_count == 1
    assert _status(found) == NationalStatus.VERIFIED
    assert _status(missing) == NationalStatus.PENDING


def test_other_staff_cannot_reconcile_or_export(receptionist, homestay, other_receptionist):
    register(receptionist, homestay, vietnamese())
    with pytest.raises(PermissionError):
        _batch(other_receptionist, homestay)
    batch = _batch(receptionist, homestay)
    with pytest.raises(PermissionError):
        services.reconcile_batch(user=other_receptionist, batch=batch, seen=1)


# --- blocking checks: nothing written, messages in the user's language ---

def test_a_foreigner_whose_permitted_stay_is_the_passport_expiry_blocks_the_batch(
        receptionist, homestay):
    (stay,) = register(receptionist, homestay,
                       foreigner(permitted_stay_until=date(2031, 5, 1)))
    with pytest.raises(services.NationalError) as error:
        _batch(receptionist, homestay, kind=BatchKind.FOREIGN)
    (problem,) = error.value.problems
    assert problem.field == "permitted_stay_until" and "hộ chiếu" in problem.message
    assert problem.receipt_code == stay.receipt_code
    assert _status(stay) == NationalStatus.PENDING
    assert not homestay.national_batches.exists()


def test_a_foreigner_without_permitted_stay_blocks_the_batch(receptionist, homestay):
    (stay,) = register(receptionist, homestay, foreigner())
    Stay.objects.filter(pk=stay.pk).update(permitted_stay_until=None)  # older data
    with pytest.raises(services.NationalError) as error:
        _batch(receptionist, homestay, kind=BatchKind.FOREIGN)
    assert [p.field for p in error.value.problems] == ["permitted_stay_until"]


def test_the_same_document_twice_in_a_batch_blocks_it(receptionist, homestay):
    (first,) = register(receptionist, homestay, vietnamese(
        arrival=NOW - timedelta(hours=5), expected_departure=NOW - timedelta(hours=4)))
    stay_services.checkout_stay(user=receptionist, stay=first,
                                departure=NOW - timedelta(hours=4), now=NOW)
    register(receptionist, homestay, vietnamese(room="102"))
    with pytest.raises(services.NationalError) as error:
        _batch(receptionist, homestay)
    (problem,) = error.value.problems
    assert problem.field == "document_number" and first.receipt_code in problem.message


def test_a_name_the_portal_cannot_take_blocks_the_batch_in_english_too(
        receptionist, homestay):
    from django.utils import translation

    (stay,) = register(receptionist, homestay, foreigner(full_name="王伟"))
    with translation.override("en"), pytest.raises(services.NationalError) as error:
        _batch(receptionist, homestay, kind=BatchKind.FOREIGN)
    (problem,) = error.value.problems
    assert problem.field == "full_name" and "Latin capitals" in problem.message
    assert "王" not in str(error.value.as_dict())  # the guest's name is never repeated


def test_a_vietnamese_guest_without_a_reason_blocks_the_batch(receptionist, homestay):
    register(receptionist, homestay, vietnamese(reason=""))
    with pytest.raises(services.NationalError) as error:
        _batch(receptionist, homestay)
    assert [p.field for p in error.value.problems] == ["reason"]


@pytest.mark.parametrize("name", ["Nguyễn Văn An 2", "Nguyễn Văn (An)", "Nguyễn 文安"])
def test_a_vietnamese_name_the_card_format_rejects_blocks_the_batch(receptionist, homestay,
                                                                     name):
    (stay,) = register(receptionist, homestay, vietnamese())
    Stay.objects.filter(pk=stay.pk).update(full_name=name)  # older data, or an import
    with pytest.raises(services.NationalError) as error:
        _batch(receptionist, homestay)
    (problem,) = error.value.problems
    assert problem.field == "full_name" and problem.receipt_code == stay.receipt_code
    assert problem.message.startswith("Họ tên có ký tự Cổng không nhận")
    assert name not in str(error.value.as_dict())
    assert not homestay.national_batches.exists()


def test_reason_code_20_without_its_text_blocks_the_batch(receptionist, homestay):
    (stay,) = register(receptionist, homestay, vietnamese(reason="20"))
    assert (stay.reason_code, stay.reason) == ("20", "")
    with pytest.raises(services.NationalError) as error:
        _batch(receptionist, homestay)
    (problem,) = error.value.problems
    assert problem.field == "reason"
    assert problem.message == "Lý do lưu trú là “Mục đích khác” nhưng chưa ghi nội dung."


def test_a_nationality_missing_from_the_portals_list_blocks_the_batch(receptionist, homestay):
    (stay,) = register(receptionist, homestay, foreigner())
    Stay.objects.filter(pk=stay.pk).update(nationality="ATA")  # ISO 3166, not the portal's
    with pytest.raises(services.NationalError) as error:
        _batch(receptionist, homestay, kind=BatchKind.FOREIGN)
    (problem,) = error.value.problems
    assert problem.field == "nationality"
    assert problem.message == "Quốc tịch ATA không có trong danh mục của Cổng quốc gia."


@pytest.mark.parametrize("number", ["00119501234", "0011950123456", "00119501234X"])
def test_a_cccd_that_is_not_12_digits_blocks_the_batch(receptionist, homestay, number):
    (stay,) = register(receptionist, homestay, vietnamese())
    Stay.objects.filter(pk=stay.pk).update(document_number=number)  # older data
    with pytest.raises(services.NationalError) as error:
        _batch(receptionist, homestay)
    (problem,) = error.value.problems
    assert (problem.field, problem.message) == ("document_number", "Số CCCD gồm 12 chữ số.")
    assert problem.room == "101" and number not in str(error.value.as_dict())


# --- the portal's own list, uploaded on the staff page ---

def _portal_list(rows, *, numeric_numbers: bool) -> bytes:
    """The list the portal exports: a header row, then one row per record held. Its
    document numbers may be number cells (their leading zeros gone)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Họ và tên", "Số giấy tờ", "Ngày đến"])
    for index, (name, number, arrival) in enumerate(rows, start=1):
        sheet.append([index, name, int(number) if numeric_numbers else number, arrival])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize("numeric_numbers", [False, True])
def test_the_staff_page_takes_the_portals_own_list_even_with_numbers_for_document_numbers(
        client, receptionist, homestay, numeric_numbers):
    from datetime import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    cccd, cmnd, missing = register(
        receptionist, homestay, vietnamese(),
        vietnamese(document_type="cmnd", document_number="012345678", room="102"),
        vietnamese(document_number="001195012346", room="103"))
    batch = _batch(receptionist, homestay)
    content = _portal_list([("Nguyễn Thị Ánh", "001195012345", "28/11/2026"),
                            # A date cell, as the portal's own export writes it.
                            ("Nguyễn Thị Ánh", "012345678", datetime(2026, 11, 28)),
                            # Right number, wrong day: another stay of that guest.
                            ("Nguyễn Thị Ánh", "001195012346", "27/11/2026")],
                           numeric_numbers=numeric_numbers)
    client.force_login(receptionist)
    response = client.post(f"/en/stays/national/batches/{batch.pk}/reconcile/", {
        "portal_list": SimpleUploadedFile("danh-sach.xlsx", content)})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.state, batch.seen_count) == (BatchState.FAILED, 2)
    assert [_status(s) for s in (cccd, cmnd, missing)] == [
        NationalStatus.VERIFIED, NationalStatus.VERIFIED, NationalStatus.PENDING]
    assert NationalReconciliation.objects.get(batch=batch).method == "list"
    page = client.get("/en/stays/national/").content.decode()
    assert "The portal holds 2 of 3 record(s)" in page


def test_a_csv_list_that_lost_its_zeros_in_excel_verifies_too(client, receptionist, homestay):
    from django.core.files.uploadedfile import SimpleUploadedFile

    (stay,) = register(receptionist, homestay, vietnamese())
    batch = _batch(receptionist, homestay)
    content = "STT;Họ và tên;Số giấy tờ;Ngày đến\r\n1;Nguyễn Thị Ánh;1195012345;28/11/2026\r\n"
    client.force_login(receptionist)
    client.post(f"/en/stays/national/batches/{batch.pk}/reconcile/", {
        "portal_list": SimpleUploadedFile("danh-sach.csv", content.encode("utf-8"))})
    batch.refresh_from_db()
    assert batch.state == BatchState.VERIFIED and _status(stay) == NationalStatus.VERIFIED


def test_a_number_cell_matches_only_the_document_it_pads_to(receptionist, homestay):
    # 1195012345 is 001195012345 with its zeros lost; it is not 1195012345 padded
    # differently, nor a passport that happens to be digits of another length.
    (stay,) = register(receptionist, homestay, vietnamese())
    batch = _batch(receptionist, homestay)
    batch = services.reconcile_with_list(user=receptionist, batch=batch, rows=[
        ["Số giấy tờ", "Ngày đến"], [11950123450, "28/11/2026"], [1195012, "28/11/2026"]])
    assert batch.state == BatchState.FAILED and _status(stay) == NationalStatus.PENDING


# --- reason for stay as a code ---

@pytest.mark.parametrize(("given", "code", "text"), [
    ("du lich", "1", "Du lịch"), ("cong tac", "2", "Công tác"), ("17", "17",
                                                                 "Gia hạn thị thực"),
    ("1 - Du lịch", "1", "Du lịch"), ("THĂM THÂN", "6", "Thăm thân"),
    ("Leo núi Fansipan", "20", "Leo núi Fansipan"), ("", "", "")])
def test_the_api_takes_a_code_a_label_or_free_text_and_returns_the_code(
        api, receptionist, homestay, given, code, text):
    response = api.post("/api/v1/stays/", as_json(vietnamese_guest(reason=given)),
                        format="json")
    assert response.status_code == 201, response.json()
    (stay,) = response.json()["stays"]
    assert (stay["reason_code"], stay["reason"]) == (code, text)
    assert stay["reason_label"] == {"20": "Mục đích khác", "": ""}.get(code, text)
    assert stay["national_status"] == "pending"


def test_a_corrected_reason_is_parsed_the_same_way(api, receptionist, homestay):
    stay = api.post("/api/v1/stays/", as_json(vietnamese_guest()), format="json").json()[
        "stays"][0]
    response = api.patch(f"/api/v1/stays/{stay['id']}/",
                         {"reason": "nhầm lý do", "reason_for_stay": "hoi nghi"},
                         format="json")
    assert response.status_code == 200
    assert (response.json()["reason_code"], response.json()["reason"]) == ("5", "Hội nghị")


def test_existing_reasons_are_migrated_to_codes(receptionist, homestay):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "lodging.migrations.0005_stay_reason_code_national_status")
    a, b, c = register(receptionist, homestay, vietnamese(),
                       vietnamese(document_number="001195012346", room="102"),
                       vietnamese(document_number="001195012347", room="103"))
    for stay, old in ((a, "Du lich"), (b, "cong tác"), (c, "đi đám cưới bạn")):
        Stay.objects.filter(pk=stay.pk).update(reason=old, reason_code="")
    migration.reasons_to_codes(apps, None)
    assert [Stay.objects.values_list("reason_code", "reason").get(pk=s.pk)
            for s in (a, b, c)] == [("1", "Du lịch"), ("2", "Công tác"),
                                    ("20", "đi đám cưới bạn")]


# --- the batches API ---

def _arrival_day() -> str:
    return (timezone.localtime() - timedelta(hours=1)).date().isoformat()


def test_the_batches_api_exports_downloads_and_reconciles(api, receptionist, homestay):
    api.post("/api/v1/stays/", [as_json(vietnamese_guest()), as_json(french_guest())],
             format="json")
    # The guests arrived an hour ago: yesterday, just after midnight.
    since, today = _arrival_day(), timezone.localdate().isoformat()
    response = api.post("/api/v1/national/batches/",
                        {"date_from": since, "date_to": today, "kind": "vn"}, format="json")
    assert response.status_code == 201, response.json()
    batch = response.json()
    assert {batch["kind"], batch["count"], batch["state"]} == {"vn", 1, "exported"}
    assert "Excel" in batch["warning"] or "Excel" in batch["warning"].title()
    download = api.get(batch["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('.xlsx"')
    assert "no-store" in download["Cache-Control"]
    stays = api.get("/api/v1/stays/").json()["results"]
    assert {s["nationality"]: s["national_status"] for s in stays} == {
        "VNM": "exported", "FRA": "pending"}

    response = api.post(f"/api/v1/national/batches/{batch['id']}/reconcile/", {"seen": 1},
                        format="json")
    assert response.status_code == 200 and response.json()["state"] == "verified"
    assert [b["id"] for b in api.get("/api/v1/national/batches/").json()] == [batch["id"]]


def test_the_batches_api_refuses_other_establishments_and_bad_input(
        api, receptionist, homestay, other_receptionist):
    api.post("/api/v1/stays/", as_json(vietnamese_guest()), format="json")
    since, today = _arrival_day(), timezone.localdate().isoformat()
    batch = api.post("/api/v1/national/batches/",
                     {"date_from": since, "date_to": today, "kind": "vn"},
                     format="json").json()
    stranger = APIClient()
    stranger.force_authenticate(other_receptionist)
    assert stranger.get("/api/v1/national/batches/").json() == []
    assert stranger.get(f"/api/v1/national/batches/{batch['id']}/").status_code == 404
    assert stranger.get(batch["download_url"]).status_code == 404
    assert stranger.post(f"/api/v1/national/batches/{batch['id']}/reconcile/", {"seen": 1},
                         format="json").status_code == 404
    assert stranger.post("/api/v1/national/batches/", {
        "date_from": today, "date_to": today, "kind": "vn",
        "establishment_code": homestay.code}, format="json").status_code == 400
    assert APIClient().get(batch["download_url"]).status_code in (401, 403)
    bad = api.post(f"/api/v1/national/batches/{batch['id']}/reconcile/", {"seen": -1},
                   format="json")
    assert bad.status_code == 400 and bad.json()["problems"][0]["field"] == "seen"
    wrong_kind = api.post("/api/v1/national/batches/",
                          {"date_from": today, "date_to": today, "kind": "xml"},
                          format="json")
    assert wrong_kind.status_code == 400
    nothing = api.post("/api/v1/national/batches/",
                       {"date_from": today, "date_to": today, "kind": "foreign"},
                       format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert nothing.status_code == 400 and "no undelivered guest" in nothing.json()["detail"]
    # Year 1 is no moment at all; a period of the far past or the future finds nothing.
    for date_from, date_to in (("0001-01-01", "0001-01-01"), ("2001-01-01", "2001-01-02"),
                               (today, "9999-12-31")):
        outside = api.post("/api/v1/national/batches/",
                           {"date_from": date_from, "date_to": date_to, "kind": "vn"},
                           format="json", HTTP_ACCEPT_LANGUAGE="en")
        assert outside.status_code == 400, outside.content
        assert "Choose a period from" in outside.json()["detail"]


def test_the_schema_documents_the_batches_api(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    batches = paths["/api/v1/national/batches/"]
    assert {"get", "post"} <= set(batches)
    assert set(paths["/api/v1/national/batches/{id}/"]) == {"get"}
    reconcile = paths["/api/v1/national/batches/{id}/reconcile/"]["post"]
    assert {"200", "400"} <= set(reconcile["responses"])
    assert "/api/v1/national/batches/{id}/download/" in paths
    schemas = client.get("/api/schema/?format=json").json()["components"]["schemas"]
    create = schemas[batches["post"]["requestBody"]["content"]["application/json"]["schema"][
        "$ref"].rsplit("/", 1)[1]]
    assert set(create["required"]) == {"date_from", "date_to", "kind"}
    assert {"establishment_code", "transport"} <= set(create["properties"])
    reconcile_body = schemas[reconcile["requestBody"]["content"]["application/json"][
        "schema"]["$ref"].rsplit("/", 1)[1]]
    assert reconcile_body["required"] == ["seen"]


def test_a_police_account_gets_no_batches(client, homestay, django_user_model):
    from lodging.police.models import PoliceOfficer  # noqa: F401 (the app's own model)

    officer = django_user_model.objects.create_user("police-x", password="long-password-1")
    police = APIClient()
    police.force_authenticate(officer)
    assert police.get("/api/v1/national/batches/").status_code == 403


# --- export_national ---

def test_export_national_writes_one_file_per_kind_and_records_the_batches(
        receptionist, homestay, tmp_path):
    register(receptionist, homestay, vietnamese(), foreigner())
    out = io.StringIO()
    call_command("export_national", "--establishment", homestay.code, "--date",
                 TODAY.isoformat(), "--out", str(tmp_path), stdout=out)
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".xlsx", ".xml"]
    text = out.getvalue()
    assert text.count("1 guest(s)") == 2 and "Excel" in text
    assert homestay.national_batches.count() == 2
    # Nothing is left to deliver: a second run writes nothing.
    again = tmp_path / "again"
    call_command("export_national", "--establishment", homestay.code, "--date",
                 TODAY.isoformat(), "--to", TODAY.isoformat(), "--out", str(again),
                 stdout=(out := io.StringIO()))
    assert list(again.iterdir()) == [] and out.getvalue().count("no guests") == 2


def test_export_national_stops_on_a_blocking_problem(receptionist, homestay, tmp_path):
    register(receptionist, homestay, foreigner(permitted_stay_until=date(2031, 5, 1)))
    with pytest.raises(CommandError, match="permitted_stay_until"):
        call_command("export_national", "--establishment", homestay.code, "--date",
                     TODAY.isoformat(), "--out", str(tmp_path))
    assert not list(tmp_path.iterdir())
    with pytest.raises(CommandError, match="No establishment"):
        call_command("export_national", "--establishment", "NOPE", "--date",
                     TODAY.isoformat(), "--out", str(tmp_path))


def test_export_national_writes_nothing_when_either_kind_is_blocked(
        receptionist, homestay, tmp_path):
    # The Vietnamese guest is fine; the foreigner's permitted stay is the passport expiry.
    vn, blocked = register(receptionist, homestay, vietnamese(),
                           foreigner(permitted_stay_until=date(2031, 5, 1)))
    with pytest.raises(CommandError) as error:
        call_command("export_national", "--establishment", homestay.code, "--date",
                     TODAY.isoformat(), "--out", str(tmp_path), stdout=io.StringIO())
    assert "foreign" in str(error.value) and blocked.receipt_code in str(error.value)
    # All or nothing: no Vietnamese file, batch or status change either.
    assert list(tmp_path.iterdir()) == []
    assert not homestay.national_batches.exists()
    assert {_status(vn), _status(blocked)} == {NationalStatus.PENDING}


def test_export_national_reports_the_problems_of_both_kinds(receptionist, homestay, tmp_path):
    register(receptionist, homestay, vietnamese(reason="20"),
             foreigner(permitted_stay_until=date(2031, 5, 1)))
    with pytest.raises(CommandError) as error:
        call_command("export_national", "--establishment", homestay.code, "--date",
                     TODAY.isoformat(), "--out", str(tmp_path), stdout=io.StringIO())
    assert "reason" in str(error.value) and "permitted_stay_until" in str(error.value)


def test_export_national_removes_its_files_when_writing_one_fails(
        receptionist, homestay, tmp_path, monkeypatch):
    from pathlib import Path

    register(receptionist, homestay, vietnamese(), foreigner())
    write_bytes = Path.write_bytes

    def disk_full(path, data):
        if path.suffix == ".xml":
            raise OSError(28, "No space left on device")
        return write_bytes(path, data)

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    with pytest.raises(CommandError, match="No space left"):
        call_command("export_national", "--establishment", homestay.code, "--date",
                     TODAY.isoformat(), "--out", str(tmp_path), stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []
    assert not homestay.national_batches.exists()
    assert set(Stay.objects.values_list("national_status", flat=True)) == {
        NationalStatus.PENDING}


def test_anonymisation_empties_the_batch_files_and_is_no_resend(receptionist, homestay):
    from lodging.police.services import anonymise_old_stays

    (stay,) = register(receptionist, homestay, vietnamese())
    batch = services.reconcile_batch(user=receptionist, batch=_batch(receptionist, homestay),
                                     seen=1)
    assert anonymise_old_stays(years=1, now=NOW + timedelta(days=800)) == 1
    assert _status(stay) == NationalStatus.VERIFIED
    batch.refresh_from_db()
    assert bytes(batch.content) == b"" and batch.count == 1


def test_an_invalid_value_with_a_nul_under_an_idempotency_key_is_a_400(api, receptionist):
    # The fuzzer's find: DRF echoes the bad choice, and jsonb cannot hold U+0000.
    response = api.post("/api/v1/stays/", as_json(vietnamese_guest(document_type="a\x00b")),
                        format="json", HTTP_IDEMPOTENCY_KEY="nul-1")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "document_type"
