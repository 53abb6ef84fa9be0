"""What would make the portal refuse (or silently drop) a batch, found before any file.

Messages name the row, the room and the receipt code, never the guest: they reach API
answers and screens shared at a reception desk.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from lodging.national import catalogue
from lodging.national.models import BatchKind
from lodging.national.records import card_name, passport_name


@dataclass
class Problem:
    stay_id: int
    receipt_code: str
    room: str
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"stay": self.stay_id, "receipt_code": self.receipt_code, "room": self.room,
                "field": self.field, "message": str(self.message)}


def blocking_problems(stays, kind: str) -> list[Problem]:
    problems: list[Problem] = []

    def add(stay, field, message):
        problems.append(Problem(stay.pk, stay.receipt_code, stay.room, field, message))

    seen: dict[tuple[str, str], str] = {}
    for stay in stays:
        key = (stay.document_type, stay.document_number)
        if key in seen:
            add(stay, "document_number", _(
                "The same document is already in this batch (receipt %(other)s); the portal "
                "refuses a document twice. Correct or cancel one of the two stays.")
                % {"other": seen[key]})
        else:
            seen[key] = stay.receipt_code
        if catalogue.portal_nationality(stay.nationality) is None:
            add(stay, "nationality", _(
                "The nationality %(code)s is not in the national portal's list.")
                % {"code": stay.nationality})
        if kind == BatchKind.FOREIGN:
            _foreign(stay, add)
        else:
            _vietnamese(stay, add)
    return problems


def _foreign(stay, add) -> None:
    if passport_name(stay.full_name) is None:
        add(stay, "full_name", _(
            "The name cannot be written in Latin capitals without diacritics as the portal "
            "wants; correct it to the spelling of the passport's machine-readable zone."))
    if stay.permitted_stay_until is None:
        add(stay, "permitted_stay_until", _(
            "The permitted stay (from the visa or the exemption stamp) is missing."))
    elif stay.expiry_date and stay.permitted_stay_until == stay.expiry_date:
        add(stay, "permitted_stay_until", _(
            "The permitted stay is the passport's expiry date; enter the date of the visa or "
            "the exemption stamp instead."))


def _vietnamese(stay, add) -> None:
    if card_name(stay.full_name) is None:
        add(stay, "full_name", _(
            "The name holds characters the portal does not take (digits, punctuation or a "
            "non-Latin script); correct it to the spelling on the card."))
    if not stay.reason_code:
        add(stay, "reason", _("The reason for stay is missing; the portal requires it."))
    elif stay.reason_code == catalogue.OTHER_REASON and not stay.reason:
        add(stay, "reason", _(
            "The reason for stay is “Other purpose” without its description."))
    if stay.document_type == "cccd" and not (stay.document_number.isdigit()
                                              and len(stay.document_number) == 12):
        add(stay, "document_number", _("A CCCD number has 12 digits."))
