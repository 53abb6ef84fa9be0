"""Identity rules for a guest's stay notification (Circular 55/2021/TT-BCA as amended).

One function, `validate_identity`, checks a guest as given: document format, the CCCD
digits against sex and date of birth, nationality, and the extra fields a foreigner
needs. It returns every problem at once, per field, in the user's language.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pycountry
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.text import clean_identity_text, strip_invisible
from lodging.cccd_provinces import CCCD_PROVINCE_CODES, CENTURY_BY_DIGIT

VIETNAM = "VNM"
MAX_AGE_YEARS = 130

CCCD_RE = re.compile(r"^\d{12}$")
CMND_RE = re.compile(r"^(\d{9}|\d{12})$")
PASSPORT_RE = re.compile(r"^[A-Z0-9]{6,10}$")
BORDER_PASS_RE = re.compile(r"^[A-Z0-9]{6,12}$")
OTHER_DOCUMENT_RE = re.compile(r"^[A-Z0-9/.\-]{3,20}$")
VISA_TYPE_RE = re.compile(r"^[A-Z0-9]{1,10}$")


class DocumentType(models.TextChoices):
    CCCD = "cccd", gettext_lazy("Citizen identity card (CCCD / Căn cước)")
    CMND = "cmnd", gettext_lazy("Old identity card (CMND)")
    PASSPORT = "passport", gettext_lazy("Passport")
    BORDER_PASS = "border_pass", gettext_lazy("Border pass")
    OTHER = "other", gettext_lazy("Other document")


# The words staff read on lists and receipts (the choice labels above are for forms).
DOCUMENT_SHORT_LABELS = {
    "cccd": gettext_lazy("CCCD"), "cmnd": gettext_lazy("CMND"),
    "passport": gettext_lazy("Passport"), "border_pass": gettext_lazy("Border pass"),
    "other": gettext_lazy("Other document"),
}


class CardName(models.TextChoices):
    """What a chip citizen card is called; the number rules are the same for both."""
    CCCD = "cccd", "CCCD"
    CAN_CUOC = "can_cuoc", "Căn cước"


# Cards issued from this day are "Căn cước" (Law on Identification 2023, in force
# 2024-07-01); the QR code does not say which, its issue date does.
CAN_CUOC_FROM = date(2024, 7, 1)
CAN_CUOC_FLAG = "can_cuoc"


def document_label(document_type: str, flags=()) -> str:
    if document_type == DocumentType.CCCD and CAN_CUOC_FLAG in (flags or ()):
        return CardName.CAN_CUOC.label
    return str(DOCUMENT_SHORT_LABELS.get(document_type, document_type))


def card_name_for(issue_date: date | None) -> str:
    if isinstance(issue_date, date) and issue_date >= CAN_CUOC_FROM:
        return CardName.CAN_CUOC.value
    return CardName.CCCD.value


class Sex(models.TextChoices):
    MALE = "M", gettext_lazy("Male")
    FEMALE = "F", gettext_lazy("Female")


# Django builds `Choices.values` anew on every access (a list, through `choices`), which
# a large sheet asks for on every row: the sets are built once.
SEX_VALUES = frozenset(Sex.values)
DOCUMENT_TYPE_VALUES = frozenset(DocumentType.values)
FOREIGNER_DOCUMENT_TYPES = {DocumentType.PASSPORT, DocumentType.BORDER_PASS}
FOREIGNER_FIELDS = ("entry_date", "port_of_entry", "visa_type", "visa_number",
                    "permitted_stay_until")
# CMND cards stopped being valid on 2025-01-01 (Law on Identification 2023, art. 46).
CMND_EXPIRED_ON = date(2025, 1, 1)
# Flag of a stay registered (or extended) past the guest's permitted stay, confirmed.
PERMITTED_STAY_SHORT = "permitted_stay_short"


@dataclass
class IdentityCheck:
    errors: dict[str, list[str]] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    cleaned: dict[str, Any] = field(default_factory=dict)
    is_foreigner: bool = False

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def add(self, field_name: str, message: str) -> None:
        self.errors.setdefault(field_name, []).append(message)


def clean_document_number(value: Any) -> str:
    """Upper-case, without spaces, dots or dashes that people type between digit groups."""
    return re.sub(r"[\s.\-]", "", strip_invisible(str(value or ""))).upper()


def country_exists(alpha_3: str) -> bool:
    return bool(alpha_3) and pycountry.countries.get(alpha_3=alpha_3) is not None


def validate_identity(data: Mapping[str, Any], *, today: date | None = None) -> IdentityCheck:
    today = today or timezone.localdate()
    check = IdentityCheck()
    cleaned = check.cleaned

    cleaned["full_name"] = clean_identity_text(data.get("full_name"))
    if not cleaned["full_name"]:
        check.add("full_name", _("Enter the guest's full name."))
    elif len(cleaned["full_name"]) > 200:
        check.add("full_name", _("The full name is longer than 200 characters."))

    cleaned["sex"] = str(data.get("sex") or "").strip().upper()
    if cleaned["sex"] not in SEX_VALUES:
        check.add("sex", _("Sex must be M or F."))

    birth = data.get("date_of_birth")
    cleaned["date_of_birth"] = birth
    if not isinstance(birth, date):
        check.add("date_of_birth", _("Enter the date of birth."))
    elif problem := birth_date_problem(birth, today):
        check.add("date_of_birth", problem)

    nationality = str(data.get("nationality") or "").strip().upper()
    cleaned["nationality"] = nationality
    if not country_exists(nationality):
        check.add("nationality", _("Nationality must be an ISO 3166 three-letter code, "
                                   "such as VNM or FRA."))
    check.is_foreigner = bool(nationality) and nationality != VIETNAM

    document_type = str(data.get("document_type") or "").strip().lower()
    cleaned["document_type"] = document_type
    number = clean_document_number(data.get("document_number"))
    cleaned["document_number"] = number
    cleaned["address"] = clean_identity_text(data.get("address"))

    if document_type not in DOCUMENT_TYPE_VALUES:
        check.add("document_type", _("Document type must be one of: cccd, cmnd, passport, "
                                     "border_pass, other."))
    elif not number:
        check.add("document_number", _("Enter the document number."))
    else:
        _check_document(check, document_type, number, cleaned["sex"], birth, today)

    # The card's name is one fact kept in one place (the flag): what staff chose, else
    # what the issue date says. The national portal's document code is read from it.
    card = str(data.get("card_name") or "").strip() or card_name_for(data.get("issue_date"))
    if document_type == DocumentType.CCCD and card == CardName.CAN_CUOC:
        check.flags.add(CAN_CUOC_FLAG)
    _check_expiry(check, data.get("expiry_date"), today)

    if check.is_foreigner:
        _check_foreigner(check, data, document_type, birth, today)
    elif nationality == VIETNAM:
        if document_type == DocumentType.BORDER_PASS:
            check.add("document_type", _("A border pass is for foreign guests; Vietnamese "
                                         "guests give their CCCD, CMND or passport."))
        if not cleaned["address"]:
            check.add("address", _("Enter the guest's permanent address."))
    return check


def _check_document(check: IdentityCheck, document_type: str, number: str, sex: str,
                    birth: Any, today: date) -> None:
    if document_type == DocumentType.CCCD:
        for message in cccd_problems(number, sex=sex, date_of_birth=birth):
            check.add("document_number", message)
    elif document_type == DocumentType.CMND:
        if not CMND_RE.match(number):
            check.add("document_number", _("A CMND number has 9 or 12 digits."))
        elif today >= CMND_EXPIRED_ON:
            check.flags.add("cmnd_expired")
    elif document_type == DocumentType.PASSPORT:
        if not PASSPORT_RE.match(number):
            check.add("document_number", _("A passport number has 6 to 10 letters and digits."))
    elif document_type == DocumentType.BORDER_PASS:
        if not BORDER_PASS_RE.match(number):
            check.add("document_number",
                      _("A border pass number has 6 to 12 letters and digits."))
    elif not OTHER_DOCUMENT_RE.match(number):
        check.add("document_number", _("The document number has 3 to 20 letters and digits."))


def birth_date_problem(birth: date, today: date) -> str | None:
    if birth > today:
        return _("The date of birth is in the future.")
    if today.year - birth.year > MAX_AGE_YEARS:
        return _("The date of birth is more than 130 years ago.")
    return None


def expiry_problem(expiry: Any, today: date) -> str | None:
    """A document past its expiry date (typed, or read from the passport's MRZ) is no
    proof of identity: the notification is refused until the guest shows a valid one."""
    if isinstance(expiry, date) and expiry < today:
        return _("This document expired on %(date)s and cannot be accepted; ask the guest "
                 "for a valid passport or identity document.") % {
            "date": expiry.strftime("%d/%m/%Y")}
    return None


def _check_expiry(check: IdentityCheck, expiry: Any, today: date) -> None:
    check.cleaned["expiry_date"] = expiry if isinstance(expiry, date) else None
    if problem := expiry_problem(expiry, today):
        check.add("expiry_date", problem)


def permitted_stay_is_short(*, permitted_stay_until: date | None,
                            expected_departure: date | None) -> bool:
    """A foreigner whose permitted stay ends before the expected departure would
    overstay: a warning the receptionist confirms, and the police see."""
    return (isinstance(permitted_stay_until, date) and isinstance(expected_departure, date)
            and permitted_stay_until < expected_departure)


def cccd_problems(number: str, *, sex: str | None = None,
                  date_of_birth: date | None = None) -> list[str]:
    """What is wrong with a CCCD number, checked against sex and birth date when known."""
    if not CCCD_RE.match(number):
        return [_("A CCCD number has exactly 12 digits.")]
    problems = []
    province = number[:3]
    if province not in CCCD_PROVINCE_CODES:
        problems.append(_("The first three digits (%(code)s) are not a province code.")
                        % {"code": province})
    digit = int(number[3])
    century = CENTURY_BY_DIGIT[digit]
    card_sex = Sex.MALE if digit % 2 == 0 else Sex.FEMALE
    if sex in SEX_VALUES and sex != card_sex:
        problems.append(_("The fourth digit (%(digit)s) says %(card_sex)s but the guest is "
                          "entered as %(sex)s.") % {
            "digit": digit, "card_sex": Sex(card_sex).label, "sex": Sex(sex).label})
    birth_year = century + int(number[4:6])
    if isinstance(date_of_birth, date) and date_of_birth.year != birth_year:
        problems.append(_("Digits 4 to 6 give birth year %(card_year)s but the date of birth "
                          "is in %(year)s.") % {"card_year": birth_year,
                                                "year": date_of_birth.year})
    return problems


def _check_foreigner(check: IdentityCheck, data: Mapping[str, Any], document_type: str,
                     birth: Any, today: date) -> None:
    cleaned = check.cleaned
    if document_type and document_type not in FOREIGNER_DOCUMENT_TYPES:
        check.add("document_type", _("A foreign guest must give a passport or a border pass."))
    for name in ("entry_date", "permitted_stay_until"):
        value = data.get(name)
        cleaned[name] = value if isinstance(value, date) else None
    for name in ("port_of_entry", "visa_number"):
        cleaned[name] = clean_identity_text(data.get(name))
    cleaned["visa_type"] = str(data.get("visa_type") or "").strip().upper()

    entry, until = cleaned["entry_date"], cleaned["permitted_stay_until"]
    if entry is None:
        check.add("entry_date", _("Enter the date of entry into Vietnam."))
    elif entry > today:
        check.add("entry_date", _("The date of entry is in the future."))
    elif isinstance(birth, date) and entry < birth:
        check.add("entry_date", _("The date of entry is before the date of birth."))
    if not cleaned["port_of_entry"]:
        check.add("port_of_entry", _("Enter the port of entry (e.g. Lào Cai border gate)."))
    if not cleaned["visa_type"]:
        check.add("visa_type", _("Enter the visa or exemption type (e.g. DL, EV, MT)."))
    elif not VISA_TYPE_RE.match(cleaned["visa_type"]):
        check.add("visa_type", _("The visa type is a short code of letters and digits."))
    if not cleaned["visa_number"]:
        check.add("visa_number", _("Enter the visa or exemption number."))
    if until is None:
        check.add("permitted_stay_until", _("Enter the date the permitted stay ends."))
    elif entry is not None and until < entry:
        check.add("permitted_stay_until",
                  _("The permitted stay ends before the date of entry."))
