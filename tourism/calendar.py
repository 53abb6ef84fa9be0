"""When events happen: one-off, weekly (markets) or yearly (festivals)."""

import calendar as pycalendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from tourism.choices import Recurrence


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def occurrences(event, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Start dates of the event's occurrences that overlap [first, last]."""
    length = event.last_date - event.start_date
    until = event.repeat_until or last
    found = []
    if event.recurrence == Recurrence.WEEKLY:
        start = event.start_date
        if start < first - length:
            weeks = ((first - length) - start).days // 7
            start += datetime.timedelta(weeks=weeks)
        while start <= min(last, until):
            if start + length >= first:
                found.append(start)
            start += datetime.timedelta(weeks=1)
    elif event.recurrence == Recurrence.YEARLY:
        years = max(0, first.year - event.start_date.year - 1)
        start = _add_years(event.start_date, years)
        while start <= min(last, until):
            if start + length >= first:
                found.append(start)
            years += 1
            start = _add_years(event.start_date, years)
    elif event.start_date <= last and event.last_date >= first:
        found.append(event.start_date)
    return found


def next_occurrence(event, today: datetime.date) -> datetime.date | None:
    """The start of the current or next occurrence; None once the event is over."""
    horizon = today + datetime.timedelta(days=400)
    dates = occurrences(event, today, horizon)
    return dates[0] if dates else None


def not_over(events, today: datetime.date):
    """Database-side first cut: events that may still have an occurrence from today on."""
    one_off_not_over = Q(recurrence=Recurrence.NONE) & (
        Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today))
    repeating = ~Q(recurrence=Recurrence.NONE) & (
        Q(repeat_until__isnull=True) | Q(repeat_until__gte=today))
    return events.filter(one_off_not_over | repeating)


@dataclass
class Upcoming:
    event: object
    date: datetime.date


def upcoming_events(events, today: datetime.date, limit=None) -> list[Upcoming]:
    """Events not yet over, by the date of their next occurrence; past events are left out."""
    found = []
    for event in not_over(events, today).select_related("hero_image", "commune"):
        date = next_occurrence(event, today)
        if date is not None:
            found.append(Upcoming(event, date))
    found.sort(key=lambda item: (item.date, item.event.title))
    return found[:limit] if limit else found


@dataclass
class MonthCalendar:
    first: datetime.date
    days: list = field(default_factory=list)  # [(date, [events])], only days with events

    @property
    def previous(self) -> datetime.date:
        return (self.first - datetime.timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> datetime.date:
        return (self.first + datetime.timedelta(days=32)).replace(day=1)


def month_calendar(events, first: datetime.date) -> MonthCalendar:
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    by_day: dict[datetime.date, list] = {}
    for event in events.select_related("commune"):
        for start in occurrences(event, first, last):
            by_day.setdefault(max(start, first), []).append(event)
    days = [(day, sorted(by_day[day], key=lambda e: e.title)) for day in sorted(by_day)]
    return MonthCalendar(first=first, days=days)
