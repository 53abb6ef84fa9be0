"""Police writes other than the watchlist: suspending establishments, retention."""

import logging
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lodging import services as lodging_services
from lodging.models import Establishment, EstablishmentStatus, Stay, StayHistory
from lodging.police.selectors import establishments_in_jurisdiction
from search.text import normalize

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


def retention_cutoff(years: int, now: datetime) -> datetime:
    return now - timedelta(days=round(365.25 * years))


@transaction.atomic
def anonymise_old_stays(*, years: int = 3, now: datetime | None = None,
                        dry_run: bool = False) -> int:
    """Strip the identity from stays that ended more than `years` ago.

    What statistics need stays: establishment, dates, nationality, sex, year of birth,
    status and lateness. Everything that identifies the person goes, from the stay and
    from its change history. The after-write hooks run so that search indexes drop the
    personal data too.
    """
    now = now or timezone.now()
    cutoff = retention_cutoff(years, now)
    # (JSON `contains` does not exist on SQLite: the blanked identity marks done rows.)
    old = (Stay.objects.exclude(full_name=ANONYMISED_NAME, document_number="")
           .filter(Q(departure__lt=cutoff)
                   | Q(departure__isnull=True, expected_departure__lt=cutoff)))
    stays = list(old.select_for_update())
    if dry_run or not stays:
        return len(stays)
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
    lodging_services._after_write(stays, now=now)
    logger.info("Anonymised %s stays that ended before %s", len(stays), cutoff.isoformat())
    return len(stays)
