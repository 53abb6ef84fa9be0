"""Police reads of one stay, a person's stays and the watchlist alerts, each scoped by
the jurisdiction the request resolved (`lodging.police.permissions`)."""

from django.db.models import Prefetch, QuerySet

from lodging.identity import clean_document_number
from lodging.models import Stay, StayAction, StayHistory
from lodging.police.models import WatchlistAlert
from lodging.police.permissions import Jurisdiction


def with_corrections(stays: QuerySet[Stay]) -> QuerySet[Stay]:
    """Each stay with `changes_made`: every change after its registration (corrections,
    extensions, check-out, cancellation) with who, when, what and why, oldest first."""
    return stays.prefetch_related(Prefetch(
        "history", to_attr="changes_made",
        queryset=(StayHistory.objects.exclude(action=StayAction.REGISTERED)
                  .select_related("user").order_by("at", "id"))))


def get_stay(jurisdiction: Jurisdiction, stay_id) -> Stay:
    """Stay.DoesNotExist for a stay outside the jurisdiction: no hint that it exists.
    The stay carries its corrections (`changes_made`)."""
    return with_corrections(jurisdiction.stays()).get(pk=stay_id)


def person_timeline(jurisdiction: Jurisdiction, document_type: str,
                    document_number: str) -> QuerySet[Stay]:
    """All stays of one document across establishments, oldest first, in jurisdiction,
    each with its corrections."""
    return with_corrections(jurisdiction.stays()
                            .filter(document_type=document_type,
                                    document_number=clean_document_number(document_number))
                            .order_by("arrival", "id"))


def person_timeline_of(jurisdiction: Jurisdiction, stay: Stay) -> QuerySet[Stay]:
    """The timeline of the person of `stay`; an anonymised stay (no document number) is
    its own, since a blank number would join strangers."""
    if not stay.document_number:
        return jurisdiction.stays().filter(pk=stay.pk)
    return person_timeline(jurisdiction, stay.document_type, stay.document_number)


def alerts_in_jurisdiction(jurisdiction: Jurisdiction) -> QuerySet[WatchlistAlert]:
    return (WatchlistAlert.objects
            .filter(stay__establishment__commune__in=jurisdiction.communes())
            .select_related("stay", "stay__establishment", "entry", "acknowledged_by"))


def open_alerts(jurisdiction: Jurisdiction) -> QuerySet[WatchlistAlert]:
    return alerts_in_jurisdiction(jurisdiction).filter(acknowledged_at__isnull=True)
