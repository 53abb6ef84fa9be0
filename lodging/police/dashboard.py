"""What an officer starting a shift sees first, all within the jurisdiction."""

from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from lodging.deadlines import VIETNAM_TZ
from lodging.models import Stay, StayStatus
from lodging.police.permissions import Jurisdiction
from lodging.police.selectors import open_alerts
from lodging.selectors import today_bounds

# Foreigners whose permitted stay ends within this many days are flagged.
PERMITTED_STAY_WARNING_DAYS = 7


def shift_overview(jurisdiction: Jurisdiction, now: datetime | None = None) -> dict:
    """Today's arrivals and departures, who is in house, and what needs a look.

    "Missing notifications": a stay only exists once notified, so an arrival never
    declared cannot be listed. What can be seen missing is the departure notification:
    stays still open although their expected departure has passed. Those are listed
    with the late arrival notifications (notified after their deadline, `late`), which
    are counted over the last 7 days.
    """
    now = now or timezone.now()
    start, end = today_bounds(now)
    stays = jurisdiction.stays()
    in_house = stays.filter(status=StayStatus.REGISTERED, arrival__lte=now)
    today = timezone.localtime(now).date()
    warn_until = today + timedelta(days=PERMITTED_STAY_WARNING_DAYS)
    return {
        "now": now,
        "arrivals": stays.filter(arrival__gte=start, arrival__lt=end).order_by("arrival"),
        "departures": stays.filter(
            Q(departure__gte=start, departure__lt=end)
            | Q(departure__isnull=True, status=StayStatus.REGISTERED,
                expected_departure__gte=start, expected_departure__lt=end)
        ).order_by("expected_departure"),
        "in_house_count": in_house.count(),
        "late": stays.filter(late=True, notified_at__gte=start - timedelta(days=7))
                     .order_by("-notified_at"),
        "departure_missing": in_house.filter(expected_departure__lt=now)
                                     .order_by("expected_departure"),
        "foreigners_expiring": foreigners_whose_stay_runs_out(in_house, warn_until),
        "alerts": open_alerts(jurisdiction),
        "per_establishment": (in_house.values("establishment__code", "establishment__name")
                              .annotate(guests=Count("id"))
                              .order_by("-guests", "establishment__code")),
        "today": today,
    }


def foreigners_whose_stay_runs_out(in_house: QuerySet[Stay], warn_until: date
                                   ) -> QuerySet[Stay]:
    """Foreign guests in house whose permitted stay ends soon, or before the departure
    the establishment expects (registered with the receptionist's confirmation)."""
    departure_day = TruncDate("expected_departure", tzinfo=VIETNAM_TZ)
    return (in_house.exclude(nationality="VNM")
            .filter(Q(permitted_stay_until__lte=warn_until)
                    | Q(permitted_stay_until__lt=departure_day))
            .order_by("permitted_stay_until"))
