"""Reads for establishment staff: every query is limited to the user's establishments."""

from datetime import datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from lodging.identity import clean_document_number
from lodging.models import (
    Establishment,
    StaffMembership,
    StaffRole,
    Stay,
    StayStatus,
    Submission,
)
from search.text import fold


def establishments_for_user(user) -> QuerySet[Establishment]:
    if not user.is_authenticated:
        return Establishment.objects.none()
    # One membership per (user, establishment) (a unique constraint): no DISTINCT needed.
    return Establishment.objects.filter(memberships__user=user)


# Where a request's user object carries the ids of the establishments it was just found
# to be staff of (see remember_staff_of).
_STAFF_OF = "_lodging_staff_of"


def remember_staff_of(user, establishments) -> None:
    """Note on this request's user which establishments it was just read to be staff of,
    so that `services.can_register` does not ask again in the same request. The PMS API
    reads them at the start of every request (with the token, or in its permission
    check), so the note is never older than the request."""
    setattr(user, _STAFF_OF, frozenset(e.pk for e in establishments))


def staff_of_remembered(user) -> frozenset | None:
    return getattr(user, _STAFF_OF, None)


def membership(user, establishment: Establishment) -> StaffMembership | None:
    return StaffMembership.objects.filter(user=user, establishment=establishment).first()


def is_establishment_owner(user) -> bool:
    """Owners manage staff and see every stay of their establishment: they need 2FA."""
    return StaffMembership.objects.filter(user=user, role=StaffRole.OWNER).exists()


def stays_for_user(user) -> QuerySet[Stay]:
    return (Stay.objects.filter(establishment__in=establishments_for_user(user))
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


def search_stays(user, query: str = "", establishment: Establishment | None = None
                 ) -> QuerySet[Stay]:
    """Own stays by name (any accents), document number or receipt code."""
    stays = stays_for_user(user)
    if establishment:
        stays = stays.filter(establishment=establishment)
    query = (query or "").strip()
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
