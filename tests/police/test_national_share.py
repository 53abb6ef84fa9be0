"""The police see, per establishment, the share of stays proven on the national portal by
their legal deadline (read only); staff pages of the ledger keep to their own."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lodging.models import Stay
from lodging.national import services
from lodging.national.models import BatchKind
from tests.auth import sign_in
from tests.lodging.conftest import vietnamese_guest

pytestmark = pytest.mark.django_db


def _share(page: str, code: str) -> str:
    row = page.split(f'id="establishment-{code}"')[1].split("</tr>")[0]
    return row.split('data-testid="national-share">')[1].split("</td>")[0]


def test_the_police_see_the_share_verified_within_the_deadline(
        client, sapa_officer, homestay, receptionist):
    now = timezone.now()
    on_time, late, never = stay_services_register(receptionist, homestay, now)
    day = timezone.localtime(now - timedelta(hours=1)).date()
    batch = services.create_batch(user=receptionist, establishment=homestay,
                                  kind=BatchKind.VIETNAMESE, date_from=day,
                                  date_to=timezone.localdate())
    services.reconcile_batch(user=receptionist, batch=batch, seen=3)
    # One was proven after its deadline had passed; one never went in a batch.
    Stay.objects.filter(pk=late.pk).update(deadline=now - timedelta(days=1))
    Stay.objects.filter(pk=never.pk).update(national_status="pending")
    batch.items.filter(stay=never).delete()

    sign_in(client, sapa_officer)
    page = client.get("/en/police/establishments/").content.decode()
    assert "On the national portal in time" in page
    assert _share(page, homestay.code) == "33%"
    # Read only: the police have no batches of their own to see or make.
    assert client.get("/api/v1/national/batches/").status_code == 403
    assert client.get(f"/stays/national/batches/{batch.pk}/file/").status_code in (302, 403)


def stay_services_register(user, establishment, now):
    from lodging import services as stay_services

    guests = [vietnamese_guest(document_number=number, room=room,
                               arrival=now - timedelta(minutes=30))
              for number, room in (("010090123456", "101"), ("010090123457", "102"),
                                   ("010090123458", "103"))]
    return stay_services.register_stays(user=user, establishment=establishment,
                                        guests=guests).registered_stays


def test_the_staff_page_lists_blocking_problems_and_keeps_to_its_establishment(
        client, homestay, receptionist, other_receptionist):
    from lodging import services as stay_services

    now = timezone.now()
    stay_services.register_stays(user=receptionist, establishment=homestay, guests=[
        vietnamese_guest(reason="", arrival=now - timedelta(minutes=30))])
    client.force_login(receptionist)
    page = client.get("/en/stays/national/")
    assert page.status_code == 200 and b"Declare to the national portal" in page.content
    day = timezone.localtime(now - timedelta(minutes=30)).date().isoformat()
    refused = client.post("/en/stays/national/batches/", {
        "kind": "vn", "date_from": day, "date_to": timezone.localdate().isoformat()})
    assert refused.status_code == 400
    assert b"The reason for stay is missing" in refused.content
    assert not homestay.national_batches.exists()

    Stay.objects.update(reason_code="1", reason="Du lịch")
    made = client.post("/en/stays/national/batches/", {
        "kind": "vn", "date_from": day, "date_to": timezone.localdate().isoformat()})
    assert made.status_code == 302
    batch = homestay.national_batches.get()
    assert client.get(f"/en/stays/national/batches/{batch.pk}/file/").status_code == 200
    wrong = client.post(f"/en/stays/national/batches/{batch.pk}/reconcile/", {"seen": "x"})
    assert wrong.status_code == 302
    batch.refresh_from_db()
    assert batch.state == "exported"  # a click without a count changes nothing

    client.force_login(other_receptionist)
    assert client.get(f"/en/stays/national/batches/{batch.pk}/file/").status_code == 404
    assert client.post(f"/en/stays/national/batches/{batch.pk}/reconcile/",
                       {"seen": "1"}).status_code == 404
    batch.refresh_from_db()
    assert batch.state == "exported"
