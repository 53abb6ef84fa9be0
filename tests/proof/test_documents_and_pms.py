"""Documents checked for validity, and the PMS API's extend and cancel."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from lodging.models import Stay, StayAction
from lodging.police.models import PoliceRole
from lodging.resources import StayResource
from lodging.services import RegistrationError, extend_stay, register_stays
from tests.auth import sign_in
from tests.lodging.conftest import as_json, french_guest, vietnamese_guest
from tests.police.conftest import make_officer

pytestmark = pytest.mark.django_db

def mrz(expiry: str) -> str:
    """The two TD3 lines of a French passport expiring on YYMMDD `expiry`, with valid
    check digits."""
    from mrz.base.functions import hash_string

    number, birth = "15FR12345", "850312"
    line = f"{number}{hash_string(number)}FRA{birth}{hash_string(birth)}F{expiry}" \
           f"{hash_string(expiry)}" + "<" * 14 + "<"
    composite = line[0:10] + line[13:20] + line[21:43]
    return "P<FRADUBOIS<<MARIE<CLAIRE<<<<<<<<<<<<<<<<<<<\n" + line + hash_string(composite)


def foreign_fields():
    return {k: v for k, v in french_guest().items()
            if k not in ("full_name", "sex", "date_of_birth", "document_number",
                         "document_type", "nationality")}


# --- Expired passports ----------------------------------------------------------------

def test_a_passport_whose_mrz_expiry_has_passed_is_refused(receptionist, homestay):
    with pytest.raises(RegistrationError) as refused:
        register_stays(user=receptionist, establishment=homestay,
                       guests=[{**foreign_fields(), "mrz": mrz("240415")}])
    [error] = refused.value.errors
    assert error.field == "expiry_date" and "15/04/2024" in error.message
    assert not Stay.objects.exists()
    # The same passport still valid goes through.
    valid = (timezone.localdate() + timedelta(days=400)).strftime("%y%m%d")
    submission = register_stays(user=receptionist, establishment=homestay,
                                guests=[{**foreign_fields(), "mrz": mrz(valid)}])
    assert submission.stays.get().document_number == "15FR12345"


def test_an_expired_passport_is_refused_by_the_api_form_and_spreadsheet(
        api, receptionist, homestay, tmp_path):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = api.post("/api/v1/stays/", as_json(french_guest(expiry_date=yesterday)),
                        format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "expiry_date"
    assert "expired on" in response.json()["errors"][0]["message"]

    client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="vi"), receptionist)
    guest = french_guest()
    now = timezone.localtime()
    form = {"room": "12", "arrival": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "expected_departure": (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "guest-TOTAL_FORMS": "1", "guest-INITIAL_FORMS": "0",
            "guest-0-full_name": guest["full_name"], "guest-0-sex": "F",
            "guest-0-date_of_birth": "1985-03-12", "guest-0-document_type": "passport",
            "guest-0-document_number": guest["document_number"], "guest-0-nationality": "FRA",
            "guest-0-entry_date": guest["entry_date"].isoformat(),
            "guest-0-port_of_entry": guest["port_of_entry"], "guest-0-visa_type": "EV",
            "guest-0-visa_number": guest["visa_number"],
            "guest-0-permitted_stay_until": guest["permitted_stay_until"].isoformat(),
            "guest-0-expiry_date": yesterday.isoformat()}
    page = client.post("/stays/register/", form)
    assert page.status_code == 200 and "đã hết hạn" in page.content.decode()

    import tablib
    columns = ["full_name", "sex", "date_of_birth", "document_type", "document_number",
               "nationality", "room", "arrival", "expected_departure", "entry_date",
               "port_of_entry", "visa_type", "visa_number", "permitted_stay_until",
               "expiry_date"]
    sheet = tablib.Dataset(headers=columns)
    row = french_guest(expiry_date=yesterday)
    sheet.append([row[c].isoformat() if hasattr(row[c], "isoformat") else row[c]
                  for c in columns])
    result = StayResource(user=receptionist, establishments=[homestay]).import_data(
        sheet, dry_run=False)
    assert result.has_errors() or result.has_validation_errors()
    assert "expiry_date" in str([e.error for _n, errs in result.row_errors()
                                     for e in errs])
    assert not Stay.objects.exists()


def test_an_old_cmnd_is_accepted_and_flagged(receptionist, homestay):
    submission = register_stays(user=receptionist, establishment=homestay, guests=[
        vietnamese_guest(document_type="cmnd", document_number="012345678")])
    assert submission.stays.get().flags == ["cmnd_expired"]


# --- Short permitted stays ------------------------------------------------------------

def short_guest(**overrides):
    return french_guest(permitted_stay_until=timezone.localdate() + timedelta(days=1),
                        expected_departure=timezone.now() + timedelta(days=5), **overrides)


def test_the_api_refuses_a_short_permitted_stay_unless_confirmed(api, django_user_model):
    refused = api.post("/api/v1/stays/", as_json(short_guest()), format="json")
    assert refused.status_code == 400
    [error] = refused.json()["errors"]
    assert error["code"] == "short_permitted_stay" and error["field"] == "permitted_stay_until"
    assert not Stay.objects.exists()
    accepted = api.post("/api/v1/stays/", {**as_json(short_guest()),
                                           "confirm_short_permitted_stay": True}, format="json")
    assert accepted.status_code == 201
    assert accepted.json()["stays"][0]["flags"] == ["permitted_stay_short"]

    # The police see both among foreigners whose stay runs out: this one ends tomorrow,
    # and one ending in 20 days (beyond the 7-day warning) but before a departure in 30.
    far = api.post("/api/v1/stays/", {**as_json(french_guest(
        document_number="15FR99999", room="9",
        permitted_stay_until=timezone.localdate() + timedelta(days=20),
        expected_departure=timezone.now() + timedelta(days=30))),
        "confirm_short_permitted_stay": True}, format="json")
    assert far.status_code == 201
    officer = make_officer(django_user_model, "ca-sapa", PoliceRole.COMMUNE_OFFICER, "Sa Pa")
    html = sign_in(Client(), officer).get("/police/").content.decode()
    section = html[html.index('id="foreigners"') if 'id="foreigners"' in html else
                   html.index("trước ngày đi"):]
    assert section.count("DUBOIS MARIE CLAIRE") == 2
    assert "trước ngày dự kiến đi" in section


def test_the_form_asks_the_receptionist_to_confirm(receptionist, homestay):
    client = sign_in(Client(HTTP_ACCEPT_LANGUAGE="vi"), receptionist)
    guest = short_guest()
    now = timezone.localtime()
    form = {"room": "12", "arrival": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "expected_departure": (now + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
            "guest-TOTAL_FORMS": "1", "guest-INITIAL_FORMS": "0",
            "guest-0-full_name": guest["full_name"], "guest-0-sex": "F",
            "guest-0-date_of_birth": "1985-03-12", "guest-0-document_type": "passport",
            "guest-0-document_number": guest["document_number"], "guest-0-nationality": "FRA",
            "guest-0-entry_date": guest["entry_date"].isoformat(),
            "guest-0-port_of_entry": guest["port_of_entry"], "guest-0-visa_type": "EV",
            "guest-0-visa_number": guest["visa_number"],
            "guest-0-permitted_stay_until": guest["permitted_stay_until"].isoformat()}
    first = client.post("/stays/register/", form)
    assert first.status_code == 200
    assert 'name="confirm_short_permitted_stay"' in first.content.decode()
    assert not Stay.objects.exists()
    second = client.post("/stays/register/", {**form, "confirm_short_permitted_stay": "on"})
    assert second.status_code == 302
    assert Stay.objects.get().flags == ["permitted_stay_short"]


def test_the_spreadsheet_confirms_with_a_column(receptionist, homestay):
    import tablib
    columns = ["full_name", "sex", "date_of_birth", "document_type", "document_number",
               "nationality", "room", "arrival", "expected_departure", "entry_date",
               "port_of_entry", "visa_type", "visa_number", "permitted_stay_until",
               "confirm_short_permitted_stay"]
    row = short_guest()
    values = [row[c].isoformat() if hasattr(row.get(c), "isoformat") else row.get(c, "")
              for c in columns[:-1]]
    refused = tablib.Dataset(values + [""], headers=columns)
    result = StayResource(user=receptionist, establishments=[homestay]).import_data(refused)
    assert result.has_errors() or result.has_validation_errors()
    confirmed = tablib.Dataset(values + ["có"], headers=columns)
    result = StayResource(user=receptionist, establishments=[homestay]).import_data(confirmed)
    assert not (result.has_errors() or result.has_validation_errors())
    assert Stay.objects.get().flags == ["permitted_stay_short"]


# --- PMS API: extend and cancel ---------------------------------------------------------

@pytest.fixture
def stay(receptionist, homestay):
    return register_stays(user=receptionist, establishment=homestay,
                          guests=[french_guest()]).stays.get()


def test_a_pms_extends_a_stay_with_history_and_idempotency(api, stay):
    new_departure = (timezone.now() + timedelta(days=6)).replace(microsecond=0)
    body = {"expected_departure": new_departure.isoformat(), "reason": "Khách ở thêm"}
    first = api.post(f"/api/v1/stays/{stay.pk}/extend/", body, format="json",
                     HTTP_IDEMPOTENCY_KEY="ext-1")
    assert first.status_code == 200
    retry = api.post(f"/api/v1/stays/{stay.pk}/extend/", body, format="json",
                     HTTP_IDEMPOTENCY_KEY="ext-1")
    assert retry.status_code == 200 and retry.json() == first.json()
    stay.refresh_from_db()
    assert stay.expected_departure == new_departure
    [entry] = stay.history.filter(action=StayAction.EXTENDED)
    assert entry.reason == "Khách ở thêm"
    # The same key for something else is refused.
    other = api.post(f"/api/v1/stays/{stay.pk}/cancel/", {"reason": "x"}, format="json",
                     HTTP_IDEMPOTENCY_KEY="ext-1")
    assert other.status_code == 422


def test_extending_follows_the_web_rules(api, stay):
    before = api.post(f"/api/v1/stays/{stay.pk}/extend/",
                      {"expected_departure": (stay.arrival - timedelta(hours=1)).isoformat()},
                      format="json")
    assert before.status_code == 400
    assert before.json()["errors"][0]["field"] == "expected_departure"
    past_visa = (timezone.now() + timedelta(days=100)).isoformat()
    refused = api.post(f"/api/v1/stays/{stay.pk}/extend/",
                       {"expected_departure": past_visa}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["code"] == "short_permitted_stay"
    confirmed = api.post(f"/api/v1/stays/{stay.pk}/extend/",
                         {"expected_departure": past_visa,
                          "confirm_short_permitted_stay": True}, format="json")
    assert confirmed.status_code == 200
    assert "permitted_stay_short" in confirmed.json()["flags"]
    assert api.post(f"/api/v1/stays/{stay.pk}/extend/", {}, format="json").status_code == 400


def test_a_pms_cancels_a_stay_with_a_reason(api, stay):
    missing = api.post(f"/api/v1/stays/{stay.pk}/cancel/", {}, format="json")
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "reason"
    done = api.post(f"/api/v1/stays/{stay.pk}/cancel/", {"reason": "Nhập nhầm"},
                    format="json", HTTP_IDEMPOTENCY_KEY="c-1")
    assert done.status_code == 200 and done.json()["status"] == "cancelled"
    again = api.post(f"/api/v1/stays/{stay.pk}/cancel/", {"reason": "Nhập nhầm"},
                     format="json", HTTP_IDEMPOTENCY_KEY="c-1")
    assert again.status_code == 200  # the first answer, not "only a registered stay..."
    assert stay.history.filter(action=StayAction.CANCELLED, reason="Nhập nhầm").count() == 1
    twice = api.post(f"/api/v1/stays/{stay.pk}/cancel/", {"reason": "Nhập nhầm"},
                     format="json")
    assert twice.status_code == 400


def test_another_establishment_cannot_extend_or_cancel(other_receptionist, stay):
    client = APIClient()
    client.force_authenticate(other_receptionist)
    for action, body in (("extend", {"expected_departure": timezone.now().isoformat()}),
                         ("cancel", {"reason": "x"})):
        assert client.post(f"/api/v1/stays/{stay.pk}/{action}/", body,
                           format="json").status_code == 404
    stay.refresh_from_db()
    assert stay.status == "registered"


def test_the_schema_documents_extend_cancel_and_receipts(client):
    schema = client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert "/api/v1/stays/{id}/extend/" in paths and "/api/v1/stays/{id}/cancel/" in paths
    assert "/api/v1/stays/receipts/{code}/pdf" in paths
    assert "/api/v1/receipts/{code}/" in paths
    extend = paths["/api/v1/stays/{id}/extend/"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in extend["parameters"])
    assert "application/pdf" in paths["/api/v1/stays/receipts/{code}/pdf"]["get"][
        "responses"]["200"]["content"]


def test_extend_service_keeps_the_flag_off_when_back_within_the_permitted_stay(
        receptionist, stay):
    extend_stay(user=receptionist, stay=stay, confirm_short_permitted_stay=True,
                expected_departure=timezone.now() + timedelta(days=100))
    stay.refresh_from_db()
    assert "permitted_stay_short" in stay.flags
    extend_stay(user=receptionist, stay=stay,
                expected_departure=timezone.now() + timedelta(days=3))
    stay.refresh_from_db()
    assert "permitted_stay_short" not in stay.flags

