"""Reads of the delivery ledger, limited to what the user may see."""

from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from lodging import selectors as lodging_selectors
from lodging.models import Establishment, NationalStatus, Stay, StayStatus
from lodging.national.models import NationalBatch, NationalBatchItem, PortalRefusal
from lodging.national.records import kind_of

UNDELIVERED = (NationalStatus.PENDING, NationalStatus.RESEND)


def is_staff_of(user, establishment: Establishment) -> bool:
    return lodging_selectors.establishments_for_user(user).filter(pk=establishment.pk).exists()


def batches_for_user(user) -> QuerySet[NationalBatch]:
    """Batches of the user's own establishments; the file itself is deferred."""
    return (NationalBatch.objects
            .filter(establishment__in=lodging_selectors.establishments_for_user(user))
            .select_related("establishment").defer("content").order_by("-created_at", "-id"))


def get_batch_for_user(user, batch_id) -> NationalBatch:
    """The batch if the user works where it was made; DoesNotExist otherwise (no hint)."""
    return batches_for_user(user).get(pk=batch_id)


def batch_file(user, batch_id) -> NationalBatch:
    return (NationalBatch.objects
            .filter(establishment__in=lodging_selectors.establishments_for_user(user))
            .get(pk=batch_id))


def undelivered(establishment: Establishment) -> QuerySet[Stay]:
    """Stays the portal does not hold (yet, or any more), oldest deadline first, each with
    `refused_because`: the reason the portal's API refused it as it is now, if it did."""
    refusal = PortalRefusal.objects.filter(stay=OuterRef("pk"),
                                           stay_updated_at=OuterRef("updated_at"))
    return (Stay.objects.filter(establishment=establishment, national_status__in=UNDELIVERED)
            .exclude(status=StayStatus.CANCELLED)
            .annotate(refused_because=Subquery(refusal.values("error")[:1]))
            .order_by("deadline", "id"))


def overdue_count(establishment: Establishment, now: datetime | None = None) -> int:
    """Undelivered stays past their own legal deadline (set at registration by nationality
    and place: 23:00 or 08:00, 12 hours, 24 in a remote area)."""
    return undelivered(establishment).filter(deadline__lt=now or timezone.now()).count()


def refused_by_api(establishment: Establishment) -> QuerySet[Stay]:
    """Undelivered stays the portal's API refused as they are: for a file, or a correction."""
    return undelivered(establishment).filter(refused_because__isnull=False)


def refused_periods(establishment: Establishment) -> dict[str, tuple]:
    """Per kind, the arrival days (first, last) of the stays the API refused: the period
    of the file that delivers them."""
    periods: dict[str, tuple] = {}
    for stay in refused_by_api(establishment).only("nationality", "arrival"):
        day = timezone.localtime(stay.arrival).date()
        first, last = periods.get(kind_of(stay), (day, day))
        periods[kind_of(stay)] = (min(first, day), max(last, day))
    return periods


def cancelled_after_delivery(establishment: Establishment) -> QuerySet[Stay]:
    """Cancelled after the portal got them: only a person can remove them there."""
    return Stay.objects.filter(establishment=establishment, status=StayStatus.CANCELLED,
                               national_status=NationalStatus.RESEND).order_by("-arrival")


def undelivered_count(establishment: Establishment) -> int:
    return undelivered(establishment).count()


def status_counts(establishment: Establishment) -> dict[str, int]:
    rows = (Stay.objects.filter(establishment=establishment)
            .exclude(status=StayStatus.CANCELLED)
            .values("national_status").annotate(n=Count("id")))
    counts = dict.fromkeys(NationalStatus.values, 0)
    counts.update({row["national_status"]: row["n"] for row in rows})
    return counts


def attach_verified_share(places: list[Establishment], *, since: datetime) -> None:
    """For the police: per establishment, the share (%) of its stays notified since
    `since` that were proven on the national portal by their legal deadline. The proof
    is the reconciliation (or the API's answer), not the file's creation."""
    if not places:
        return
    in_time = NationalBatchItem.objects.filter(stay=OuterRef("pk"),
                                               verified_at__lte=OuterRef("deadline"))
    rows = (Stay.objects.filter(establishment__in=places, notified_at__gte=since)
            .exclude(status=StayStatus.CANCELLED)
            .values("establishment_id")
            .annotate(total=Count("id"),
                      verified=Count("id", filter=Q(Exists(in_time)))))
    by_place = {row["establishment_id"]: row for row in rows}
    for place in places:
        row = by_place.get(place.pk)
        place.national_share = (round(100 * row["verified"] / row["total"])
                                if row and row["total"] else None)


def overdue(stay: Stay, now: datetime | None = None) -> bool:
    return stay.deadline < (now or timezone.now())
