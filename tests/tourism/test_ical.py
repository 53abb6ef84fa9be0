"""The events calendar in a tourist's calendar app: iCal feeds, parsed back."""

import datetime

import pytest
from icalendar import Calendar

from tests.tourism.conftest import days, today
from tourism.models import EventIndexPage

pytestmark = pytest.mark.django_db


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def by_summary(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_the_whole_calendar_has_markets_as_weekly_rules(client, make_event, sections):
    sunday = today() - days((today().weekday() + 1) % 7)  # this week's Sunday, or today
    make_event("cho-bac-ha", "Chợ phiên Bắc Hà", sunday, recurrence="weekly",
               start_time=datetime.time(6, 0), end_time=datetime.time(13, 0))
    make_event("le-hoi-hoa-tam-xuan", "Lễ hội hoa tam xuân", today() + days(30),
               end=today() + days(32), recurrence="yearly")
    make_event("giai-chay", "Giải chạy Sa Pa", today() + days(10),
               repeat_until=None)
    make_event("cu", "Sự kiện đã qua", today() - days(400))
    index = sections[EventIndexPage]
    calendar = parse(client.get(index.ical_url()))
    assert str(calendar["VERSION"]) == "2.0"
    events = by_summary(calendar)
    assert set(events) == {"Chợ phiên Bắc Hà", "Lễ hội hoa tam xuân", "Giải chạy Sa Pa"}

    market = events["Chợ phiên Bắc Hà"]
    assert market["RRULE"]["FREQ"] == ["WEEKLY"]
    start = market.decoded("DTSTART")
    assert start.date() == sunday and start.hour == 6
    assert str(start.tzinfo) == "Asia/Ho_Chi_Minh"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    assert market.decoded("DTEND").hour == 13
    assert str(market["URL"]).endswith("/cho-bac-ha/")

    festival = events["Lễ hội hoa tam xuân"]
    assert festival["RRULE"]["FREQ"] == ["YEARLY"]
    assert festival.decoded("DTSTART") == today() + days(30)
    assert festival.decoded("DTEND") == today() + days(33)  # all-day, end exclusive
    assert "RRULE" not in events["Giải chạy Sa Pa"]
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert len(set(uids)) == 3


def test_repeats_stop_at_their_last_date(client, make_event, sections):
    make_event("cho-tam", "Chợ tạm", today(), recurrence="weekly",
               repeat_until=today() + days(60))
    calendar = parse(client.get(sections[EventIndexPage].ical_url()))
    rule = by_summary(calendar)["Chợ tạm"]["RRULE"]
    assert rule["UNTIL"] == [today() + days(60)]


def test_a_destination_feed_has_only_the_events_of_its_commune(
        client, make_event, make_place, sections):
    from cms.models import Commune

    sa_pa = make_place(slug="sa-pa", title_vi="Sa Pa")
    make_event("cho-sa-pa", "Chợ đêm Sa Pa", today(), recurrence="weekly")
    elsewhere = make_event("cho-bac-ha", "Chợ Bắc Hà", today(), recurrence="weekly")
    elsewhere.commune = Commune.objects.in_lao_cai().resolve("Bắc Hà")
    elsewhere.save_revision().publish()
    index = sections[EventIndexPage]
    calendar = parse(client.get(index.ical_url(sa_pa)))
    assert set(by_summary(calendar)) == {"Chợ đêm Sa Pa"}
    assert "Sa Pa" in str(calendar["X-WR-CALNAME"])
    assert client.get(index.url + "ical/khong-co/").status_code == 404
    # The destination's page links to its feed.
    html = client.get(sa_pa.url).content.decode()
    assert 'type="text/calendar" title' in html and index.ical_url(sa_pa) in html


def test_the_events_pages_link_to_the_feed(client, sections):
    index = sections[EventIndexPage]
    for url in (index.url, index.month_url(today())):
        html = client.get(url).content.decode()
        assert ('<link rel="alternate" type="text/calendar"' in html
                and f'href="{index.ical_url()}"' in html)
        assert "(iCal)</a>" in html
