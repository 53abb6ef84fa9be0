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


# --- the feed checked without the library that wrote it ---------------------------------

def content_lines(raw: bytes) -> list[str]:
    """RFC 5545 section 3.1, checked by hand: CRLF line endings only, physical lines of at
    most 75 octets, never folded inside a UTF-8 character, continuation lines starting
    with a space or a tab; returns the unfolded content lines."""
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"") and b"\r" not in raw.replace(b"\r\n", b"")
    physical = raw[:-2].split(b"\r\n")
    lines: list[str] = []
    for line in physical:
        assert len(line) <= 75, line
        text = line.decode("utf-8")  # a fold that split a character would fail here
        if line[:1] in (b" ", b"\t"):
            assert lines, "a continuation line cannot come first"
            lines[-1] += text[1:]
        else:
            assert text, "no empty line"
            lines.append(text)
    return lines


def components(lines: list[str]) -> list[dict]:
    """BEGIN/END pairs, properly nested, VCALENDAR outermost; each component as
    {"name", "properties": [(name with parameters, value)], "parent"}."""
    stack, found = [], []
    for line in lines:
        name, separator, value = line.partition(":")
        assert separator, line
        if name == "BEGIN":
            assert stack or value == "VCALENDAR", "VCALENDAR is outermost"
            component = {"name": value, "properties": [],
                         "parent": stack[-1]["name"] if stack else None}
            stack.append(component)
            found.append(component)
        elif name == "END":
            assert stack and stack.pop()["name"] == value, f"END:{value} without its BEGIN"
        else:
            assert stack, line
            stack[-1]["properties"].append((name, value))
    assert stack == [], "every BEGIN has its END"
    assert found[0]["name"] == "VCALENDAR" and lines[-1] == "END:VCALENDAR"
    return found


def prop(component: dict, name: str) -> tuple[str, str]:
    (found,) = [(key, value) for key, value in component["properties"]
                if key.split(";")[0] == name]
    return found


def test_the_feed_is_valid_icalendar_and_its_rules_give_the_market_sundays(
        client, make_event, sections):
    from dateutil.rrule import rrulestr

    sunday = today() - days((today().weekday() + 1) % 7)
    make_event("cho-bac-ha", "Chợ phiên Bắc Hà", sunday, recurrence="weekly",
               start_time=datetime.time(6, 0), end_time=datetime.time(13, 0),
               repeat_until=sunday + days(27),  # a Saturday: four Sundays
               summary="Chợ phiên lớn nhất vùng cao Tây Bắc: ngựa, trâu, thổ cẩm, rượu ngô, "
                       "thắng cố; người Mông, Dao, Tày, Nùng đi chợ từ tờ mờ sáng.")
    make_event("le-hoi-hoa-tam-xuan", "Lễ hội hoa tam xuân", today() + days(30),
               end=today() + days(32), recurrence="yearly")
    raw = client.get(sections[EventIndexPage].ical_url()).content
    found = components(content_lines(raw))
    assert sorted(c["name"] for c in found if c["parent"] == "VCALENDAR") == [
        "VEVENT", "VEVENT", "VTIMEZONE"]
    assert {c["name"] for c in found if c["parent"] == "VTIMEZONE"} == {"STANDARD"}
    calendar = found[0]
    assert prop(calendar, "VERSION")[1] == "2.0" and prop(calendar, "PRODID")[1]
    events = {prop(c, "SUMMARY")[1]: c for c in found if c["name"] == "VEVENT"}
    market = events["Chợ phiên Bắc Hà"]
    # The long description really was folded (and unfolded back whole above).
    assert max(len(line) for line in raw.split(b"\r\n")) == 75
    assert "thắng cố" in prop(market, "DESCRIPTION")[1]
    for event in events.values():
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert prop(event, required)

    # Expand the weekly rule with dateutil, from the raw DTSTART and RRULE.
    start_key, start = prop(market, "DTSTART")
    assert start_key == "DTSTART;TZID=Asia/Ho_Chi_Minh"
    zone = datetime.timezone(datetime.timedelta(hours=7))  # Vietnam: no summer time
    dtstart = datetime.datetime.strptime(start, "%Y%m%dT%H%M%S").replace(tzinfo=zone)
    rule = rrulestr(prop(market, "RRULE")[1], dtstart=dtstart)
    sundays = list(rule)
    assert [moment.date() for moment in sundays] == [sunday + days(7 * n) for n in range(4)]
    assert all(m.weekday() == 6 and (m.hour, m.minute) == (6, 0) for m in sundays)
    assert prop(market, "DTEND")[1].endswith("T130000")

    # The festival: all-day, once a year on the same day, with no end.
    festival = events["Lễ hội hoa tam xuân"]
    start_key, start = prop(festival, "DTSTART")
    assert start_key == "DTSTART;VALUE=DATE"
    first = datetime.datetime.strptime(start, "%Y%m%d")
    rule = rrulestr(prop(festival, "RRULE")[1], dtstart=first)
    years = [rule[n] for n in range(3)]
    begin = today() + days(30)
    assert years[0].date() == begin
    assert all((y.month, y.day) == (begin.month, begin.day) for y in years)
    assert [y.year for y in years] == sorted({y.year for y in years})  # one a year
