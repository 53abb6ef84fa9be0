"""The staff page "Khai báo lên Cổng quốc gia": guests counted against their own legal
deadline (Vietnamese by 23:00 or 08:00, foreigners 12 hours, 24 in a remote area)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lodging.national import services, views
from lodging.national.models import BatchKind

from .conftest import french_guest, make_establishment, make_staff, vietnamese_guest

pytestmark = pytest.mark.django_db


def _register(user, establishment, *guests):
    from lodging import services as stay_services

    return stay_services.register_stays(user=user, establishment=establishment,
                                        guests=list(guests)).registered_stays


def _summary(page: str) -> str:
    return page.split('data-testid="national-summary">')[1].split("</p>")[0]


def test_the_page_counts_guests_past_their_own_legal_deadline(
        client, receptionist, homestay, django_user_model, monkeypatch):
    now = timezone.now()
    # Delivered and proven: past its deadline, but nothing is owed any more.
    (done,) = _register(receptionist, homestay,
                        vietnamese_guest(document_number="010090000001", room="100",
                                         arrival=now - timedelta(days=2)))
    batch = services.create_batch(
        user=receptionist, establishment=homestay, kind=BatchKind.VIETNAMESE,
        date_from=timezone.localtime(done.arrival).date(), date_to=timezone.localdate())
    services.reconcile_batch(user=receptionist, batch=batch, seen=1)
    # Whatever the hour: 2 days ago is past any Vietnamese deadline (08:00 the next day at
    # the latest); a foreigner is past 12 hours after 13 and within them after 11.
    vietnamese_late, foreign_late, foreign_in_time = _register(
        receptionist, homestay,
        vietnamese_guest(document_number="010090000002", room="101",
                         arrival=now - timedelta(days=2)),
        french_guest(document_number="15FR00001", room="102",
                     arrival=now - timedelta(hours=13)),
        french_guest(document_number="15FR00002", room="103",
                     arrival=now - timedelta(hours=11)))
    client.force_login(receptionist)
    page = client.get("/en/stays/national/").content.decode()
    assert "3 guests not yet on the national portal" in _summary(page)
    assert "2 past the legal deadline" in _summary(page)
    guests = page.split('data-testid="waiting-guest"')[1:]
    overdue = [guest for guest in guests if '<span class="late">overdue</span>' in guest]
    assert len(guests) == 3 and len(overdue) == 2
    assert all("Room 103" not in guest for guest in overdue)
    # The count is every such guest, not only those the page lists.
    monkeypatch.setattr(views, "UNDELIVERED_SHOWN", 1)
    page = client.get("/en/stays/national/").content.decode()
    assert page.count('data-testid="waiting-guest"') == 1
    assert "2 past the legal deadline" in _summary(page)

    # In a remote area a foreigner has 24 hours: 13 hours after arrival is in time.
    remote = make_establishment("BATXAT-0001", "Bát Xát", is_remote=True)
    keeper = make_staff(django_user_model, "sung", remote)
    _register(keeper, remote, french_guest(document_number="15FR00003", room="1",
                                           arrival=now - timedelta(hours=13)))
    client.force_login(keeper)
    page = client.get("/en/stays/national/").content.decode()
    assert "1 guest not yet on the national portal" in _summary(page)
    assert "past the legal deadline" not in _summary(page)
