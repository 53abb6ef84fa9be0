"""Names, document numbers and dates of birth never reach logs, error e-mails or error
pages, even when things go wrong with the data in hand. The whole suite's log is checked
at the end of the run too (tests/conftest.py, tests/hardening/privacy_support.py)."""

import logging

import pytest
from django.core import mail
from django.test import Client

from lodging import services
from lodging.models import Stay
from search.models import IndexOutbox
from search.outbox import drain
from tests.auth import sign_in
from tests.hardening import privacy_support
from tests.lodging.conftest import (  # noqa: F401  (fixtures)
    api,
    as_json,
    homestay,
    receptionist,
    vietnamese_guest,
)
from tests.lodging.test_ui import group_post
from tests.search.conftest import clean_indexes  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
NAME, NUMBER, BIRTH = "Hoàng Thị Bí Mật", "010190765432", "1990-07-04"
SECRETS = [NAME, NUMBER, BIRTH, "04/07/1990", "04071990"]


@pytest.fixture
def log_since():
    """The text the suite log received during the test."""
    path = privacy_support.LOG_PATH
    start = path.stat().st_size if path.exists() else 0

    def read():
        for handler in logging.getLogger().handlers:
            handler.flush()
        with path.open(encoding="utf-8") as log:
            log.seek(start)
            return log.read()
    return read


def _leaked(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def test_a_crash_while_registering_reports_no_guest_identity(
        receptionist, settings, monkeypatch, log_since):  # noqa: F811
    settings.ADMINS = [("Ops", "ops@example.org")]
    settings.DEBUG = False

    def explode(**kwargs):
        raise RuntimeError("the database went away")
    monkeypatch.setattr(services, "register_stays", explode)
    client = Client(raise_request_exception=False)
    sign_in(client, receptionist)
    guest = {"full_name": NAME, "sex": "F", "date_of_birth": BIRTH, "document_type": "cccd",
             "document_number": NUMBER, "nationality": "VNM", "address": "Thôn 2",
             "scan": f"{NUMBER}||{NAME}|04071990|Nữ|Thôn 2|01012022"}
    response = client.post("/stays/register/", group_post([guest]))
    assert response.status_code == 500
    assert not _leaked(response.content.decode())
    assert len(mail.outbox) == 1, "the crash is reported to the admins"
    report = mail.outbox[0]
    bodies = [report.subject, report.body] + [body for body, __ in report.alternatives]
    assert "RuntimeError" in report.body  # the report is still useful...
    assert "full_name" in report.body     # ...it names the fields, not their values
    assert not _leaked("\n".join(bodies)), "\n".join(bodies)[:3000]
    assert "Internal Server Error" in log_since()
    assert not _leaked(log_since())


def test_an_api_400_with_bad_identity_fields_logs_no_identity(api, log_since):  # noqa: F811
    body = as_json(vietnamese_guest(full_name=NAME, document_number=NUMBER + "9",
                                    date_of_birth=BIRTH))
    response = api.post("/api/v1/stays/", body, format="json")
    assert response.status_code == 400
    assert "Bad Request" in log_since()
    assert not _leaked(log_since())


@pytest.mark.elasticsearch
def test_a_failed_bulk_of_stay_documents_logs_no_identity(
        receptionist, homestay, clean_indexes, log_since):  # noqa: F811
    es = clean_indexes
    from search.indexes import ensure_index
    from search.registry import registry

    stays = registry.get("stay")
    ensure_index(stays)
    services.register_stays(user=receptionist, establishment=homestay, guests=[
        vietnamese_guest(full_name=NAME, sex="F", document_number=NUMBER,
                         date_of_birth=vietnamese_guest()["date_of_birth"].replace(
                             year=1990, month=7, day=4))])
    IndexOutbox.objects.exclude(model_label="lodging.stay").delete()
    es.indices.close(index=stays.alias())  # every write to it now fails
    try:
        counts = drain(include_waiting=True)
    finally:
        es.indices.open(index=stays.alias())
    assert counts["failed"] == 1
    assert IndexOutbox.objects.get().last_error  # the failure is recorded...
    assert not _leaked(IndexOutbox.objects.get().last_error)
    assert not _leaked(log_since())  # ...and nothing of the document is logged
    assert Stay.objects.get().full_name == NAME
    # The client logs bodies at DEBUG: its loggers stay above that in every environment.
    assert logging.getLogger("elastic_transport").getEffectiveLevel() >= logging.WARNING
    assert logging.getLogger("elasticsearch").getEffectiveLevel() >= logging.WARNING
