"""The events calendar as iCalendar (RFC 5545), for tourists' calendar apps.

One feed for the whole calendar and one per destination (the events in its commune or
ward). A weekly market or a yearly festival is one VEVENT with a recurrence rule
(RRULE FREQ=WEEKLY / YEARLY, UNTIL its last repeat), never a list of copies, so a
calendar app shows every Sunday of the Bắc Hà market. Built with the `icalendar`
package, which also writes the Asia/Ho_Chi_Minh VTIMEZONE that timed events need.
"""

import datetime
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from tourism.calendar import not_over
from tourism.choices import Recurrence

# Events over for longer than this leave the feed (calendar apps keep what they had).
KEEP_PAST_DAYS = 90
FREQUENCY = {Recurrence.WEEKLY: "WEEKLY", Recurrence.YEARLY: "YEARLY"}


def _tz():
    return ZoneInfo("Asia/Ho_Chi_Minh")


def _event(page, request) -> Event:
    event = Event()
    host = request.get_host().split(":")[0] if request else "laocai"
    # The translation key is shared by the Vietnamese and English pages of one event, so
    # a subscriber switching languages keeps one event, not two.
    event.add("uid", f"event-{page.translation_key}@{host}")
    event.add("summary", page.title)
    url = page.get_full_url(request)
    if url:
        event.add("url", url)
    event.add("description", "\n\n".join(part for part in (page.summary, url) if part))
    location = ", ".join(part for part in (page.location_name,
                                           page.commune.name if page.commune else "") if part)
    if location:
        event.add("location", location)
    if page.latitude is not None and page.longitude is not None:
        event.add("geo", (float(page.latitude), float(page.longitude)))
    tz = _tz()
    if page.start_time:
        start = datetime.datetime.combine(page.start_date, page.start_time, tzinfo=tz)
        end_time = page.end_time or page.start_time
        end = datetime.datetime.combine(page.last_date, end_time, tzinfo=tz)
        if end <= start:
            end = start + datetime.timedelta(hours=1)
    else:  # all-day: DTEND is the day after the last one (exclusive)
        start, end = page.start_date, page.last_date + datetime.timedelta(days=1)
    event.add("dtstart", start)
    event.add("dtend", end)
    frequency = FREQUENCY.get(page.recurrence)
    if frequency:
        rule = {"FREQ": frequency}
        if page.repeat_until:
            # UNTIL takes DTSTART's type; for a timed event it is given in UTC.
            rule["UNTIL"] = (datetime.datetime.combine(
                page.repeat_until, datetime.time(23, 59, 59), tzinfo=tz).astimezone(
                datetime.UTC) if page.start_time else page.repeat_until)
        event.add("rrule", vRecur(rule))
    stamp = page.last_published_at or page.latest_revision_created_at or timezone.now()
    event.add("dtstamp", stamp.astimezone(datetime.UTC))
    event.add("last-modified", stamp.astimezone(datetime.UTC))
    return event


def events_calendar(events, *, name: str, request=None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Lào Cai Tourism//Events calendar//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    since = timezone.localdate() - datetime.timedelta(days=KEEP_PAST_DAYS)
    for page in not_over(events, since).select_related("commune").order_by("start_date",
                                                                           "title"):
        calendar.add_component(_event(page, request))
    calendar.add_missing_timezones()
    return calendar


def feed_response(calendar: Calendar, *, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response
