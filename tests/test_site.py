"""The empty site serves its home page, admin, health and API schema."""

import pytest
from django.test import override_settings

from tests.auth import sign_in

pytestmark = pytest.mark.django_db


def test_home_page_is_served_in_vietnamese_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Du lịch Lào Cai" in body


def test_english_is_one_step_away(client):
    response = client.get("/en/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Lào Cai Tourism" in body
    assert "Skip to content" in body


def test_the_wagtail_admin_asks_for_a_login(client, django_user_model):
    response = client.get("/cms-admin/")
    assert response.status_code == 302
    assert "/cms-admin/login/" in response["Location"]
    editor = django_user_model.objects.create_superuser("editor", "e@example.org",
                                                        "long-password-1")
    signed_in = client.post("/cms-admin/login/", {"username": "editor",
                                                  "password": "long-password-1"})
    assert signed_in.status_code == 302
    # A superuser's password alone is not enough: the second factor comes first.
    held = client.get("/cms-admin/")
    assert held.status_code == 302
    assert held["Location"].startswith("/account/two-factor/setup/?next=")
    sign_in(client, editor)
    assert client.get("/cms-admin/").status_code == 200


def test_openapi_schema_and_docs_are_published(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()  # Swagger UI from our own static files


def test_healthz_reports_elasticsearch_down_without_failing(client):
    with override_settings(ELASTICSEARCH={
        **__import__("django.conf").conf.settings.ELASTICSEARCH,
        "URL": "http://127.0.0.1:9",  # nothing listens on the discard port
    }):
        response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["database"]["ok"] is True
    assert data["elasticsearch"]["ok"] is False
    assert data["status"] == "degraded"


def test_ensure_superuser_creates_one_once(django_user_model, monkeypatch, capsys):
    from django.core.management import call_command

    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    call_command("ensure_superuser")
    first = capsys.readouterr().out
    assert "password:" in first
    call_command("ensure_superuser")
    assert capsys.readouterr().out == ""
    assert django_user_model.objects.filter(is_superuser=True).count() == 1


def test_switching_to_the_language_already_shown_keeps_the_page(client):
    response = client.post("/en/i18n/setlang/", {"language": "en", "next": "/en/stays/login/"})
    assert response["Location"] == "/en/stays/login/"
    back = client.post("/en/i18n/setlang/", {"language": "vi", "next": "/en/stays/login/"})
    assert back["Location"] == "/stays/login/"


def test_unknown_api_urls_answer_json_even_with_a_newline_in_the_path(client):
    for path in ("/api/v1/stays/%0A/", "/api/v1/stays/%C2%87%0A%10/", "/api/v1/nope"):
        response = client.get(path)
        assert response.status_code == 404 and response["Content-Type"] == "application/json"
