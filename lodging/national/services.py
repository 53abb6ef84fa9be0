"""Writes of the delivery ledger: batches, reconciliations and every change of a stay's
national status. The ledger never asks how a batch travels (lodging.national.transports).

    pending ──export──▶ exported ──count matches──▶ verified
       ▲                   │                            │
       └──count differs────┘          changed after export or verification
    resend ◀───────────────────────────────────────────┘ (and from exported)
    resend ──export──▶ exported ...

Through the portal's API a stay it already holds goes as a change of that record, never
as a new one. A record the API refuses by one of its rules is marked (PortalRefusal) and
left out of API batches until it changes; files take it as any undelivered stay.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from lodging.models import Establishment, NationalStatus, Stay, StayStatus
from lodging.national import checks, exporters, records, selectors
from lodging.national.models import (
    BatchKind,
    BatchState,
    ItemResult,
    NationalBatch,
    NationalBatchItem,
    NationalReconciliation,
    Operation,
    PortalRefusal,
    ReconciliationMethod,
    TransportName,
)
from lodging.police.services import ANONYMISED_FLAG
from lodging.signals import stays_written

MAX_PERIOD_DAYS = 31
DELIVERED = (NationalStatus.EXPORTED, NationalStatus.VERIFIED)


class NationalError(Exception):
    """Nothing was written; `problems` lists what to fix, `message` says what is wrong."""

    def __init__(self, message: str, problems: list[checks.Problem] | None = None):
        self.message = message
        self.problems = problems or []
        super().__init__(message)

    def as_dict(self) -> dict:
        return {"detail": str(self.message),
                "problems": [problem.as_dict() for problem in self.problems]}


@dataclass
class RecordResult:
    """The portal's answer for the record at `position` (1-based, as sent)."""

    position: int
    accepted: bool
    message: str = ""


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def stays_to_deliver(establishment: Establishment, *, kind: str, date_from: date,
                     date_to: date):
    """Stays arriving in the period not yet (or no longer) on the portal, in file order."""
    stays = Stay.objects.filter(
        establishment=establishment, arrival__gte=_day_start(date_from),
        arrival__lt=_day_start(date_to + timedelta(days=1)),
        national_status__in=(NationalStatus.PENDING, NationalStatus.RESEND),
    ).exclude(status=StayStatus.CANCELLED)
    stays = (stays.filter(nationality="VNM") if kind == BatchKind.VIETNAMESE
             else stays.exclude(nationality="VNM"))
    return stays.order_by("arrival", "id")


def for_the_api(stays: QuerySet[Stay]) -> QuerySet[Stay]:
    """Without the stays the portal's API refused as they are now (sent again unchanged,
    they would be refused again) and those in an API batch still waiting for its answer
    (sent twice, the second would be refused as an overlap of the first)."""
    refused = PortalRefusal.objects.filter(stay=OuterRef("pk"),
                                           stay_updated_at=OuterRef("updated_at"))
    in_flight = NationalBatchItem.objects.filter(stay=OuterRef("pk"),
                                                 batch__transport=TransportName.HTTP,
                                                 batch__state=BatchState.EXPORTED)
    return stays.exclude(Exists(refused)).exclude(Exists(in_flight))


def held_by_portal(stays: list[Stay]) -> dict[int, records.PortalKey]:
    """The stays the portal already holds (accepted in an earlier batch, by any transport),
    each with the key it holds it by: the values of its last accepted record."""
    by_pk = {stay.pk: stay for stay in stays}
    held = {}
    for item in (NationalBatchItem.objects
                 .filter(stay__in=list(by_pk), result=ItemResult.ACCEPTED)
                 .order_by("verified_at", "id")
                 .only("stay_id", "sent_document_number", "sent_arrival")):
        current = records.portal_key(by_pk[item.stay_id])
        held[item.stay_id] = records.PortalKey(
            item.sent_document_number or current.document_number,
            item.sent_arrival or current.arrival)
    return held


@transaction.atomic
def create_batch(*, user, establishment: Establishment, kind: str, date_from: date,
                 date_to: date, transport: str | None = None,
                 now: datetime | None = None) -> NationalBatch:
    """One batch of every undelivered stay of `kind` arriving in the period, checked
    first: nothing is written when the portal would refuse a record."""
    from lodging.national import transports

    now = now or timezone.now()
    if not selectors.is_staff_of(user, establishment):
        raise PermissionError("not staff of this establishment")
    if kind not in BatchKind.values:
        raise NationalError(_("The kind must be “vn” or “foreign”."))
    if date_to < date_from:
        raise NationalError(_("The end of the period is before its start."))
    # Stays older than the retention period are anonymised, and none arrives tomorrow:
    # a period outside these bounds finds nothing (and year 1 cannot even be a moment).
    today = timezone.localtime(now).date()
    earliest = today - timedelta(days=settings.STAY_RETENTION_DAYS)
    if date_from < earliest or date_to > today + timedelta(days=1):
        raise NationalError(_("Choose a period from %(earliest)s to today.")
                            % {"earliest": earliest.strftime("%d/%m/%Y")})
    if (date_to - date_from).days >= MAX_PERIOD_DAYS:
        raise NationalError(_("A batch covers at most %(days)s days.")
                            % {"days": MAX_PERIOD_DAYS})
    transport = transport or transports.default_name()
    waiting = stays_to_deliver(establishment, kind=kind, date_from=date_from,
                               date_to=date_to)
    chosen = for_the_api(waiting) if transport == TransportName.HTTP else waiting
    # Locked so that two batches made at once cannot both take the same stays.
    stays = list(chosen.select_for_update(of=("self",)))
    if not stays and chosen is not waiting and waiting.exists():
        raise NationalError(_(
            "The portal's API refused the guests waiting in this period as they are now "
            "(its reasons are on the national portal page): deliver them in a file, or "
            "correct them first."))
    if not stays:
        raise NationalError(_("There is no undelivered guest of this kind arriving in the "
                              "period."))
    problems = checks.blocking_problems(stays, kind)
    if problems:
        raise NationalError(_("Correct these stays first: the portal would refuse them."),
                            problems)
    held = held_by_portal(stays) if transport == TransportName.HTTP else {}
    content, content_type, extension = exporters.write(stays, kind, transport, held)
    label = "khach-viet-nam" if kind == BatchKind.VIETNAMESE else "khach-nuoc-ngoai"
    filename = (f"{establishment.code}-{label}-{date_from:%Y%m%d}-{date_to:%Y%m%d}"
                f"-{timezone.localtime(now):%H%M%S}.{extension}")
    batch = NationalBatch.objects.create(
        establishment=establishment, kind=kind, date_from=date_from, date_to=date_to,
        transport=transport, filename=filename, content_type=content_type, content=content,
        count=len(stays), created_by=user, created_at=now)
    NationalBatchItem.objects.bulk_create([
        NationalBatchItem(batch=batch, stay=stay, position=index,
                          operation=Operation.CHANGE if stay.pk in held else Operation.DECLARE,
                          sent_document_number=stay.document_number,
                          sent_arrival=records.portal_key(stay).arrival)
        for index, stay in enumerate(stays, start=1)])
    Stay.objects.filter(pk__in=[stay.pk for stay in stays]).update(
        national_status=NationalStatus.EXPORTED)
    transports.get(transport).dispatch(batch)
    return batch


def _lock_batch(batch: NationalBatch) -> NationalBatch:
    return NationalBatch.objects.select_for_update().get(pk=batch.pk)


def _close(batch: NationalBatch, *, user, method: str, seen: int, accepted_positions: set[int],
           messages: dict[int, str] | None = None, now: datetime) -> NationalBatch:
    """Stays proven on the portal become verified, the others pending again (unless they
    changed meanwhile: a resend stays a resend); the batch is verified only when all are."""
    messages = messages or {}
    items = list(batch.items.select_related("stay").select_for_update(of=("self",)))
    state = (BatchState.VERIFIED if len(accepted_positions) == batch.count == len(items)
             else BatchState.FAILED)
    for item in items:
        accepted = item.position in accepted_positions
        item.result = ItemResult.ACCEPTED if accepted else (
            ItemResult.REJECTED if item.position in messages else ItemResult.MISSING)
        item.message = messages.get(item.position, "")[:300]
        item.verified_at = now if accepted else None
    NationalBatchItem.objects.bulk_update(items, ["result", "message", "verified_at"])
    _note_refusals(items, accepted_positions, now=now)
    for positions, status in ((accepted_positions, NationalStatus.VERIFIED),
                              ({i.position for i in items} - accepted_positions,
                               NationalStatus.PENDING)):
        Stay.objects.filter(pk__in=[i.stay_id for i in items if i.position in positions],
                            national_status=NationalStatus.EXPORTED
                            ).update(national_status=status)
    batch.state, batch.seen_count, batch.closed_at = state, seen, now
    batch.save(update_fields=["state", "seen_count", "closed_at"])
    NationalReconciliation.objects.create(batch=batch, user=user, at=now, method=method,
                                          seen=seen, expected=batch.count, state=state)
    return batch


def _note_refusals(items: list[NationalBatchItem], accepted_positions: set[int], *,
                   now: datetime) -> None:
    """The portal holds the accepted stays: any refusal of theirs is over. A record the
    API refused by a rule (an item with the portal's reason) is marked, unless the stay
    changed since it was sent (still `exported`): then the refusal was of an older record."""
    PortalRefusal.objects.filter(
        stay__in=[i.stay_id for i in items if i.position in accepted_positions]).delete()
    for item in items:
        if (item.result == ItemResult.REJECTED and item.message
                and item.stay.national_status == NationalStatus.EXPORTED):
            PortalRefusal.objects.update_or_create(stay_id=item.stay_id, defaults={
                "item": item, "error": item.message, "at": now,
                "stay_updated_at": item.stay.updated_at})


def _open_batch_for(user, batch: NationalBatch) -> NationalBatch:
    if not selectors.is_staff_of(user, batch.establishment):
        raise PermissionError("not staff of this establishment")
    batch = _lock_batch(batch)
    if batch.state != BatchState.EXPORTED:
        raise NationalError(_("This batch was already reconciled (%(state)s).")
                            % {"state": batch.get_state_display()})
    if batch.transport != "file":
        raise NationalError(_("This batch is sent through the portal's API; its answer "
                              "reconciles it."))
    return batch


@transaction.atomic
def reconcile_batch(*, user, batch: NationalBatch, seen: int,
                    now: datetime | None = None) -> NationalBatch:
    """The count the portal shows after the import, typed by staff: equal → verified;
    anything else → failed, and its stays are pending again (to go in a new batch)."""
    now = now or timezone.now()
    if not isinstance(seen, int) or isinstance(seen, bool) or seen < 0:
        raise NationalError(_("Type the number of records the portal shows (0 or more)."))
    batch = _open_batch_for(user, batch)
    positions = ({item.position for item in batch.items.all()} if seen == batch.count
                 else set())
    return _close(batch, user=user, method=ReconciliationMethod.COUNT, seen=seen,
                  accepted_positions=positions, now=now)


@transaction.atomic
def reconcile_with_list(*, user, batch: NationalBatch, rows: list[list],
                        now: datetime | None = None) -> NationalBatch:
    """The portal's own exported list: a record is there when one row carries both its
    document number and its arrival date, as the batch sent them. Found → verified; the
    rest → pending."""
    now = now or timezone.now()
    batch = _open_batch_for(user, batch)
    present = [{_cell_text(value) for value in row} for row in rows]
    found = set()
    for item in batch.items.select_related("stay"):
        sent = records.portal_key(item.stay)
        number = item.sent_document_number or sent.document_number
        arrival = records.portal_date(item.sent_arrival or sent.arrival)
        if any(arrival in cells and _holds_number(cells, number) for cells in present):
            found.add(item.position)
    return _close(batch, user=user, method=ReconciliationMethod.LIST, seen=len(found),
                  accepted_positions=found, now=now)


def _cell_text(value) -> str:
    """A cell of the portal's list as text: dates dd/MM/yyyy, numbers without ".0"."""
    if isinstance(value, datetime) and timezone.is_naive(value):
        value = value.date()  # a spreadsheet's date cell: a day, in no time zone
    if isinstance(value, datetime | date):
        return records.portal_date(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if value is not None else ""


def _holds_number(cells: set[str], number: str) -> bool:
    """Whether a row holds the document number. A list exported (or re-saved) with the
    numbers as number cells lost their leading zeros: a cell of digits only matches a
    number of digits only when zero-padding it to that length gives the number (1195012345
    is the CCCD 001195012345; 012345678 a CMND whose cell reads 12345678)."""
    if number in cells:
        return True
    return number.isdigit() and any(
        cell.isdigit() and len(cell) < len(number) and cell.zfill(len(number)) == number
        for cell in cells)


@transaction.atomic
def apply_portal_answer(*, batch: NationalBatch, results: list[RecordResult],
                        now: datetime | None = None) -> NationalBatch:
    """The HTTP transport's per-record answer closes the batch as a reconciliation does."""
    now = now or timezone.now()
    batch = _lock_batch(batch)
    if batch.state != BatchState.EXPORTED:
        return batch
    accepted = {result.position for result in results if result.accepted}
    messages = {result.position: result.message for result in results if not result.accepted}
    return _close(batch, user=None, method=ReconciliationMethod.API, seen=len(accepted),
                  accepted_positions=accepted, messages=messages, now=now)


@transaction.atomic
def fail_undelivered(*, batch: NationalBatch, now: datetime | None = None) -> NationalBatch:
    """The API never answered (retries exhausted): nothing is proven, all back to pending."""
    now = now or timezone.now()
    batch = _lock_batch(batch)
    if batch.state != BatchState.EXPORTED:
        return batch
    return _close(batch, user=None, method=ReconciliationMethod.API, seen=0,
                  accepted_positions=set(), now=now)


@receiver(stays_written, dispatch_uid="national.mark_changed_for_resend")
def mark_changed_for_resend(sender, *, stays: list[Stay], now: datetime, **kwargs) -> None:
    """After every stay write, in its transaction (`lodging.signals.stays_written`): a stay
    corrected, extended, checked out or cancelled after it left for the portal has to be
    sent again. A new registration is pending and costs no query. An anonymised stay
    (lodging.police.services.anonymise_old_stays) is not a change to send: its batch
    files, which still name the guest, are emptied instead."""
    anonymised = [stay.pk for stay in stays if ANONYMISED_FLAG in (stay.flags or [])]
    if anonymised:
        NationalBatch.objects.filter(items__stay__in=anonymised).update(content=b"")
        NationalBatchItem.objects.filter(stay__in=anonymised).update(sent_document_number="")
        PortalRefusal.objects.filter(stay__in=anonymised).delete()
        Stay.objects.filter(pk__in=anonymised).update(issue_date=None, expiry_date=None)
    changed = [stay for stay in stays if stay.national_status in DELIVERED
               and stay.pk not in anonymised]
    if not changed:
        return
    Stay.objects.filter(pk__in=[stay.pk for stay in changed],
                        national_status__in=DELIVERED).update(
        national_status=NationalStatus.RESEND)
    for stay in changed:
        stay.national_status = NationalStatus.RESEND
