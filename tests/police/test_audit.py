"""Every access to personal data leaves an append-only audit record."""

import pytest
from rest_framework.test import APIClient

from lodging.police.audit import term_digest
from lodging.police.models import AuditEvent
from tests.auth import sign_in
from tests.police.conftest import police_search

pytestmark = pytest.mark.django_db


def last_event(user):
    return AuditEvent.objects.filter(user=user).order_by("-id").first()


def test_dashboard_view_is_audited(client, sapa_officer, stays):
    sign_in(client, sapa_officer)
    client.get("/en/police/", REMOTE_ADDR="10.1.2.3")
    event = last_event(sapa_officer)
    assert event.action == "view_dashboard" and event.ip == "10.1.2.3"


def test_search_is_audited_with_a_hash_of_its_terms_and_its_row_count(
        client, sapa_officer, stays):
    sign_in(client, sapa_officer)
    police_search(client, q="Nguyễn", nationality="VNM")
    event = last_event(sapa_officer)
    assert event.action == "search"
    # The filter in clear; the name only as its keyed hash, never as typed.
    assert event.params == {"nationality": "VNM",
                            "terms": {"name": term_digest("name", "nguyen")}}
    assert "guyen" not in str(event.params) and "guyễn" not in str(event.params)
    assert event.row_count == 1


def test_export_is_audited_with_its_row_count(client, provincial_officer, stays):
    sign_in(client, provincial_officer)
    found = police_search(client, nationality="VNM")
    client.get(f"/en/police/export/xlsx/?s={found.search_id}")
    event = last_event(provincial_officer)
    assert (event.action, event.row_count) == ("export", 2)
    assert event.params == {"nationality": "VNM", "format": "xlsx"}


def test_timeline_is_audited_by_stay_with_the_document_hashed(client, sapa_officer, stays):
    sign_in(client, sapa_officer)
    french = next(stay for stay in stays["sapa"] if stay.nationality == "FRA")
    client.get(f"/en/police/stays/{french.pk}/timeline/")
    event = last_event(sapa_officer)
    assert (event.action, event.object_ref, event.row_count) == (
        "timeline", f"stay:{french.pk}", 1)
    assert event.params == {"document_type": "passport", "terms": {
        "document_number": term_digest("document_number", "15FR12345")}}


def test_api_search_is_audited(sapa_officer, stays):
    api = APIClient()
    api.force_authenticate(sapa_officer)
    api.post("/api/v1/police/stays/search/", {"q": "dubois"}, format="json")
    event = last_event(sapa_officer)
    assert (event.action, event.params, event.row_count) == (
        "api_search", {"terms": {"name": term_digest("name", "DUBOIS")}}, 1)


def test_refused_access_shows_nothing_and_records_nothing(client, receptionist, stays):
    sign_in(client, receptionist)
    client.post("/en/police/search/", {"q": "nguyen"})
    assert not AuditEvent.objects.exists()


def test_the_audit_log_cannot_be_changed_or_deleted(client, sapa_officer, stays):
    sign_in(client, sapa_officer)
    client.get("/en/police/")
    event = last_event(sapa_officer)
    event.action = "search"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(action="search")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().action == "view_dashboard"


def test_the_django_admin_is_read_only_even_for_superusers(rf, admin_user):
    from django.contrib.admin.sites import site

    request = rf.get("/")
    request.user = admin_user
    model_admin = site._registry[AuditEvent]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_only_auditors_read_the_audit_log_with_filters(client, auditor, sapa_officer, stays):
    sign_in(client, sapa_officer)
    police_search(client, q="dubois", nationality="FRA")
    client.get("/en/police/")
    assert client.get("/en/police/audit/").status_code == 403
    sign_in(client, auditor)
    page = client.get("/en/police/audit/?action=search").content.decode()
    table = page.split('<table class="audit">')[1]
    assert "cong-an-sapa" in table and "nationality=FRA" in table
    assert "name" in table  # what kind of term was searched for, not its value
    assert "Viewed the dashboard" not in table
    exported = client.get("/en/police/audit/?format=csv").content.decode()
    assert exported.count("cong-an-sapa") == 2
