"""The PMS API's write path stays lean without changing what callers see.

Serializers are built once per thread and language and reused; the permission check's read
of the user's establishments stands in for the service's membership check in the same
request. These tests hold the behaviour those shortcuts must keep.
"""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from lodging.api.serializers import StayInputSerializer, shared
from lodging.models import StaffMembership, Stay
from tests.lodging.conftest import as_json, vietnamese_guest

pytestmark = pytest.mark.django_db


def _message(response) -> str:
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["room"], errors
    return errors[0]["message"]


def test_a_length_error_speaks_the_language_of_each_request(api):
    # DRF keeps the text of a max_length message once formatted; a serializer shared across
    # languages would answer the second language in the first one's words.
    too_long = as_json(vietnamese_guest(room="R" * 21))
    messages = [_message(api.post("/api/v1/stays/", too_long, format="json",
                                  HTTP_ACCEPT_LANGUAGE=language))
                for language in ("en", "vi", "en", "vi")]
    assert messages[0] == messages[2] and messages[1] == messages[3]
    assert messages[0] != messages[1]
    assert "20" in messages[0] and "20" in messages[1]
    assert Stay.objects.count() == 0


def test_each_thread_parses_with_its_own_serializer():
    seen = []

    def build():
        seen.append(shared(StayInputSerializer))

    thread = threading.Thread(target=build)
    thread.start()
    thread.join()
    build()
    assert seen[0] is not seen[1]
    assert shared(StayInputSerializer) is seen[1]


def test_a_removed_member_is_refused_on_the_next_request_by_the_same_client(
        api, receptionist, homestay):
    # The same user object serves both requests (force_authenticate): what the first
    # request learnt about its establishments must not let the second one through.
    assert api.post("/api/v1/stays/", as_json(vietnamese_guest()),
                    format="json").status_code == 201
    StaffMembership.objects.filter(user=receptionist, establishment=homestay).delete()
    again = api.post("/api/v1/stays/", as_json(vietnamese_guest(document_number="010090123457",
                                                                room="102")),
                     format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 403
    assert Stay.objects.count() == 1


def test_one_registration_costs_a_fixed_number_of_queries(receptionist):
    client = APIClient()
    client.force_authenticate(receptionist)
    with CaptureQueriesContext(connection) as first:
        assert client.post("/api/v1/stays/", as_json(vietnamese_guest()),
                           format="json").status_code == 201
    with CaptureQueriesContext(connection) as ten:
        response = client.post("/api/v1/stays/", [
            as_json(vietnamese_guest(document_number=f"01009012{n:04d}", room=str(200 + n)))
            for n in range(10)], format="json")
        assert response.status_code == 201, response.content
    statements = [q["sql"] for q in first.captured_queries
                  if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    # Establishments, advisory lock, overlap, submission, stay, history, outbox, watchlist
    # (force_authenticate skips the token). One membership check, not two.
    assert len(statements) <= 8, "\n".join(statements)
    assert sum("lodging_staffmembership" in sql for sql in statements) == 1
    assert len(ten.captured_queries) == len(first.captured_queries)


def test_drf_s_own_field_errors_come_in_vietnamese_too(api):
    # DRF's Vietnamese catalogue lacks most field messages; ours supplies them.
    body = {k: v for k, v in as_json(vietnamese_guest()).items() if k != "room"}
    response = api.post("/api/v1/stays/", {**body, "arrival": "tomorrow"}, format="json")
    messages = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert messages["room"] == "Trường này là bắt buộc."
    assert messages["arrival"].startswith("Ngày giờ sai định dạng.")


def _token_client(user, language="en"):
    from rest_framework.authtoken.models import Token

    token, __ = Token.objects.get_or_create(user=user)
    return APIClient(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE=language)


def test_a_token_and_its_user_s_establishments_are_read_in_one_query(receptionist):
    client = _token_client(receptionist)
    client.post("/api/v1/stays/", as_json(vietnamese_guest()), format="json")
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/v1/stays/", as_json(vietnamese_guest(
            document_number="010090123457", room="102")), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["stays"][0]["establishment_code"] == "SAPA-0001"
    tables = ("authtoken_token", "lodging_staffmembership", 'FROM "lodging_establishment"')
    reads = [q["sql"] for q in queries.captured_queries
             if any(table in q["sql"] for table in tables)]
    assert len(reads) == 1, reads


def test_tokens_that_must_not_register(receptionist, django_user_model):
    stranger = django_user_model.objects.create_user("khach", password="long-password-1")
    assert _token_client(stranger).post(
        "/api/v1/stays/", as_json(vietnamese_guest()), format="json").status_code == 403
    bad = APIClient(HTTP_AUTHORIZATION="Token not-a-token", HTTP_ACCEPT_LANGUAGE="en")
    refused = bad.post("/api/v1/stays/", as_json(vietnamese_guest()), format="json")
    assert refused.status_code == 401 and refused.json()["detail"] == "Invalid token."
    client = _token_client(receptionist, language="vi")
    receptionist.is_active = False
    receptionist.save(update_fields=["is_active"])
    inactive = client.post("/api/v1/stays/", as_json(vietnamese_guest()), format="json")
    assert inactive.status_code == 401
    assert inactive.json()["detail"] == "Người dùng không còn hoạt động, hoặc đã bị xoá."
    assert Stay.objects.count() == 0
