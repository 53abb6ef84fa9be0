"""Figures of the officer's jurisdiction: arrivals and guest-nights, and how each
establishment notifies.

Guest-nights are counted on the night they are spent (local calendar date), from the
arrival date up to the day before the departure (actual, else expected). A stay that
arrives and leaves on the same day counts one night on its arrival date, the way
establishments report day use. Cancelled stays count for nothing.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from cms import exports
from cms.dates import start_of_day
from lodging.models import Establishment, StayStatus
from lodging.police.permissions import Jurisdiction

VIETNAMESE = "VNM"


@dataclass
class Table:
    arrivals: Counter = field(default_factory=Counter)
    nights: Counter = field(default_factory=Counter)

    def rows(self) -> list[tuple]:
        keys = sorted(set(self.arrivals) | set(self.nights), key=str)
        return [(key, self.arrivals[key], self.nights[key]) for key in keys]

    @property
    def totals(self) -> tuple[int, int]:
        return sum(self.arrivals.values()), sum(self.nights.values())


def _nights_within(arrival_day: date, end_day: date, start: date, end: date) -> list[date]:
    """The stay's nights that fall in [start, end]: each night from the arrival day to the
    day before the departure, and one night for a stay that leaves on its arrival day."""
    last = max(arrival_day, end_day - timedelta(days=1))
    first, last = max(arrival_day, start), min(last, end)
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def statistics(jurisdiction: Jurisdiction, *, start: date, end: date) -> dict[str, Table]:
    """Arrivals (by arrival date) and guest-nights (by night) falling in [start, end]."""
    stays = (jurisdiction.stays().exclude(status=StayStatus.CANCELLED)
             .filter(arrival__lt=start_of_day(end + timedelta(days=1)))
             .values_list("arrival", "departure", "expected_departure", "nationality",
                          "establishment__commune__name", "establishment__kind"))
    tables: dict[str, Table] = defaultdict(Table)
    for arrival, departure, expected, nationality, commune, kind in stays.iterator():
        arrival_day = timezone.localtime(arrival).date()
        end_day = timezone.localtime(departure or expected).date()
        group = "foreigners" if nationality != VIETNAMESE else "vietnamese"
        keys = {"nationality": nationality, "commune": commune, "kind": kind, "origin": group}
        if start <= arrival_day <= end:
            tables["day"].arrivals[arrival_day] += 1
            tables["week"].arrivals[_iso_week(arrival_day)] += 1
            tables["month"].arrivals[arrival_day.strftime("%Y-%m")] += 1
            for name, key in keys.items():
                tables[name].arrivals[key] += 1
        # Only the nights inside the period are walked: a stay corrected to leave in the
        # year 9999 costs the period's length, not three million nights.
        for night in _nights_within(arrival_day, end_day, start, end):
            if start <= night <= end:
                tables["day"].nights[night] += 1
                tables["week"].nights[_iso_week(night)] += 1
                tables["month"].nights[night.strftime("%Y-%m")] += 1
                for name, key in keys.items():
                    tables[name].nights[key] += 1
    return {name: tables[name] for name in ("day", "week", "month", "nationality",
                                            "commune", "kind", "origin")}


def _iso_week(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def establishment_activity(jurisdiction: Jurisdiction, *, since: datetime
                           ) -> list[Establishment]:
    """Establishments of the jurisdiction with their notifications since `since`:
    count, late count, on-time rate (None without notifications) and the last one."""
    places = list(jurisdiction.establishments().select_related("commune").annotate(
        notifications=Count("stays", filter=Q(stays__notified_at__gte=since)),
        late_notifications=Count("stays", filter=Q(stays__notified_at__gte=since,
                                                   stays__late=True)),
        last_notified=Max("stays__notified_at"),
    ).order_by("commune__name", "name"))
    for place in places:
        place.on_time_rate = (None if not place.notifications else
                              round(100 * (place.notifications - place.late_notifications)
                                    / place.notifications))
    return places


def as_databook(tables: dict[str, Table], titles: dict[str, str], headers: tuple) -> bytes:
    """One sheet per table; the first column is named after the table."""
    return exports.xlsx_bytes([
        (str(titles[name]), [str(titles[name]), *map(str, headers)],
         [(str(key), arrivals, nights) for key, arrivals, nights in table.rows()])
        for name, table in tables.items()])
