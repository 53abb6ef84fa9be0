"""Events: weekly markets repeat, yearly festivals come back, past events leave the listings."""

import datetime

import pytest

from tests.tourism.conftest import days, today
from tests.tourism.helpers import json_ld
from tourism import calendar, services
from tourism.models import EventIndexPage

pytestmark = pytest.mark.django_db


class FakeEvent:
    def __init__(self, start, end=None, recurrence="none", repeat_until=None):
        self.start_date, self.end_date = start, end
        self.recurrence, self.repeat_until = recurrence, repeat_until

    @property
    def last_date(self):
        return self.end_date or self.start_date


def test_the_bac_ha_market_is_every_sunday():
    market = FakeEvent(datetime.date(2026, 1, 4), recurrence="weekly")  # a Sunday
    december = calendar.occurrences(market, datetime.date(2026, 12, 1),
                                    datetime.date(2026, 12, 31))
    assert december == [datetime.date(2026, 12, d) for d in (6, 13, 20, 27)]
    assert all(day.weekday() == 6 for day in december)
    # Saturday 28 November 2026: the next market is tomorrow.
    assert calendar.next_occurrence(market, datetime.date(2026, 11, 28)) == \
        datetime.date(2026, 11, 29)


def test_weekly_event_stops_after_its_last_repeat():
    market = FakeEvent(datetime.date(2026, 1, 4), recurrence="weekly",
                       repeat_until=datetime.date(2026, 3, 1))
    assert calendar.next_occurrence(market, datetime.date(2026, 3, 2)) is None
    assert calendar.next_occurrence(market, datetime.date(2026, 2, 24)) == \
        datetime.date(2026, 3, 1)


def test_yearly_festival_comes_back_and_multi_day_events_overlap_months():
    festival = FakeEvent(datetime.date(2025, 9, 20), datetime.date(2025, 9, 28), "yearly")
    assert calendar.next_occurrence(festival, datetime.date(2026, 11, 28)) == \
        datetime.date(2027, 9, 20)
    assert calendar.next_occurrence(festival, datetime.date(2026, 9, 25)) == \
        datetime.date(2026, 9, 20), "still on"
    once = FakeEvent(datetime.date(2026, 11, 29), datetime.date(2026, 12, 2))
    assert calendar.occurrences(once, datetime.date(2026, 12, 1), datetime.date(2026, 12, 31)) \
        == [datetime.date(2026, 11, 29)]
    assert calendar.next_occurrence(once, datetime.date(2026, 12, 3)) is None


def test_past_events_are_hidden_from_listings(client, make_event):
    make_event("hoi-cho", "Hội chợ sắp tới", today() + days(3), today() + days(4))
    make_event("dang-dien-ra", "Lễ hội đang diễn ra", today() - days(1), today() + days(1))
    make_event("da-qua", "Lễ hội năm ngoái", today() - days(30), today() - days(28))
    make_event("cho-phien", "Chợ phiên hằng tuần", today() - days(60), recurrence="weekly")

    html = client.get("/events/").content.decode()
    assert "Hội chợ sắp tới" in html
    assert "Lễ hội đang diễn ra" in html
    assert "Chợ phiên hằng tuần" in html
    assert "Lễ hội năm ngoái" not in html
    assert "Sự kiện sắp diễn ra" in html
    # The past event keeps its own page, marked as over.
    page = client.get("/events/da-qua/").content.decode()
    assert "Sự kiện này đã kết thúc." in page


def test_month_calendar_route(client, make_event, sections):
    make_event("cho-phien", "Chợ phiên Bắc Hà", datetime.date(2026, 1, 4), recurrence="weekly")
    make_event("le-hoi-mua-dong", "Lễ hội mùa đông", datetime.date(2026, 12, 19),
               datetime.date(2026, 12, 20))
    response = client.get("/events/2026/12/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Chợ phiên Bắc Hà") == 4
    assert html.count("Lễ hội mùa đông") == 1
    assert 'href="/events/2026/11/"' in html and 'href="/events/2027/01/"' in html
    assert client.get("/events/2026/13/").status_code == 404

    index = sections[EventIndexPage]
    services.translate(index.events().get(slug="le-hoi-mua-dong"), "en",
                       title="Winter festival")
    html = client.get("/en/events/2026/12/").content.decode()
    assert "Events in December 2026" in html and "Winter festival" in html
    assert 'hreflang="vi" href="http://testserver/events/2026/12/"' in html


def test_event_json_ld(client, make_event):
    make_event("cho-phien", "Chợ phiên Bắc Hà", datetime.date(2026, 1, 4), recurrence="weekly")
    data = json_ld(client.get("/events/cho-phien/").content.decode())
    assert data["@type"] == "Event"
    for key in ("name", "startDate", "endDate", "location", "url"):
        assert key in data
    start = datetime.date.fromisoformat(data["startDate"])
    assert start >= today() and start.weekday() == 6
    assert data["location"]["@type"] == "Place"
    assert data["location"]["geo"]["latitude"] == 22.3363
    assert data["eventSchedule"]["repeatFrequency"] == "P1W"
    assert data["organizer"]["name"] == "UBND phường Sa Pa"
