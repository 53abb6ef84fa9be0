"""Police writes other than the watchlist: suspending establishments, retention."""

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.text import fold, normalize
from lodging.models import Establishment, EstablishmentStatus, Stay, StayHistory
from lodging.police.audit import digests_of_people
from lodging.police.models import AuditEvent
from lodging.police.permissions import establishments_in_jurisdiction
from lodging.signals import stays_written

logger = logging.getLogger(__name__)

ANONYMISED_FLAG = "anonymised"
ANONYMISED_NAME = "—"


@transaction.atomic
def set_establishment_status(*, user, establishment_id: int, suspend: bool,
                             reason: str = "") -> Establishment:
    """Suspend (with a reason the establishment is shown) or reactivate a place.

    Only officers whose jurisdiction holds the establishment; DoesNotExist otherwise.
    """
    establishment = (establishments_in_jurisdiction(user).select_for_update()
                     .get(pk=establishment_id))
    reason = normalize(reason)
    if suspend and not reason:
        raise ValidationError(_("Give the reason for the suspension."))
    establishment.status = (EstablishmentStatus.SUSPENDED if suspend
                            else EstablishmentStatus.ACTIVE)
    establishment.suspension_reason = reason if suspend else ""
    establishment.save(update_fields=["status", "suspension_reason", "updated_at"])
    return establishment


def _forget_audit_terms(people: list[dict]) -> None:
    """Audit events keep hashes of the names, numbers and birth dates officers looked for;
    once no identifiable stay carries such a term any more, the events forget it too."""
    digests = digests_of_people(people)
    remaining = Stay.objects.exclude(full_name=ANONYMISED_NAME, document_number="")
    still = digests_of_people(remaining.filter(
        Q(document_number__in={p["document_number"] for p in people if p["document_number"]})
        | Q(full_name_folded__in={fold(p["full_name"]) for p in people})
        | Q(date_of_birth__in={p["date_of_birth"] for p in people}))
        .values("full_name", "document_number", "date_of_birth").iterator())
    for kind, found in digests.items():
        AuditEvent.objects.erase_terms(kind, found - still[kind])


def retention_cutoff(days: int, now: datetime) -> datetime:
    return now - timedelta(days=days)


def retention_days(years: int | None = None, days: int | None = None) -> int:
    """The retention period: explicit days, else years, else STAY_RETENTION_DAYS."""
    if days is not None:
        return days
    if years is not None:
        return round(365.25 * years)
    return settings.STAY_RETENTION_DAYS


@transaction.atomic
def anonymise_old_stays(*, years: int | None = None, days: int | None = None,
                        now: datetime | None = None, dry_run: bool = False) -> int:
    """Strip the identity from stays that ended more than the retention period ago
    (`days`, or `years`, or settings.STAY_RETENTION_DAYS).

    What statistics need stays: establishment, dates, nationality, sex, year of birth,
    status and lateness. Everything that identifies the person goes, from the stay, from
    its change history and from the audit events that looked for it (their hashed terms).
    The after-write hooks run so that search indexes drop the personal data too.
    """
    now = now or timezone.now()
    cutoff = retention_cutoff(retention_days(years, days), now)
    # (JSON `contains` does not exist on SQLite: the blanked identity marks done rows.)
    old = (Stay.objects.exclude(full_name=ANONYMISED_NAME, document_number="")
           .filter(Q(departure__lt=cutoff)
                   | Q(departure__isnull=True, expected_departure__lt=cutoff)))
    stays = list(old.select_for_update())
    if dry_run or not stays:
        return len(stays)
    people = [{"full_name": stay.full_name, "document_number": stay.document_number,
               "date_of_birth": stay.date_of_birth} for stay in stays]
    for stay in stays:
        stay.full_name = ANONYMISED_NAME
        stay.full_name_folded = ""
        stay.date_of_birth = date(stay.date_of_birth.year, 1, 1)
        stay.document_number = ""
        for field in ("address", "phone", "visa_number", "port_of_entry", "reason"):
            setattr(stay, field, "")
        stay.flags = [*stay.flags, ANONYMISED_FLAG]
    Stay.objects.bulk_update(stays, [
        "full_name", "full_name_folded", "date_of_birth", "document_number", "address",
        "phone", "visa_number", "port_of_entry", "reason", "flags"])
    StayHistory.objects.filter(stay__in=stays).update(changes={}, reason="")
    _forget_audit_terms(people)
    stays_written.send(Stay, stays=stays, now=now)
    logger.info("Anonymised %s stays that ended before %s", len(stays), cutoff.isoformat())
    return len(stays)
