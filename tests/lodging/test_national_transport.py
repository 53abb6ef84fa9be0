"""The HTTP transport against a local portal simulator (a real HTTP server in a thread):
OAuth2 client credentials, per-record answers, the portal's rules, a timeout and a 500,
retries with back-off under one Idempotency-Key, and every attempt recorded."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django_tasks_db.models import DBTaskResult

from lodging.models import NationalStatus, Stay
from lodging.national import services, transports
from lodging.national.models import (
    AttemptOutcome,
    BatchKind,
    BatchState,
    ItemResult,
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
    (attempt,) = batch.attempts.all()
    assert (attempt.http_status, attempt.accepted, attempt.rejected) == (200, 1, 1)
    # A settled batch is never sent again, even by a duplicate task.
    assert _deliver(batch) == "settled" and portal.processed == 1


def test_the_portal_refuses_duplicates_overlaps_and_short_cccd_numbers(
        receptionist, homestay, portal):
    (first,) = register(receptionist, homestay, vietnamese())
    _deliver(_http_batch(receptionist, homestay))
    assert Stay.objects.get(pk=first.pk).national_status == NationalStatus.VERIFIED
    # The same stay sent again (a correction): the portal already holds it.
    from lodging import services as stay_services

    stay_services.correct_stay(user=receptionist, stay=first, changes={"room": "105"},
                               reason="đổi phòng", now=NOW)
    Stay.objects.filter(pk=first.pk).update(document_number="00119501234")  # 11 digits
    register(receptionist, homestay, vietnamese(document_number="001195099999", room="106"))
    with pytest.raises(services.NationalError):  # our own check catches it first...
        _http_batch(receptionist, homestay)
    Stay.objects.filter(pk=first.pk).update(document_number="001195012345")
    batch = _http_batch(receptionist, homestay)
    _deliver(batch)
    results = dict(batch.items.values_list("stay__document_number", "message"))
    assert results == {"001195012345": "OVERLAPPING_STAY", "001195099999": ""}
    # ...and the simulator enforces the 12 digits itself when a record slips through.
    simulator_check = portal._check([{"so_giay_to": "1234", "loai_giay_to": "1 - Thẻ CCCD",
                                      "ngay_den": f"{TODAY:%d/%m/%Y}",
                                      "ngay_di_du_kien": f"{TODAY:%d/%m/%Y}"},
                                     {"so_giay_to": "12345", "loai_giay_to": "4 - Hộ chiếu",
                                      "ngay_den": f"{TODAY:%d/%m/%Y}",
                                      "ngay_di_du_kien": f"{TODAY:%d/%m/%Y}"},
                                     {"so_giay_to": "12345", "loai_giay_to": "4 - Hộ chiếu",
                                      "ngay_den": f"{TODAY:%d/%m/%Y}",
                                      "ngay_di_du_kien": f"{TODAY:%d/%m/%Y}"}], "vn")
    assert [r.get("error") for r in simulator_check] == [
        "CCCD_NOT_12_DIGITS", None, "DUPLICATE_IN_BATCH"]


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
