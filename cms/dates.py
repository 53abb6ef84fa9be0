"""Calendar dates read from people (filters, spreadsheet cells) and turned into moments of
the site's time zone."""

import re
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

# The days a person may mean. Outside them (year 1, year 9999) a day cannot even become
# a moment in every time zone, and no stay, event or audit row lies there.
EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def parse_iso_date(value) -> date | None:
    """A date given as a `date` or as ISO text ("2026-11-28"); None when it is empty, not
    a date or outside the days a person may mean, so a malformed filter narrows nothing
    instead of failing the page."""
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip()) if value else None
        except ValueError:
            return None
    return value if value is None or EARLIEST_DAY <= value <= LATEST_DAY else None


def start_of_day(day: date) -> datetime:
    """Local midnight of `day`: a day's range is [start_of_day(d), start_of_day(d + 1))."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


# Spreadsheets from Vietnamese offices write day first (28/11/2026, 28-11-2026,
# 28.11.2026); ISO (2026-11-28) is accepted too. A year always has four digits, so the
# two orders cannot be confused.
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def _date_of(text: str) -> date | None:
    day_first, iso = _DAY_FIRST.fullmatch(text), _ISO.fullmatch(text)
    try:
        if day_first:
            day, month, year = map(int, day_first.groups())
            return date(year, month, day)
        if iso:
            year, month, day = map(int, iso.groups())
            return date(year, month, day)
    except ValueError:  # 31/02/2026
        return None
    return None


def spreadsheet_date(value) -> date | None:
    """A date cell as a sheet gives it: a date, or text day first or ISO. None when empty;
    ValueError with a message for the person who typed it otherwise."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    parsed = _date_of(text)
    if parsed is None:
        raise ValueError(_("“%(value)s” is not a date (use DD/MM/YYYY).") % {"value": text})
    return parsed


def spreadsheet_datetime(value) -> datetime | None:
    """A date-and-time cell: a datetime, or text as `spreadsheet_date` reads it followed
    by HH:MM[:SS] (a space or a "T" between). A time without a zone is the site's."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value).strip()
        try:  # ISO, with or without a zone
            parsed = parse_datetime(text.replace(" ", "T", 1))
        except ValueError:  # well formed, impossible (2026-13-01T10:00)
            parsed = None
        if parsed is None:
            day, _sep, clock = text.replace("T", " ", 1).partition(" ")
            when, at = _date_of(day.strip()), _TIME.fullmatch(clock.strip())
            if when is None or at is None:
                raise ValueError(_("“%(value)s” is not a date and time (use DD/MM/YYYY "
                                   "HH:MM).") % {"value": text})
            hour, minute, second = (int(part or 0) for part in at.groups())
            try:
                parsed = datetime.combine(when, time(hour, minute, second))
            except ValueError:
                raise ValueError(_("“%(value)s” is not a date and time (use DD/MM/YYYY "
                                   "HH:MM).") % {"value": text}) from None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
