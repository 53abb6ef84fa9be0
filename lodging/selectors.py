"""Reads for establishment staff: every query is limited to the user's establishments."""

from datetime import datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from cms.text import fold, strip_invisible
from lodging.identity import clean_document_number
from lodging.models import (
    Establishment,
    StaffMembership,
    StaffRole,
    Stay,
    StayStatus,
    Submission,
)


def establishments_for_user(user) -> QuerySet[Establishment]:
    if not user.is_authenticated:
        return Establishment.objects.none()
    # One membership per (user, establishment) (a unique constraint): no DISTINCT needed.
    return Establishment.objects.filter(memberships__user=user)


def is_establishment_owner(user) -> bool:
    """Owners manage staff and see every stay of their establishment: they need 2FA."""
    return StaffMembership.objects.filter(user=user, role=StaffRole.OWNER).exists()


def owned_establishments(user) -> QuerySet[Establishment]:
    if not user.is_authenticated:
        return Establishment.objects.none()
    # One filter(): the user's own membership must be the owner one.
    return Establishment.objects.filter(memberships__user=user,
                                        memberships__role=StaffRole.OWNER)


def is_owner_of(user, establishment: Establishment) -> bool:
    return owned_establishments(user).filter(pk=establishment.pk).exists()


def todays_guests(now: datetime | None = None) -> Q:
    """Receptionists' view: guests in house, and those who arrived or left today."""
    start, _end = today_bounds(now)
    return (Q(status=StayStatus.REGISTERED) | Q(arrival__gte=start)
            | Q(departure__gte=start))


def stays_for_user(user) -> QuerySet[Stay]:
    """Owners see every stay of their establishments; receptionists today's guests only
    (history and exports need the owner role)."""
    memberships = StaffMembership.objects.filter(user=user) if user.is_authenticated \
        else StaffMembership.objects.none()
    owned = memberships.filter(role=StaffRole.OWNER).values("establishment")
    staffed = memberships.exclude(role=StaffRole.OWNER).values("establishment")
    return (Stay.objects.filter(Q(establishment__in=owned)
                                | (Q(establishment__in=staffed) & todays_guests()))
            .select_related("establishment", "establishment__commune", "submission"))


def get_stay_for_user(user, stay_id) -> Stay:
    """The stay if the user works where it is; Stay.DoesNotExist otherwise (no hint)."""
    return stays_for_user(user).get(pk=stay_id)


def today_bounds(now: datetime | None = None) -> tuple[datetime, datetime]:
    local = timezone.localtime(now or timezone.now())
    start = datetime.combine(local.date(), time.min, tzinfo=local.tzinfo)
    return start, start + timedelta(days=1)


def arrivals_today(user, establishment: Establishment | None = None,
                   now: datetime | None = None) -> QuerySet[Stay]:
    start, end = today_bounds(now)
    stays = stays_for_user(user).filter(arrival__gte=start, arrival__lt=end)
    return stays.filter(establishment=establishment) if establishment else stays


def in_house(user, establishment: Establishment | None = None) -> QuerySet[Stay]:
    stays = stays_for_user(user).filter(status=StayStatus.REGISTERED).order_by("room", "id")
    return stays.filter(establishment=establishment) if establishment else stays


def dashboard_lists(user, establishment: Establishment, now: datetime | None = None
                    ) -> dict[str, QuerySet[Stay]]:
    """Today's board, each guest in exactly one list: arrived today and still here,
    staying on from before today, and left today (checked out)."""
    start, end = today_bounds(now)
    stays = stays_for_user(user).filter(establishment=establishment)
    here = stays.filter(status=StayStatus.REGISTERED).order_by("room", "id")
    return {
        "arrived_today": here.filter(arrival__gte=start, arrival__lt=end),
        "staying": here.filter(arrival__lt=start),
        "left_today": stays.filter(status=StayStatus.CHECKED_OUT, departure__gte=start,
                                   departure__lt=end).order_by("-departure", "-id"),
    }


def search_stays(user, query: str = "", establishment: Establishment | None = None
                 ) -> QuerySet[Stay]:
    """Own stays by name (any accents), document number or receipt code."""
    stays = stays_for_user(user)
    if establishment:
        stays = stays.filter(establishment=establishment)
    # A name, a number or a code: longer input is cut, invisible characters (a NUL would
    # fail in PostgreSQL) dropped.
    query = strip_invisible(query or "").strip()[:200]
    if query:
        stays = stays.filter(
            Q(full_name_folded__contains=fold(query))
            | Q(document_number=clean_document_number(query))
            | Q(receipt_code__istartswith=query)
            | Q(room__iexact=query))
    return stays.order_by("-arrival", "-id")


def submission_for_user(user, code: str) -> Submission | None:
    """A notification of one of the user's establishments by receipt code; None for any
    other (no hint that it exists)."""
    return (Submission.objects.filter(establishment__in=establishments_for_user(user))
            .select_related("establishment", "establishment__commune")
            .filter(receipt_code=code).first())
