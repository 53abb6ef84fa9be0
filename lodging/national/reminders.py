"""The national portal's part of the owners' daily digest (lodging.reminders)."""

from datetime import datetime

from django.db.models import Count, Q
from django.utils import translation

from lodging.models import Establishment, Stay, StayStatus
from lodging.national.models import BatchState, NationalBatch
from lodging.national.selectors import UNDELIVERED
from lodging.reminders import DigestSection, url_in


def undelivered_section(owner, establishments: list[Establishment], now: datetime,
                        language: str) -> DigestSection | None:
    """Per establishment: guests the national portal does not hold yet, and batches
    exported but never confirmed (the portal reports success after importing nothing,
    so an unconfirmed batch proves nothing). Counts only: no guest is named."""
    guests = dict(Stay.objects.filter(establishment__in=establishments,
                                      national_status__in=UNDELIVERED)
                  .exclude(status=StayStatus.CANCELLED)
                  .values_list("establishment").annotate(n=Count("id")))
    batches = dict(NationalBatch.objects.filter(establishment__in=establishments)
                   .values_list("establishment")
                   .annotate(n=Count("id", filter=Q(state=BatchState.EXPORTED))))
    lines = []
    for place in establishments:
        waiting, unconfirmed = guests.get(place.pk, 0), batches.get(place.pk, 0)
        if waiting or unconfirmed:
            lines.append(translation.gettext(
                "%(establishment)s: %(guests)s guest(s) not yet on the national portal, "
                "%(batches)s exported batch(es) waiting for the portal's count") % {
                "establishment": place.name, "guests": waiting, "batches": unconfirmed})
    if not lines:
        return None
    return DigestSection(
        title=translation.gettext("Not yet delivered to the national portal"),
        lines=lines, link=url_in(language, "lodging:national:page"))
