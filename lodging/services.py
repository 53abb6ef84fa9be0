"""Writes of the stay registration: every change goes through one of these functions.

Each function validates everything first, then writes the stays and their history rows
and sends `lodging.signals.stays_written` for the side effects (index outbox, watchlist,
notices, national portal), in one transaction: nothing is half-saved.
"""

import secrets
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms import bulk
from cms.text import clean_identity_text, fold, normalize
from lodging.deadlines import is_late, notification_deadline
from lodging.identity import (
    CAN_CUOC_FLAG,
    PERMITTED_STAY_SHORT,
    CardName,
    card_name_for,
    permitted_stay_is_short,
    validate_identity,
)
from lodging.models import (
    Channel,
    Establishment,
    StaffMembership,
    Stay,
    StayAction,
    StayHistory,
    StayStatus,
    Submission,
)
from lodging.national.catalogue import parse_reason
from lodging.scanning import ScanError, parse_cccd_qr, parse_mrz
from lodging.signals import stays_written

CLOCK_SKEW = timedelta(minutes=5)
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L: read aloud by phone
IDENTITY_FIELDS = ("full_name", "sex", "date_of_birth", "document_type", "document_number",
                   "nationality", "address", "entry_date", "port_of_entry", "visa_type",
                   "visa_number", "permitted_stay_until", "issue_date",
                   "expiry_date")
STAY_FIELDS = ("room", "arrival", "expected_departure", "reason", "reason_code", "phone")
CORRECTABLE_FIELDS = (*IDENTITY_FIELDS, *STAY_FIELDS, "departure")
NON_FIELD = "__all__"
# Optional text fields are stored as "" (never NULL), whatever the input gave.
BLANK_TEXT_FIELDS = ("address", "port_of_entry", "visa_type", "visa_number", "reason",
                     "reason_code", "phone")


# Error code of a permitted stay ending before the expected departure: the API refuses
# it unless the request says `confirm_short_permitted_stay: true`, the form asks to tick.
SHORT_PERMITTED_STAY = "short_permitted_stay"


@dataclass
class RowError:
    row: int
    field: str
    message: str
    code: str = ""  # set for errors a client may act on (SHORT_PERMITTED_STAY)

    def as_dict(self) -> dict:
        error = {"row": self.row, "field": self.field, "message": str(self.message)}
        if self.code:
            error["code"] = self.code
        return error


class RegistrationError(Exception):
    """Every problem found, per row and field; nothing was saved."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(f"row {e.row} {e.field}: {e.message}" for e in errors))

    def as_list(self) -> list[dict]:
        return [error.as_dict() for error in self.errors]


def max_arrival_age() -> timedelta:
    return timedelta(days=getattr(settings, "LODGING_MAX_ARRIVAL_AGE_DAYS", 7))


def new_receipt_code(now: datetime) -> str:
    local = timezone.localtime(now)
    token = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(6))
    return f"LC-{local:%y%m%d}-{token}"


def can_register(user, establishment: Establishment, *,
                 staff_of: Collection[int] | None = None) -> bool:
    """Whether `user` may write stays of `establishment`. `staff_of`: the ids of the
    establishments the caller has just read the user to be staff of (the PMS API reads
    them with the token); without it the database is asked."""
    if staff_of is not None:
        return establishment.pk in staff_of
    return StaffMembership.objects.filter(user=user, establishment=establishment).exists()


def establishment_for(*, codes: Collection[str | None],
                      own: Sequence[Establishment]) -> Establishment:
    """The one establishment a request's rows are for, among the user's own (`own`):
    `codes` are the rows' `establishment_code` values, None where a row gave none."""
    codes = set(codes)
    if codes == {None} and len(own) == 1:
        return own[0]
    if None in codes:
        raise _single_error("establishment_code", _(
            "Give establishment_code: you work at several establishments."))
    if len(codes) > 1:
        raise _single_error("establishment_code", _(
            "All stays of one request must be for the same establishment."))
    code = codes.pop()
    match = [establishment for establishment in own if establishment.code == code]
    if not match:
        raise _not_staff(code)
    return match[0]


def _not_staff(code: str) -> RegistrationError:
    return _single_error("establishment_code", _(
        "You are not staff of establishment %(code)s.") % {"code": code})


def expand_scans(row: Mapping[str, Any]) -> tuple[dict, list[tuple[str, str]]]:
    """Fill identity fields from `qr` or `mrz` text; typed fields win over scanned ones."""
    data = dict(row)
    problems: list[tuple[str, str]] = []
    for field, parser in (("qr", parse_cccd_qr), ("mrz", parse_mrz)):
        text = data.pop(field, None)
        if not text:
            continue
        try:
            scanned = parser(text)
        except ScanError as error:
            problems += [(field, message) for message in error.errors]
            continue
        for key, value in scanned.items():
            if key in IDENTITY_FIELDS and not data.get(key):
                data[key] = value
        if field == "qr" and not data.get("card_name"):
            data["card_name"] = card_name_for(scanned.get("issue_date"))
    return data, problems


def _check_stay_dates(data: Mapping[str, Any], now: datetime) -> list[tuple[str, str]]:
    problems = []
    arrival, departure = data.get("arrival"), data.get("expected_departure")
    if not isinstance(arrival, datetime):
        problems.append(("arrival", _("Enter the arrival date and time.")))
    elif arrival > now + CLOCK_SKEW:
        problems.append(("arrival", _("The arrival is in the future; register guests when "
                                      "they arrive.")))
    elif arrival < now - max_arrival_age():
        problems.append(("arrival", _("The arrival is more than %(days)s days ago; contact "
                                      "the commune police to declare it.")
                         % {"days": max_arrival_age().days}))
    if not isinstance(departure, datetime):
        problems.append(("expected_departure", _("Enter the expected departure.")))
    elif isinstance(arrival, datetime) and departure <= arrival:
        problems.append(("expected_departure",
                         _("The expected departure must be after the arrival.")))
    if not clean_identity_text(data.get("room")):
        problems.append(("room", _("Enter the room.")))
    return problems


def _lock_documents(keys: Iterable[tuple[str, str]]) -> None:
    """Serialise registrations of the same document so two requests can't both pass."""
    if connection.vendor != "postgresql":
        return  # SQLite already serialises writers
    names = [f"stay:{document_type}:{number}" for document_type, number in sorted(set(keys))]
    if not names:
        return
    # One round trip for the whole batch. The keys are taken in sorted order (unnest keeps
    # the array's order) so two batches sharing documents cannot deadlock each other.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(pg_advisory_xact_lock(hashtext(key))) "
                       "FROM unnest(%s::text[]) WITH ORDINALITY AS t(key, n)", [names])


def _overlapping(document_type: str, number: str, arrival: datetime, until: datetime,
                 exclude_id: int | None = None):
    stays = Stay.objects.filter(
        document_type=document_type, document_number=number,
        status=StayStatus.REGISTERED, arrival__lt=until,
    ).filter(Q(departure__gt=arrival) | Q(departure__isnull=True,
                                          expected_departure__gt=arrival))
    return stays.exclude(pk=exclude_id) if exclude_id else stays


def _open_stays_of(keys: Iterable[tuple[str, str]], *, start: datetime,
                   until: datetime) -> dict[tuple[str, str], list[Stay]]:
    """Registered stays of these documents overlapping [start, until), by document, in
    the order `_overlapping(...).first()` would give (primary key)."""
    by_type: dict[str, list[str]] = {}
    for document_type, number in keys:
        by_type.setdefault(document_type, []).append(number)
    documents = Q()
    for document_type, numbers in by_type.items():
        documents |= Q(document_type=document_type, document_number__in=numbers)
    stays = (Stay.objects.filter(documents, status=StayStatus.REGISTERED, arrival__lt=until)
             .filter(Q(departure__gt=start) | Q(departure__isnull=True,
                                                expected_departure__gt=start))
             .only("pk", "establishment_id", "room", "document_type", "document_number",
                   "arrival", "departure", "expected_departure")
             .order_by("pk"))
    found: dict[tuple[str, str], list[Stay]] = {}
    for stay in stays:
        stay.occupied_until = stay.departure or stay.expected_departure
        found.setdefault((stay.document_type, stay.document_number), []).append(stay)
    return found


def _overlap_message(existing: Stay, establishment: Establishment) -> str:
    if existing.establishment_id == establishment.pk:
        return _("This guest already has an open stay here (room %(room)s) for these dates; "
                 "check it out or correct it.") % {"room": existing.room}
    # Never tell one establishment where else a guest is staying.
    return _("This document already has an open stay for these dates at another "
             "establishment; ask the guest, or contact the commune police.")


def _deadline_fields(*, arrival: datetime, nationality: str, establishment: Establishment,
                     notified_at: datetime) -> dict:
    deadline = notification_deadline(arrival=arrival, is_foreigner=nationality != "VNM",
                                     remote=establishment.is_remote)
    return {"deadline": deadline, "late": is_late(notified_at=notified_at, deadline=deadline)}


def validate_rows(*, rows: list[Mapping[str, Any]],
                  now: datetime) -> tuple[list[dict], list[RowError]]:
    """Clean every row and collect every error; nothing touches the database for writing."""
    cleaned_rows, errors = [], []
    today = timezone.localtime(now).date()
    for index, row in enumerate(rows):
        data, problems = expand_scans(row)
        check = validate_identity(data, today=today)
        problems += [(field, message) for field, messages in check.errors.items()
                     for message in messages]
        problems += _check_stay_dates(data, now)
        errors += [RowError(index, field, message) for field, message in problems]
        cleaned = {**data, **check.cleaned}
        for name in ("room", "phone"):
            cleaned[name] = clean_identity_text(data.get(name))
        cleaned["reason_code"], cleaned["reason"] = parse_reason(
            clean_identity_text(data.get("reason")))
        flags = set(check.flags)
        if check.is_foreigner and _is_short(cleaned):
            if row.get("confirm_short_permitted_stay") is True:
                flags.add(PERMITTED_STAY_SHORT)
            else:
                errors.append(_short_permitted_stay_error(index, cleaned))
        cleaned["flags"] = sorted(flags)
        cleaned_rows.append(cleaned)
    return cleaned_rows, errors


def _is_short(data: Mapping[str, Any]) -> bool:
    departure = data.get("expected_departure")
    return permitted_stay_is_short(
        permitted_stay_until=data.get("permitted_stay_until"),
        expected_departure=(timezone.localtime(departure).date()
                            if isinstance(departure, datetime) else None))


def _short_permitted_stay_error(index: int, data: Mapping[str, Any]) -> RowError:
    return RowError(index, "permitted_stay_until", _(
        "The guest's permitted stay ends on %(until)s, before the expected departure "
        "(%(departure)s). Check the visa; confirm to register the stay anyway, and the "
        "police will see it among the stays that run out.") % {
        "until": data["permitted_stay_until"].strftime("%d/%m/%Y"),
        "departure": timezone.localtime(data["expected_departure"]).strftime("%d/%m/%Y")},
        code=SHORT_PERMITTED_STAY)


# A row whose document or dates are wrong cannot be compared with others.
_OVERLAP_FIELDS = frozenset({"document_type", "document_number", "arrival",
                             "expected_departure"})


def _overlap_errors(*, rows: Sequence[Mapping[str, Any]], errors: Iterable[RowError],
                   establishment: Establishment,
                   row_numbers: Sequence[int] | None = None) -> list[RowError]:
    """The same document twice in the batch for overlapping dates, and documents with an
    open stay overlapping their row's dates, among the rows (cleaned by `validate_rows`)
    whose document and dates have no error in `errors`. Takes each document's lock."""
    wrong = {error.row for error in errors if error.field in _OVERLAP_FIELDS}
    checkable = [index for index, row in enumerate(rows) if index not in wrong
                 and isinstance(row.get("arrival"), datetime)
                 and isinstance(row.get("expected_departure"), datetime)]
    if not checkable:
        return []
    numbers = row_numbers or range(1, len(rows) + 1)
    _lock_documents((rows[i]["document_type"], rows[i]["document_number"]) for i in checkable)
    found = []
    seen: dict[tuple[str, str], list[tuple[int, datetime, datetime]]] = {}
    for index in checkable:
        row = rows[index]
        key = (row["document_type"], row["document_number"])
        for other_index, arrival, until in seen.get(key, []):
            if arrival < row["expected_departure"] and until > row["arrival"]:
                found.append(RowError(index, "document_number", _(
                    "The same document is already on row %(row)s for overlapping dates.")
                    % {"row": numbers[other_index]}))
        seen.setdefault(key, []).append((index, row["arrival"], row["expected_departure"]))
    # One query for the whole batch (a 10,000-row sheet must not cost 10,000 round trips):
    # every open stay of these documents that overlaps the batch's overall span, then the
    # exact per-row interval test in Python.
    open_stays = _open_stays_of(seen, start=min(rows[i]["arrival"] for i in checkable),
                                until=max(rows[i]["expected_departure"] for i in checkable))
    for index in checkable:
        row = rows[index]
        key = (row["document_type"], row["document_number"])
        existing = next((stay for stay in open_stays.get(key, [])
                         if stay.arrival < row["expected_departure"]
                         and stay.occupied_until > row["arrival"]), None)
        if existing:
            found.append(RowError(index, "document_number",
                                  _overlap_message(existing, establishment)))
    return found


@transaction.atomic
def register_stays(*, user, establishment: Establishment, guests: list[Mapping[str, Any]],
                   channel: str = Channel.FORM, now: datetime | None = None,
                   staff_of: Collection[int] | None = None,
                   row_numbers: Sequence[int] | None = None) -> Submission:
    """Register one or several guests' stays as one notification, all or nothing.

    `row_numbers`: what the user calls each guest's row (a spreadsheet's line numbers),
    used in messages that point at another row; 1, 2, ... by default.
    """
    now = now or timezone.now()
    if not can_register(user, establishment, staff_of=staff_of):
        raise _not_staff(establishment.code)
    if not establishment.is_active:
        raise RegistrationError([RowError(0, NON_FIELD, _(
            "%(name)s is suspended and cannot register stays: %(reason)s") % {
            "name": establishment.name,
            "reason": establishment.suspension_reason or _("contact the commune police.")})])
    if not guests:
        raise RegistrationError([RowError(0, NON_FIELD, _("There is no guest to register."))])

    rows, errors = validate_rows(rows=guests, now=now)
    # Overlaps are checked even when other rows (or other fields) are wrong, so one
    # answer lists every problem: a spreadsheet is not fixed in rounds.
    errors += _overlap_errors(rows=rows, errors=errors, establishment=establishment,
                             row_numbers=row_numbers)
    if errors:
        raise RegistrationError(errors)

    submission = Submission.objects.create(
        receipt_code=new_receipt_code(now), establishment=establishment, submitted_by=user,
        channel=channel, created_at=now)
    stays = []
    for number, row in enumerate(rows, start=1):
        stay = Stay(
            establishment=establishment, submission=submission,
            receipt_code=f"{submission.receipt_code}-{number}",
            full_name_folded=fold(row["full_name"]), notified_at=now, created_by=user,
            flags=row["flags"], status=StayStatus.REGISTERED,
            **{field: row.get(field) for field in (*IDENTITY_FIELDS, *STAY_FIELDS)},
            **_deadline_fields(arrival=row["arrival"], nationality=row["nationality"],
                               establishment=establishment, notified_at=now),
        )
        for field in BLANK_TEXT_FIELDS:
            setattr(stay, field, getattr(stay, field) or "")
        stays.append(stay)
    bulk.insert(Stay, stays)
    bulk.insert_rows(StayHistory, [
        {"stay_id": stay.pk, "user_id": user.pk, "at": now, "action": StayAction.REGISTERED,
         "changes": {}, "reason": ""} for stay in stays])
    stays_written.send(Stay, stays=stays, now=now)
    submission.registered_stays = stays
    return submission


def _require_staff(user, stay: Stay, staff_of: Collection[int] | None) -> None:
    if not can_register(user, stay.establishment, staff_of=staff_of):
        raise PermissionError("not staff of this establishment")


def _single_error(field: str, message: str) -> RegistrationError:
    return RegistrationError([RowError(0, field, message)])


def _as_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _record(stay: Stay, *, user, action: str, changes: dict, reason: str,
            now: datetime) -> None:
    StayHistory.objects.create(
        stay=stay, user=user, at=now, action=action, reason=reason,
        changes={field: [_as_json(before), _as_json(after)]
                 for field, (before, after) in changes.items()})


@transaction.atomic
def checkout_stay(*, user, stay: Stay, departure: datetime | None = None,
                  now: datetime | None = None,
                  staff_of: Collection[int] | None = None) -> Stay:
    now = now or timezone.now()
    stay = Stay.objects.select_for_update().get(pk=stay.pk)
    _require_staff(user, stay, staff_of)
    departure = departure or now
    if stay.status != StayStatus.REGISTERED:
        raise _single_error(NON_FIELD, _("Only a registered stay can be checked out."))
    if departure < stay.arrival:
        raise _single_error("departure", _("The departure is before the arrival."))
    if departure > now + CLOCK_SKEW:
        raise _single_error("departure", _("The departure is in the future."))
    changes = {"status": (stay.status, StayStatus.CHECKED_OUT),
               "departure": (stay.departure, departure)}
    stay.status, stay.departure = StayStatus.CHECKED_OUT, departure
    stay.save(update_fields=["status", "departure", "updated_at"])
    _record(stay, user=user, action=StayAction.CHECKED_OUT, changes=changes, reason="",
            now=now)
    stays_written.send(Stay, stays=[stay], now=now)
    return stay


@transaction.atomic
def extend_stay(*, user, stay: Stay, expected_departure: datetime, reason: str = "",
                confirm_short_permitted_stay: bool = False,
                now: datetime | None = None,
                staff_of: Collection[int] | None = None) -> Stay:
    now = now or timezone.now()
    stay = Stay.objects.select_for_update().get(pk=stay.pk)
    _require_staff(user, stay, staff_of)
    if stay.status != StayStatus.REGISTERED:
        raise _single_error(NON_FIELD, _("Only a registered stay can be extended."))
    if expected_departure <= stay.arrival:
        raise _single_error("expected_departure",
                            _("The expected departure must be after the arrival."))
    _lock_documents([(stay.document_type, stay.document_number)])
    clash = _overlapping(stay.document_type, stay.document_number, stay.arrival,
                         expected_departure, exclude_id=stay.pk).first()
    if clash:
        raise _single_error("expected_departure", _overlap_message(clash, stay.establishment))
    update = {"permitted_stay_until": stay.permitted_stay_until,
              "expected_departure": expected_departure}
    flags = set(stay.flags) - {PERMITTED_STAY_SHORT}
    if stay.is_foreigner and _is_short(update):
        if not confirm_short_permitted_stay:
            raise RegistrationError([_short_permitted_stay_error(0, update)])
        flags.add(PERMITTED_STAY_SHORT)
    changes = {"expected_departure": (stay.expected_departure, expected_departure)}
    stay.expected_departure = expected_departure
    stay.flags = sorted(flags)
    stay.save(update_fields=["expected_departure", "flags", "updated_at"])
    _record(stay, user=user, action=StayAction.EXTENDED, changes=changes,
            reason=normalize(reason), now=now)
    stays_written.send(Stay, stays=[stay], now=now)
    return stay


@transaction.atomic
def correct_stay(*, user, stay: Stay, changes: Mapping[str, Any], reason: str,
                 now: datetime | None = None,
                 staff_of: Collection[int] | None = None) -> Stay:
    """Correct what was given, with a reason; the history keeps the values before.

    The notification's own facts (`notified_at`, `deadline`, `late`) are never recomputed
    from corrected data.
    """
    now = now or timezone.now()
    stay = Stay.objects.select_for_update().get(pk=stay.pk)
    _require_staff(user, stay, staff_of)
    reason = normalize(reason)
    if not reason:
        raise _single_error("reason", _("Give the reason for the correction."))
    if stay.status == StayStatus.CANCELLED:
        raise _single_error(NON_FIELD, _("A cancelled stay cannot be corrected."))
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise RegistrationError([RowError(0, field, _("This field cannot be corrected."))
                                 for field in sorted(unknown)])

    merged = {field: getattr(stay, field) for field in (*IDENTITY_FIELDS, *STAY_FIELDS)}
    merged["card_name"] = (CardName.CAN_CUOC if CAN_CUOC_FLAG in stay.flags
                           else CardName.CCCD)
    merged.update(changes)
    if "reason" in changes:  # a code, a label or free text, as at registration
        merged["reason_code"], merged["reason"] = parse_reason(changes["reason"])
    check = validate_identity(merged, today=timezone.localtime(now).date())
    problems = [(f, m) for f, messages in check.errors.items() for m in messages]
    # The registration's date rules, as of the moment the stay was notified: a corrected
    # arrival can be neither after the notification nor further before it than allowed.
    problems += _check_stay_dates(merged, stay.notified_at)
    departure = changes.get("departure", stay.departure)
    if (departure is not None and isinstance(merged.get("arrival"), datetime)
            and departure < merged["arrival"]):
        problems.append(("departure", _("The departure is before the arrival.")))
    if problems:
        raise RegistrationError([RowError(0, f, m) for f, m in problems])

    cleaned = {**merged, **check.cleaned, "departure": departure,
               **{name: clean_identity_text(merged.get(name))
                  for name in ("room", "reason", "phone")}}
    if stay.is_open:
        _lock_documents([(cleaned["document_type"], cleaned["document_number"])])
        clash = _overlapping(cleaned["document_type"], cleaned["document_number"],
                             cleaned["arrival"], cleaned["expected_departure"],
                             exclude_id=stay.pk).first()
        if clash:
            raise _single_error("document_number", _overlap_message(clash, stay.establishment))

    diff = {}
    for field in CORRECTABLE_FIELDS:
        after = cleaned.get(field)
        if field in (*BLANK_TEXT_FIELDS, "room"):
            after = after or ""
        if getattr(stay, field) != after:
            diff[field] = (getattr(stay, field), after)
            setattr(stay, field, after)
    if not diff:
        raise _single_error(NON_FIELD, _("Nothing was changed."))
    stay.full_name_folded = fold(stay.full_name)
    # A correction states facts already notified: a short permitted stay is flagged for
    # the police, not asked to be confirmed again.
    stay.flags = sorted(check.flags | ({PERMITTED_STAY_SHORT} if check.is_foreigner
                                       and _is_short(cleaned) else set()))
    # `deadline` and `late` are not touched: lateness is a fact about when the police were
    # told, fixed at notification; a corrected arrival or nationality cannot erase it.
    stay.save()
    _record(stay, user=user, action=StayAction.CORRECTED, changes=diff, reason=reason, now=now)
    stays_written.send(Stay, stays=[stay], now=now)
    return stay


@transaction.atomic
def cancel_stay(*, user, stay: Stay, reason: str, now: datetime | None = None,
                staff_of: Collection[int] | None = None) -> Stay:
    now = now or timezone.now()
    stay = Stay.objects.select_for_update().get(pk=stay.pk)
    _require_staff(user, stay, staff_of)
    reason = normalize(reason)
    if not reason:
        raise _single_error("reason", _("Give the reason for cancelling."))
    if stay.status != StayStatus.REGISTERED:
        raise _single_error(NON_FIELD, _("Only a registered stay can be cancelled."))
    changes = {"status": (stay.status, StayStatus.CANCELLED)}
    stay.status = StayStatus.CANCELLED
    stay.save(update_fields=["status", "updated_at"])
    _record(stay, user=user, action=StayAction.CANCELLED, changes=changes, reason=reason,
            now=now)
    stays_written.send(Stay, stays=[stay], now=now)
    return stay
