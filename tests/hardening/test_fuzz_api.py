"""Schemathesis fuzzes every operation of /api/schema/ as an anonymous caller, a PMS
(establishment staff token) and a commune police officer (token): no 5xx, and every
answer has a status code, content type and body that the schema declares.

In-process (the WSGI application, no server), against the real test database and the
real Elasticsearch; deterministic (derandomized Hypothesis, no example database) and
bounded by FUZZ_MAX_EXAMPLES per operation and generation mode.
"""

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lodging.services import register_stays
from search.indexes import rebuild
from search.registry import registry
from tests.hardening import fuzz_support
from tests.lodging.conftest import make_establishment, make_staff, vietnamese_guest
from tests.police.conftest import make_officer
from tests.search.conftest import clean_indexes  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "25"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture(autouse=True)
def _count_cases(pytestconfig):
    if not pytestconfig.pluginmanager.is_registered(fuzz_support):
        pytestconfig.pluginmanager.register(fuzz_support, "hardening-fuzz-support")


@pytest.fixture
def schema():
    # Like Django's test client: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        loaded = schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler())
        yield loaded.include(path_regex=r"^/api/v1/")
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def world(django_user_model, clean_indexes):  # noqa: F811
    """Two establishments with guests, their staff, a commune officer; indexes built."""
    homestay = make_establishment("SAPA-0001", "Sa Pa", name="Cát Cát Valley Homestay")
    hotel = make_establishment("BACHA-0001", "Bắc Hà", name="Bắc Hà Hotel", kind="hotel")
    staff = make_staff(django_user_model, "pms-sapa", homestay)
    other = make_staff(django_user_model, "pms-bacha", hotel)
    officer = make_officer(django_user_model, "cong-an-sapa", "commune_officer", "Sa Pa")
    now = timezone.now()
    own = register_stays(user=staff, establishment=homestay, now=now,
                         guests=[vietnamese_guest(), vietnamese_guest(
                             full_name="Lò Thị Hoa", sex="F", document_number="011195000777",
                             date_of_birth=vietnamese_guest()["date_of_birth"].replace(
                                 year=1995), room="102")])
    foreign = register_stays(user=other, establishment=hotel, now=now, guests=[
        vietnamese_guest(full_name="Giàng A Páo", document_number="010088000321",
                         date_of_birth=vietnamese_guest()["date_of_birth"].replace(
                             year=1988), room="7")])
    for doc_cls in registry.all():
        rebuild(doc_cls)
    return {
        "staff": Token.objects.create(user=staff).key,
        "police": Token.objects.create(user=officer).key,
        "own_stay": own.stays.order_by("id").first().pk,
        "foreign_stay": foreign.stays.get().pk,
    }


def _exercise(strategies, run: str, label: str, headers: dict):
    @settings(max_examples=MAX_EXAMPLES * len(strategies), derandomize=True,
              database=None, deadline=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=st.one_of(strategies))
    def exercise(case):
        response = case.call(headers=headers)
        fuzz_support.record(run, label, response.status_code)
        case.validate_response(response, checks=CHECKS, headers=headers)

    return exercise


def _fuzz(schema, run: str, headers: dict, stay_ids: list[int]) -> None:
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        strategies = [operation.as_strategy(generation_mode=mode)
                      for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
        if "{id}" in operation.path:
            # Random ids are all 404s: aim at real stays (own and someone else's) too.
            strategies += [operation.as_strategy(path_parameters={"id": pk})
                           for pk in stay_ids]
        try:
            _exercise(strategies, run, label, headers)()
        except (Exception, BaseExceptionGroup) as error:  # every operation, then fail once
            failures.append(f"{run} {label}:\n{error}")
    assert not failures, "\n\n".join(failures)


def test_fuzz_as_anonymous(schema, world):
    _fuzz(schema, "anonymous", {}, [world["own_stay"]])


def test_fuzz_as_establishment_staff(schema, world):
    _fuzz(schema, "staff token", {"Authorization": f"Token {world['staff']}"},
          [world["own_stay"], world["foreign_stay"]])


def test_fuzz_as_commune_police(schema, world):
    _fuzz(schema, "police token", {"Authorization": f"Token {world['police']}"},
          [world["own_stay"]])
