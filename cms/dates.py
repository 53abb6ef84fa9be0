"""Calendar dates read from people and turned into moments of the site's time zone."""

from datetime import date, datetime, time

from django.utils import timezone


def parse_iso_date(value) -> date | None:
    """A date given as a `date` or as ISO text ("2026-11-28"); None when it is empty or
    not a date, so a malformed filter narrows nothing instead of failing the page."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()) if value else None
    except ValueError:
        return None


def start_of_day(day: date) -> datetime:
    """Local midnight of `day`: a day's range is [start_of_day(d), start_of_day(d + 1))."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())
