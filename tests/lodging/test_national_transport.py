"""The HTTP transport against a local portal simulator (a real HTTP server in a thread):
OAuth2 client credentials, per-record answers, the portal's rules, a timeout and a 500,
retries with back-off under one Idempotency-Key, and every attempt recorded."""

import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from lodging.models import NationalStatus, Stay
from lodging.national import services, transports
from lodging.national.models import (
    AttemptOutcome,
    BatchKind,
    BatchState,
    ItemResult,
    Operation,
    PortalRefusal,
    TransportName,
)
from lodging.national.simulator import PortalSimulator

from .national_support import NOW, TODAY, foreigner, register, vietnamese

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(settings):
    # The timeout leaves room for a loaded CI machine; the injected delay is well past it.
    cache.clear()
    with PortalSimulator(today=TODAY) as simulator:
        settings.NATIONAL_API = {
            "BASE_URL": f"{simulator.url}/api", "TOKEN_URL": f"{simulator.url}/oauth/token",
            "CLIENT_ID": "laocai", "CLIENT_SECRET": "s3cret", "TIMEOUT": 3,
            "MAX_ATTEMPTS": 3, "BACKOFF_SECONDS": 10}
        yield simulator
    cache.clear()


def _http_batch(user, establishment, kind=BatchKind.VIETNAMESE):
    return services.create_batch(user=user, establishment=establishment, kind=kind,
                                 date_from=TODAY - timedelta(days=2), date_to=TODAY,
                                 transport=TransportName.HTTP, now=NOW)


def _deliver(batch):
    return transports.deliver_batch_task.call(batch.pk)


def test_the_portal_answers_per_record_and_the_ledger_follows_it(
        receptionist, homestay, portal, django_capture_on_commit_callbacks):
    # Accepted: arrived today. Refused: arrived two days ago (only today or yesterday).
    today, old = register(receptionist, homestay, vietnamese(),
                          vietnamese(document_number="001195012346", room="102",
                                     arrival=NOW - timedelta(days=2)))
    with django_capture_on_commit_callbacks(execute=True):
        batch = _http_batch(receptionist, homestay)
    # The commit queued the delivery for the background worker.
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_batch_task",
                                       args_kwargs__args=[batch.pk]).exists()
    assert _deliver(batch) == AttemptOutcome.ANSWERED
    batch.refresh_from_db()
    assert batch.state == BatchState.FAILED and batch.seen_count == 1
    assert Stay.objects.get(pk=today.pk).national_status == NationalStatus.VERIFIED
    assert Stay.objects.get(pk=old.pk).national_status == NationalStatus.PENDING
    items = {item.stay_id: item for item in batch.items.all()}
    assert items[old.pk].result == ItemResult.REJECTED
    assert items[old.pk].message == "ARRIVAL_NOT_TODAY_OR_YESTERDAY"
    # A rule of the portal, not a fault: marked, so it does not go round again.
    assert PortalRefusal.objects.get(stay=old).error == "ARRIVAL_NOT_TODAY_OR_YESTERDAY"
    assert not PortalRefusal.objects.filter(stay=today).exists()
    (attempt,) = batch.attempts.all()
    assert (attempt.http_status, attempt.accepted, attempt.rejected) == (200, 1, 1)
    # A settled batch is never sent again, even by a duplicate task.
    assert _deliver(batch) == "settled" and portal.processed == 1


def test_our_own_check_stops_a_short_cccd_before_the_portal_sees_it(
        receptionist, homestay, portal):
    (stay,) = register(receptionist, homestay, vietnamese())
    Stay.objects.filter(pk=stay.pk).update(document_number="00119501234")  # 11 digits
    with pytest.raises(services.NationalError):
        _http_batch(receptionist, homestay)
    assert portal.requests == []


def test_the_simulator_enforces_the_portals_rules_on_new_stays(portal):
    day = f"{TODAY:%d/%m/%Y}"

    def record(number, kind="1 - Thẻ CCCD", arrival=day):
        return {"stt": "1", "so_giay_to": number, "loai_giay_to": kind, "ngay_den": arrival,
                "ngay_di_du_kien": day}

    old = f"{TODAY - timedelta(days=2):%d/%m/%Y}"
    answers = portal._check([record("1234"), record("12345", "4 - Hộ chiếu"),
                             record("12345", "4 - Hộ chiếu"),
                             record("001195000001", arrival=old)], "vn")
    assert [r.get("error") for r in answers] == [
        "CCCD_NOT_12_DIGITS", None, "DUPLICATE_IN_BATCH", "ARRIVAL_NOT_TODAY_OR_YESTERDAY"]
    # The same stay declared a second time overlaps the one the portal holds.
    assert portal._check([record("12345", "4 - Hộ chiếu")], "vn")[0]["error"] == (
        "OVERLAPPING_STAY")


# --- a changed stay goes through the portal's change call -----------------------------

def test_a_corrected_extended_or_checked_out_stay_is_changed_on_the_portal_not_declared_again(
        receptionist, homestay, portal):
    (stay,) = register(receptionist, homestay, vietnamese())
    first = _http_batch(receptionist, homestay)
    _deliver(first)
    assert Stay.objects.get(pk=stay.pk).national_status == NationalStatus.VERIFIED
    assert first.items.get().operation == Operation.DECLARE

    from lodging import services as stay_services

    stay_services.correct_stay(user=receptionist, stay=stay, changes={"room": "105"},
                               reason="đổi phòng", now=NOW)
    stay_services.extend_stay(user=receptionist, stay=stay,
                              expected_departure=NOW + timedelta(days=4), now=NOW)
    assert Stay.objects.get(pk=stay.pk).national_status == NationalStatus.RESEND
    change = _http_batch(receptionist, homestay)
    (item,) = change.items.all()
    assert item.operation == Operation.CHANGE
    assert _deliver(change) == AttemptOutcome.ANSWERED
    change.refresh_from_db()
    assert change.state == BatchState.VERIFIED
    assert Stay.objects.get(pk=stay.pk).national_status == NationalStatus.VERIFIED
    # One record on the portal, changed in place: the new room and departure.
    (held,) = portal.holding("001195012345")
    assert (held["so_phong"], held["ngay_di_du_kien"]) == ("105", "02/12/2026")
    assert [r["operation"] for r in portal.requests] == ["declare", "change"]
    # Each call has its own idempotency key.
    assert len({r["key"] for r in portal.requests}) == 2

    stay_services.checkout_stay(user=receptionist, stay=stay, departure=NOW, now=NOW)
    checkout = _http_batch(receptionist, homestay)
    _deliver(checkout)
    checkout.refresh_from_db()
    assert checkout.state == BatchState.VERIFIED and checkout.items.get().message == ""
    assert len(portal.holding("001195012345")) == 1


def test_a_corrected_document_number_changes_the_record_the_portal_holds(
        receptionist, homestay, portal):
    (stay,) = register(receptionist, homestay, vietnamese())
    _deliver(_http_batch(receptionist, homestay))
    from lodging import services as stay_services

    stay_services.correct_stay(user=receptionist, stay=stay,
                               changes={"document_number": "001195012399"},
                               reason="gõ nhầm số", now=NOW)
    batch = _http_batch(receptionist, homestay)
    _deliver(batch)
    batch.refresh_from_db()
    assert batch.state == BatchState.VERIFIED
    # The change named the record by the number the portal held, then replaced it.
    assert portal.holding("001195012345") == []
    assert len(portal.holding("001195012399")) == 1


def test_a_stay_the_portal_refuses_by_its_rules_is_not_sent_again_until_it_changes(
        receptionist, homestay, portal, tmp_path):
    (old,) = register(receptionist, homestay, vietnamese(arrival=NOW - timedelta(days=2)))
    batch = _http_batch(receptionist, homestay)
    _deliver(batch)
    refusal = PortalRefusal.objects.get(stay=old)
    assert refusal.error == "ARRIVAL_NOT_TODAY_OR_YESTERDAY"
    assert refusal.item == batch.items.get()
    assert Stay.objects.get(pk=old.pk).national_status == NationalStatus.PENDING
    # The API is not asked again for the same record: nothing to send, and it says why.
    with translation.override("en"), pytest.raises(services.NationalError, match="in a file"):
        _http_batch(receptionist, homestay)
    # A new guest goes through the API without the refused one.
    (new,) = register(receptionist, homestay,
                      vietnamese(document_number="001195012346", room="102"))
    second = _http_batch(receptionist, homestay)
    assert list(second.items.values_list("stay_id", flat=True)) == [new.pk]
    _deliver(second)
    assert portal.processed == 2 and len(portal.requests) == 2

    # The next file export takes it (delivered by hand, reconciled by count).
    from django.core.management import call_command

    call_command("export_national", "--establishment", homestay.code, "--date",
                 (TODAY - timedelta(days=2)).isoformat(), "--to", TODAY.isoformat(),
                 "--out", str(tmp_path), stdout=io.StringIO())
    file_batch = homestay.national_batches.get(transport=TransportName.FILE)
    assert list(file_batch.items.values_list("stay_id", flat=True)) == [old.pk]
    services.reconcile_batch(user=receptionist, batch=file_batch, seen=1)
    assert Stay.objects.get(pk=old.pk).national_status == NationalStatus.VERIFIED
    assert not PortalRefusal.objects.filter(stay=old).exists()


def test_a_refused_stay_that_staff_correct_goes_to_the_api_again(
        receptionist, homestay, portal):
    # The portal already holds a stay of this document today (declared elsewhere).
    day = f"{TODAY:%d/%m/%Y}"
    portal._check([{"stt": "1", "so_giay_to": "001195012345", "loai_giay_to": "1 - Thẻ CCCD",
                    "ngay_den": day, "ngay_di_du_kien": day}], "vn")
    (stay,) = register(receptionist, homestay, vietnamese())
    _deliver(_http_batch(receptionist, homestay))
    assert PortalRefusal.objects.get(stay=stay).error == "OVERLAPPING_STAY"
    with pytest.raises(services.NationalError):
        _http_batch(receptionist, homestay)
    # Staff find the number was mistyped and correct it: the API is tried again.
    from lodging import services as stay_services

    stay_services.correct_stay(user=receptionist, stay=stay,
                               changes={"document_number": "001195012347"},
                               reason="gõ nhầm số", now=NOW)
    batch = _http_batch(receptionist, homestay)
    assert list(batch.items.values_list("stay_id", flat=True)) == [stay.pk]
    assert batch.items.get().operation == Operation.DECLARE  # the portal never held it
    _deliver(batch)
    assert Stay.objects.get(pk=stay.pk).national_status == NationalStatus.VERIFIED
    assert not PortalRefusal.objects.exists()


def test_the_simulator_refuses_changes_its_rules_forbid(portal):
    day, tomorrow = f"{TODAY:%d/%m/%Y}", f"{TODAY + timedelta(days=1):%d/%m/%Y}"

    def record(number, original, departure=tomorrow, arrival=day):
        return {"stt": "1", "so_giay_to": number, "loai_giay_to": "1 - Thẻ CCCD",
                "ngay_den": arrival, "ngay_di_du_kien": departure,
                "ban_ghi_goc": {"so_giay_to": original, "ngay_den": day}}

    portal._check([{"stt": "1", "so_giay_to": n, "loai_giay_to": "1 - Thẻ CCCD",
                    "ngay_den": day, "ngay_di_du_kien": tomorrow}
                   for n in ("001195000001", "001195000002")], "vn")
    answers = [portal._check_changes([change], "vn")[0].get("error") for change in (
        record("001195000009", "001195000009"),              # never declared
        record("001195000002", "001195000001"),              # onto another's stay
        record("001195000001", "001195000001", departure="x"),
        record("001195000001", "001195000001",               # moved five days back
               arrival=f"{TODAY - timedelta(days=5):%d/%m/%Y}"),
        record("001195000001", "001195000001", departure="05/12/2026"))]
    assert answers == ["NOT_DECLARED", "OVERLAPPING_STAY", "INVALID_DATE",
                       "ARRIVAL_NOT_TODAY_OR_YESTERDAY", None]
    (held,) = portal.holding("001195000001")
    assert held["ngay_di_du_kien"] == "05/12/2026" and "ban_ghi_goc" not in held
    # The same record named twice in one call.
    twice = portal._check_changes([record("001195000002", "001195000002")] * 2, "vn")
    assert [a.get("error") for a in twice] == [None, "DUPLICATE_IN_BATCH"]


def test_new_and_changed_stays_in_one_batch_are_two_calls_retried_together(
        receptionist, homestay, portal):
    (known,) = register(receptionist, homestay, vietnamese())
    _deliver(_http_batch(receptionist, homestay))
    from lodging import services as stay_services

    stay_services.correct_stay(user=receptionist, stay=known, changes={"room": "109"},
                               reason="đổi phòng", now=NOW)
    (new,) = register(receptionist, homestay,
                      vietnamese(document_number="001195012346", room="102"))
    batch = _http_batch(receptionist, homestay)
    assert dict(batch.items.values_list("stay_id", "operation")) == {
        known.pk: Operation.CHANGE, new.pk: Operation.DECLARE}
    portal.fail_next("none")  # the new stay's call goes through...
    portal.fail_next("500")   # ...the change call fails: the attempt as a whole is retried
    assert _deliver(batch) == AttemptOutcome.SERVER_ERROR
    assert _deliver(batch) == AttemptOutcome.ANSWERED
    batch.refresh_from_db()
    assert batch.state == BatchState.VERIFIED and batch.seen_count == 2
    assert batch.attempts.count() == 2
    # The repeated call got its first answer back, not "overlapping stay".
    assert portal.processed == 3
    assert [r["operation"] for r in portal.requests] == [
        "declare", "declare", "change", "declare", "change"]


def test_the_change_call_is_a_setting_of_its_own(receptionist, homestay, portal, settings):
    settings.NATIONAL_API = {**settings.NATIONAL_API,
                             "VN_CHANGE_PATH": "khach-viet-nam/khong-co"}
    (stay,) = register(receptionist, homestay, vietnamese())
    _deliver(_http_batch(receptionist, homestay))
    from lodging import services as stay_services

    stay_services.correct_stay(user=receptionist, stay=stay, changes={"room": "105"},
                               reason="đổi phòng", now=NOW)
    batch = _http_batch(receptionist, homestay)
    assert _deliver(batch) == AttemptOutcome.REFUSED  # the simulator knows no such path
    assert batch.attempts.get().detail == "HTTP 404 not_found"


def test_a_timeout_then_a_500_are_retried_with_back_off_under_one_key(
        receptionist, homestay, portal):
    register(receptionist, homestay, foreigner())
    batch = _http_batch(receptionist, homestay, kind=BatchKind.FOREIGN)
    portal.fail_next("timeout", 5)  # applied by the portal, but the answer is too late
    portal.fail_next("500")

    assert _deliver(batch) == AttemptOutcome.TIMEOUT
    assert _deliver(batch) == AttemptOutcome.SERVER_ERROR
    assert _deliver(batch) == AttemptOutcome.ANSWERED
    batch.refresh_from_db()
    assert batch.state == BatchState.VERIFIED
    attempts = list(batch.attempts.order_by("number"))
    assert [a.outcome for a in attempts] == ["timeout", "server_error", "answered"]
    assert [a.http_status for a in attempts] == [None, 500, 200]
    # Back-off doubles: 10 s, then 20 s; each retry was queued for the worker.
    assert [a.retry_at - a.started_at for a in attempts[:2]] == [
        timedelta(seconds=10), timedelta(seconds=20)]
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_batch_task",
                                       run_after__isnull=False).count() == 2
    # The timed-out request was applied once; the retry got its first answer back rather
    # than an "overlapping stay" refusal of the portal's own copy.
    assert portal.processed == 1
    assert {r["key"] for r in portal.requests} == {str(batch.idempotency_key)}
    assert len(portal.requests) == 3


def test_when_every_attempt_fails_the_batch_fails_and_its_stays_are_pending(
        receptionist, homestay, portal):
    (stay,) = register(receptionist, homestay, vietnamese())
    batch = _http_batch(receptionist, homestay)
    for _ in range(3):
        portal.fail_next("500")
    outcomes = [_deliver(batch) for _ in range(3)]
    assert outcomes == ["server_error"] * 3
    batch.refresh_from_db()
    assert batch.state == BatchState.FAILED and batch.attempts.count() == 3
    assert batch.attempts.order_by("number").last().retry_at is None
    assert Stay.objects.get(pk=stay.pk).national_status == NationalStatus.PENDING


def test_wrong_client_credentials_are_an_attempt_too(receptionist, homestay, portal,
                                                     settings):
    settings.NATIONAL_API = {**settings.NATIONAL_API, "CLIENT_SECRET": "wrong"}
    register(receptionist, homestay, vietnamese())
    batch = _http_batch(receptionist, homestay)
    assert _deliver(batch) == AttemptOutcome.AUTH_FAILED
    (attempt,) = batch.attempts.all()
    assert attempt.http_status == 401 and attempt.retry_at is not None
    assert portal.requests == []  # no batch travels without a token


def test_an_http_batch_is_not_reconciled_by_hand(receptionist, homestay, portal):
    register(receptionist, homestay, vietnamese())
    batch = _http_batch(receptionist, homestay)
    assert batch.content_type == "application/json"
    with pytest.raises(services.NationalError):
        services.reconcile_batch(user=receptionist, batch=batch, seen=1)


# --- a transport that is set up wrong fails loudly, attempt by attempt ---

@pytest.mark.parametrize("broken", [
    {"BASE_URL": "", "TOKEN_URL": ""},            # requests: MissingSchema
    {"TOKEN_URL": "http://[not a host/oauth"},    # requests: InvalidURL
    {"TOKEN_URL": None},                          # a setting missing altogether
])
def test_a_misconfigured_transport_records_each_attempt_then_fails_the_batch(
        receptionist, homestay, portal, settings, broken):
    settings.NATIONAL_API = {**settings.NATIONAL_API, **broken}
    if broken.get("TOKEN_URL", "") is None:
        del settings.NATIONAL_API["TOKEN_URL"]
    (stay,) = register(receptionist, homestay, vietnamese())
    batch = _http_batch(receptionist, homestay)
    outcomes = [_deliver(batch) for _ in range(3)]
    assert outcomes == [AttemptOutcome.REQUEST_ERROR] * 3
    attempts = list(batch.attempts.order_by("number"))
    assert [a.retry_at is not None for a in attempts] == [True, True, False]
    assert all(a.detail.startswith("token:") for a in attempts)
    batch.refresh_from_db()
    assert batch.state == BatchState.FAILED
    assert Stay.objects.get(pk=stay.pk).national_status == NationalStatus.PENDING
    assert portal.requests == []


@pytest.mark.parametrize(("answer", "detail"), [
    ("no_token", "token: answer without access_token"),
    ("not_json", "token: answer without access_token"),
])
def test_a_token_answer_the_transport_cannot_read_is_a_refused_sign_in(
        receptionist, homestay, portal, answer, detail):
    register(receptionist, homestay, vietnamese())
    batch = _http_batch(receptionist, homestay)
    portal.break_next_token(answer)
    assert _deliver(batch) == AttemptOutcome.AUTH_FAILED
    (attempt,) = batch.attempts.all()
    assert (attempt.http_status, attempt.detail) == (200, detail)
    assert attempt.retry_at is not None
    # The portal's next token is a good one: the retry delivers.
    assert _deliver(batch) == AttemptOutcome.ANSWERED
    batch.refresh_from_db()
    assert batch.state == BatchState.VERIFIED


def test_an_answer_that_is_not_json_is_retried(receptionist, homestay, portal):
    register(receptionist, homestay, vietnamese())
    batch = _http_batch(receptionist, homestay)
    portal.fail_next("html")
    assert _deliver(batch) == AttemptOutcome.SERVER_ERROR
    assert batch.attempts.get().detail == "unreadable answer"
    assert _deliver(batch) == AttemptOutcome.ANSWERED


@pytest.mark.parametrize(("setting", "value"), [
    ("BASE_URL", ""), ("TOKEN_URL", ""), ("CLIENT_ID", ""), ("CLIENT_SECRET", " ")])
def test_the_http_transport_without_its_urls_or_credentials_is_a_system_check_error(
        settings, setting, value):
    from django.core import checks

    settings.NATIONAL_API = {"BASE_URL": "https://portal.example/api",
                             "TOKEN_URL": "https://portal.example/oauth/token",
                             "CLIENT_ID": "laocai", "CLIENT_SECRET": "s3cret"}
    settings.NATIONAL_TRANSPORT = "http"
    assert [e for e in checks.run_checks() if e.id.startswith("national.")] == []
    settings.NATIONAL_API = {**settings.NATIONAL_API, setting: value}
    (error,) = [e for e in checks.run_checks() if e.id.startswith("national.")]
    assert error.level == checks.ERROR and error.id == "national.E001"
    assert f"NATIONAL_API_{setting}" in error.msg
    # The file transport needs none of them.
    settings.NATIONAL_TRANSPORT = "file"
    assert [e for e in checks.run_checks() if e.id.startswith("national.")] == []


def test_an_unknown_transport_name_is_a_system_check_error(settings):
    from django.core import checks

    settings.NATIONAL_TRANSPORT = "ftp"
    assert "national.E002" in [e.id for e in checks.run_checks()]


def test_the_staff_page_shows_what_the_api_refused_and_delivers_it_in_a_file(
        client, receptionist, homestay, portal, settings):
    import re

    settings.NATIONAL_TRANSPORT = "http"
    (old,) = register(receptionist, homestay, vietnamese(arrival=NOW - timedelta(days=2)))
    _deliver(_http_batch(receptionist, homestay))
    client.force_login(receptionist)
    page = client.get("/en/stays/national/").content.decode()
    assert "Refused by the portal's API (1)" in page
    assert page.count("ARRIVAL_NOT_TODAY_OR_YESTERDAY") == 2  # in its section and the list
    assert 'data-testid="transport"' in page  # staff may ask for a file at any time
    # Its own button asks for a file of the days the refused guests arrived.
    form = page.split('data-testid="national-refused"')[1].split("</form>")[0]
    assert re.findall(r'name="date_(?:from|to)" value="([\d-]+)"', form) == [
        "2026-11-26", "2026-11-26"]
    made = client.post("/en/stays/national/batches/", {
        "transport": "file", "kind": "vn", "date_from": "2026-11-26",
        "date_to": "2026-11-26"})
    assert made.status_code == 302
    batch = homestay.national_batches.get(transport=TransportName.FILE)
    assert list(batch.items.values_list("stay_id", flat=True)) == [old.pk]
    assert batch.content_type != "application/json"
    page = client.get("/en/stays/national/").content.decode()
    assert 'data-testid="national-refused"' not in page  # exported: waiting for its count


def test_the_batches_api_can_ask_for_a_file_whatever_the_default(
        receptionist, homestay, portal, settings):
    from rest_framework.test import APIClient

    settings.NATIONAL_TRANSPORT = "http"
    register(receptionist, homestay, vietnamese(arrival=NOW - timedelta(days=2)))
    api = APIClient()
    api.force_authenticate(receptionist)
    day = (TODAY - timedelta(days=2)).isoformat()
    made = api.post("/api/v1/national/batches/", {
        "date_from": day, "date_to": day, "kind": "vn", "transport": "file"}, format="json")
    assert made.status_code == 201 and made.json()["transport"] == "file"
