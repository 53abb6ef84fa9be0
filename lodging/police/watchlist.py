"""Watchlist writes and the matching of every written stay against it.

`match_watchlist` runs on `lodging.signals.stays_written`, inside the registration
transaction: an alert exists exactly when the stay does. Nothing is returned to the
establishment, whose response is built from the stays alone.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.dates import spreadsheet_date, spreadsheet_datetime
from cms.spreadsheets import SpreadsheetError, check_headers, clean_header
from cms.text import clean_identity_text, fold, normalize
from lodging.identity import clean_document_number
from lodging.police.models import WatchlistAlert, WatchlistEntry
from lodging.police.permissions import jurisdiction_for, officer_for
from lodging.police.selectors import alerts_in_jurisdiction


def _matches(stay, entry: WatchlistEntry) -> bool:
    if entry.document_number:
        if entry.document_number != stay.document_number:
            return False
        return not entry.document_type or entry.document_type == stay.document_type
    if entry.full_name_folded != stay.full_name_folded:
        return False
    return entry.date_of_birth is None or entry.date_of_birth == stay.date_of_birth


def match_watchlist(stays, *, now: datetime) -> list[WatchlistAlert]:
    """Raise an alert for each written stay matching an entry in force (once per pair)."""
    if not stays:
        return []
    numbers = {s.document_number for s in stays}
    names = {s.full_name_folded for s in stays}
    entries = list(WatchlistEntry.objects.in_force(now).filter(
        Q(document_number__in=numbers) | Q(document_number="", full_name_folded__in=names)))
    if not entries:
        return []
    candidates = [WatchlistAlert(stay=stay, entry=entry, created_at=now)
                  for stay in stays for entry in entries if _matches(stay, entry)]
    # A correction re-runs the hook: a pair already alerted is not raised again.
    existing = set(WatchlistAlert.objects.filter(stay__in=[a.stay for a in candidates])
                   .values_list("stay_id", "entry_id"))
    new = [a for a in candidates if (a.stay.pk, a.entry.pk) not in existing]
    return WatchlistAlert.objects.bulk_create(new)


def _require_manager(user) -> None:
    officer = officer_for(user)
    if officer is None or not officer.can_manage_watchlist:
        raise PermissionDenied


def _clean_entry_fields(*, document_type: str, document_number: str, full_name: str,
                        date_of_birth: date | None, reason: str,
                        expires_at: datetime | None) -> dict:
    fields = {
        "document_type": (document_type or "").strip(),
        "document_number": clean_document_number(document_number),
        "full_name": clean_identity_text(full_name),
        "date_of_birth": date_of_birth,
        "reason": normalize(reason),
        "expires_at": expires_at,
    }
    fields["full_name_folded"] = fold(fields["full_name"])
    if not fields["document_number"] and not fields["full_name"]:
        raise ValidationError(_("Give a document number or a full name."))
    if not fields["reason"]:
        raise ValidationError(_("Give the reason for watching this person."))
    return fields


@transaction.atomic
def add_watchlist_entry(*, user, document_type: str = "", document_number: str = "",
                        full_name: str = "", date_of_birth: date | None = None,
                        reason: str, expires_at: datetime | None = None) -> WatchlistEntry:
    _require_manager(user)
    fields = _clean_entry_fields(
        document_type=document_type, document_number=document_number, full_name=full_name,
        date_of_birth=date_of_birth, reason=reason, expires_at=expires_at)
    return WatchlistEntry.objects.create(created_by=user, **fields)


@transaction.atomic
def change_watchlist_entry(*, user, entry: WatchlistEntry, active: bool,
                           expires_at: datetime | None = None, reason: str | None = None
                           ) -> WatchlistEntry:
    _require_manager(user)
    entry.active = active
    entry.expires_at = expires_at
    if reason is not None:
        if not normalize(reason):
            raise ValidationError(_("Give the reason for watching this person."))
        entry.reason = normalize(reason)
    entry.save(update_fields=["active", "expires_at", "reason", "updated_at"])
    return entry


@transaction.atomic
def acknowledge_alert(*, user, alert_id: int, note: str,
                      now: datetime | None = None) -> WatchlistAlert:
    """Only an officer whose jurisdiction holds the stay can acknowledge its alert."""
    note = normalize(note)
    if not note:
        raise ValidationError(_("Write a note on what was done."))
    alert = (alerts_in_jurisdiction(jurisdiction_for(user))
             .select_for_update(of=("self",)).get(pk=alert_id))
    if alert.acknowledged_at is None:
        alert.acknowledged_by = user
        alert.acknowledged_at = now or timezone.now()
        alert.note = note
        alert.save(update_fields=["acknowledged_by", "acknowledged_at", "note"])
    return alert


IMPORT_COLUMNS = ("document_type", "document_number", "full_name", "date_of_birth", "reason",
                  "expires_at")


@transaction.atomic
def import_watchlist(*, user, dataset) -> list[WatchlistEntry]:
    """Add every row of a spreadsheet (tablib Dataset), all or nothing.

    Raises ValidationError listing each bad row (1-based, as the spreadsheet shows them
    after the header line) and saves nothing when any row is wrong.
    """
    _require_manager(user)
    headers = [clean_header(h) for h in (dataset.headers or [])]
    try:
        check_headers(headers, required=("reason",), known=IMPORT_COLUMNS)
    except SpreadsheetError as error:
        raise ValidationError(str(error)) from None
    if not ({"document_number", "full_name"} & set(headers)):
        raise ValidationError(_("The file needs a document_number or a full_name column."))
    rows, errors = [], []
    for number, values in enumerate(dataset, start=2):
        row = dict(zip(headers, values, strict=False))
        try:
            fields = _clean_entry_fields(
                document_type=str(row.get("document_type") or ""),
                document_number=str(row.get("document_number") or ""),
                full_name=str(row.get("full_name") or ""),
                date_of_birth=spreadsheet_date(row.get("date_of_birth")),
                reason=str(row.get("reason") or ""),
                expires_at=spreadsheet_datetime(row.get("expires_at")))
        except ValueError as error:  # a date the person can fix: the message says how
            errors.append(_("Row %(row)s: %(message)s") % {"row": number, "message": error})
        except ValidationError as error:
            errors.append(_("Row %(row)s: %(message)s")
                          % {"row": number, "message": " ".join(error.messages)})
        else:
            rows.append(WatchlistEntry(created_by=user, **fields))
    if errors:
        raise ValidationError(errors)
    return WatchlistEntry.objects.bulk_create(rows)
