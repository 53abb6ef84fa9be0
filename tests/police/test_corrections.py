"""A hotel corrects a late stay: the lateness stays, and the police see the correction.

Lateness is a fact about when the police were told (`notified_at` against the deadline
of the arrival as first notified); a PATCH that moves the arrival to the notification
time must not turn a late notification into an on-time one, in the database or in the
stays index, and the police see who changed what, when and why.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from lodging import services
from lodging.models import Stay
from lodging.police.documents import StayDocument
from lodging.police.models import AuditEvent
from search.client import get_client, index_name
from search.indexes import ensure_index
from search.outbox import drain
from tests.auth import sign_in
from tests.lodging.conftest import vietnamese_guest

pytestmark = pytest.mark.django_db
DEAD = {**settings.ELASTICSEARCH, "URL": "http://127.0.0.1:9", "TIMEOUT": 1}


def late_stay(receptionist, homestay) -> Stay:
    """Arrived two days ago, notified now: late."""
    arrival = timezone.now() - timedelta(days=2)
    stay = services.register_stays(user=receptionist, establishment=homestay, guests=[
        vietnamese_guest(arrival=arrival)]).stays.get()
    assert stay.late is True
    return stay


def hide_the_lateness(receptionist, stay) -> dict:
    api = APIClient()
    api.force_authenticate(receptionist)
    response = api.patch(f"/api/v1/stays/{stay.pk}/", {
        "arrival": timezone.localtime(stay.notified_at).isoformat(),
        "reason": "Sửa giờ đến cho đúng"}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_correcting_the_arrival_of_a_late_stay_keeps_it_late(receptionist, homestay):
    stay = late_stay(receptionist, homestay)
    deadline = stay.deadline
    answer = hide_the_lateness(receptionist, stay)
    assert answer["late"] is True
    stay.refresh_from_db()
    assert stay.arrival == stay.notified_at  # the correction itself is kept
    assert (stay.late, stay.deadline) == (True, deadline)
    entry = stay.history.get(action="corrected")
    assert set(entry.changes) == {"arrival"} and entry.reason == "Sửa giờ đến cho đúng"


def test_a_corrected_nationality_does_not_move_the_deadline(receptionist, homestay):
    stay = late_stay(receptionist, homestay)
    deadline = stay.deadline
    services.correct_stay(user=receptionist, stay=stay, reason="Khách là người Pháp",
                          changes={"nationality": "FRA", "document_type": "passport",
                                   "document_number": "15FR12345", "visa_type": "EV",
                                   "visa_number": "E2611200001",
                                   "entry_date": timezone.localdate() - timedelta(days=3),
                                   "port_of_entry": "Cửa khẩu Lào Cai",
                                   "permitted_stay_until":
                                       timezone.localdate() + timedelta(days=30)})
    stay.refresh_from_db()
    assert (stay.late, stay.deadline, stay.nationality) == (True, deadline, "FRA")


def test_the_police_late_filter_still_finds_it_in_the_database(
        client, receptionist, homestay, sapa_officer):
    stay = late_stay(receptionist, homestay)
    hide_the_lateness(receptionist, stay)
    sign_in(client, sapa_officer)
    with override_settings(ELASTICSEARCH=DEAD):
        found = client.get("/api/v1/police/stays/", {"late": "true"}).json()
    assert [row["id"] for row in found["results"]] == [stay.pk]
    assert found["results"][0]["late"] is True


@pytest.mark.elasticsearch
def test_the_police_late_filter_still_finds_it_in_the_index(
        es_client, client, receptionist, homestay, sapa_officer):
    pattern = f"{settings.ELASTICSEARCH['INDEX_PREFIX']}-*"
    es_client.options(ignore_status=404).indices.delete(index=pattern, expand_wildcards="all")
    try:
        ensure_index(StayDocument)
        stay = late_stay(receptionist, homestay)
        drain()
        hide_the_lateness(receptionist, stay)
        drain()
        get_client().indices.refresh(index=index_name("stay"))
        sign_in(client, sapa_officer)
        found = client.get("/api/v1/police/stays/", {"late": "true"}).json()
        assert [row["id"] for row in found["results"]] == [stay.pk]
        document = get_client().get(index=index_name("stay"), id=stay.pk)["_source"]
        assert document["late"] is True
    finally:
        es_client.options(ignore_status=404).indices.delete(index=pattern,
                                                            expand_wildcards="all")


def test_the_police_see_who_corrected_what_when_and_why(
        client, receptionist, homestay, sapa_officer):
    stay = late_stay(receptionist, homestay)
    hide_the_lateness(receptionist, stay)
    sign_in(client, sapa_officer)
    page = client.get(reverse("police:stay", args=[stay.pk]), HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200
    body = page.content.decode()
    assert receptionist.username in body and "Sửa giờ đến cho đúng" in body
    assert "Giờ đến" in body or "arrival" in body
    before = timezone.localtime(stay.arrival).strftime("%d/%m/%Y %H:%M")
    assert before in body  # the value before the correction
    assert AuditEvent.objects.filter(action="view_stay", object_ref=f"stay:{stay.pk}").exists()
    timeline = client.get(reverse("police:timeline", args=[stay.pk]))
    assert "Sửa giờ đến cho đúng" in timeline.content.decode()


def test_another_communes_officer_cannot_open_the_stay(
        client, receptionist, homestay, bacha_officer):
    stay = late_stay(receptionist, homestay)
    sign_in(client, bacha_officer)
    assert client.get(reverse("police:stay", args=[stay.pk])).status_code == 404

