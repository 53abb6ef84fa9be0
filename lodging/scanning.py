"""Turn what a scanner types into stay fields: the CCCD QR text and a passport's MRZ.

A chip CCCD's QR code reads `CCCD|old CMND|full name|DDMMYYYY|sex|address|DDMMYYYY`.
A passport's machine-readable zone is ICAO 9303 TD3: two lines of 44 characters whose
check digits are verified here (computed with the `mrz` package's ICAO 7-3-1 hash).
Malformed input raises `ScanError` listing exactly what is wrong.
"""

import re
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from mrz.base.functions import hash_string

from cms.text import fold, normalize
from lodging.identity import VIETNAM, DocumentType, Sex

QR_FIELDS = 7
MRZ_LINE_LENGTH = 44
MRZ_CHARS = re.compile(r"^[A-Z0-9<]{44}$")
# ICAO 9303 codes that are not ISO 3166 alpha-3.
ICAO_TO_ISO = {"D": "DEU", "GBD": "GBR", "GBN": "GBR", "GBO": "GBR", "GBS": "GBR",
               "GBP": "GBR", "UNK": "XKX"}


class ScanError(ValueError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


def _ddmmyyyy(value: str, label: str, errors: list[str]) -> date | None:
    if not re.fullmatch(r"\d{8}", value):
        errors.append(_("%(label)s must be 8 digits DDMMYYYY, got “%(value)s”.")
                      % {"label": label, "value": value})
        return None
    try:
        return date(int(value[4:]), int(value[2:4]), int(value[:2]))
    except ValueError:
        errors.append(_("%(label)s “%(value)s” is not a real date.")
                      % {"label": label, "value": value})
        return None


def parse_cccd_qr(text: str) -> dict:
    """Fields of a chip CCCD's QR code text."""
    text = normalize(text).strip()
    if not text:
        raise ScanError([_("The QR text is empty.")])
    parts = [part.strip() for part in text.split("|")]
    if len(parts) < QR_FIELDS:
        raise ScanError([_("The CCCD QR text has %(count)s fields separated by “|”; "
                           "7 are expected.") % {"count": len(parts)}])
    number, old_number, name, birth, sex, address, issued = parts[:QR_FIELDS]
    errors: list[str] = []
    if not re.fullmatch(r"\d{12}", number):
        errors.append(_("Field 1 (CCCD number) must be 12 digits, got “%(value)s”.")
                      % {"value": number})
    if old_number and not re.fullmatch(r"\d{9}|\d{12}", old_number):
        errors.append(_("Field 2 (old CMND number) must be 9 or 12 digits, got “%(value)s”.")
                      % {"value": old_number})
    if not name:
        errors.append(_("Field 3 (full name) is empty."))
    date_of_birth = _ddmmyyyy(birth, _("Field 4 (date of birth)"), errors)
    folded_sex = fold(sex)
    sex_code = {"nam": Sex.MALE, "nu": Sex.FEMALE, "male": Sex.MALE,
                "female": Sex.FEMALE}.get(folded_sex)
    if sex_code is None:
        errors.append(_("Field 5 (sex) must be “Nam” or “Nữ”, got “%(value)s”.")
                      % {"value": sex})
    issue_date = _ddmmyyyy(issued, _("Field 7 (date of issue)"), errors)
    if errors:
        raise ScanError(errors)
    return {
        "document_type": DocumentType.CCCD.value,
        "document_number": number,
        "old_document_number": old_number,
        "full_name": name,
        "date_of_birth": date_of_birth,
        "sex": sex_code.value,
        "address": address,
        "nationality": VIETNAM,
        "issue_date": issue_date,
    }


def _yymmdd(value: str, label: str, errors: list[str], *, future: bool) -> date | None:
    if not re.fullmatch(r"\d{6}", value):
        errors.append(_("%(label)s must be 6 digits YYMMDD, got “%(value)s”.")
                      % {"label": label, "value": value})
        return None
    yy = int(value[:2])
    if future:
        year = 2000 + yy
    else:  # a birth date is never in the future: pick the century that keeps it past
        year = 2000 + yy if yy <= timezone.localdate().year % 100 else 1900 + yy
    try:
        return date(year, int(value[2:4]), int(value[4:]))
    except ValueError:
        errors.append(_("%(label)s “%(value)s” is not a real date.")
                      % {"label": label, "value": value})
        return None


def _check_digit(data: str, digit: str, label: str, errors: list[str]) -> None:
    expected = hash_string(data)
    if digit != expected:
        errors.append(_("The check digit of %(label)s is “%(digit)s” but should be "
                        "“%(expected)s”: the line was misread or mistyped.")
                      % {"label": label, "digit": digit, "expected": expected})


def _nationality(code: str) -> str:
    code = code.replace("<", "")
    return ICAO_TO_ISO.get(code, code)


def parse_mrz(text: str) -> dict:
    """Fields of a passport's two-line TD3 machine-readable zone."""
    lines = [re.sub(r"\s+", "", line).upper() for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    if len(lines) != 2:
        raise ScanError([_("A passport MRZ has 2 lines; %(count)s were given.")
                         % {"count": len(lines)}])
    errors: list[str] = []
    for number, line in enumerate(lines, start=1):
        if len(line) != MRZ_LINE_LENGTH:
            errors.append(_("Line %(line)s has %(length)s characters; 44 are expected.")
                          % {"line": number, "length": len(line)})
        elif not MRZ_CHARS.match(line):
            errors.append(_("Line %(line)s may only contain A-Z, 0-9 and “<”.")
                          % {"line": number})
    if errors:
        raise ScanError(errors)
    first, second = lines
    if first[0] != "P":
        errors.append(_("Line 1 must start with “P” for a passport."))

    document_number = second[0:9]
    _check_digit(document_number, second[9], _("the passport number"), errors)
    _check_digit(second[13:19], second[19], _("the date of birth"), errors)
    _check_digit(second[21:27], second[27], _("the expiry date"), errors)
    if second[28:42].strip("<") or second[42] != "<":
        _check_digit(second[28:42], second[42], _("the personal number"), errors)
    composite = second[0:10] + second[13:20] + second[21:43]
    _check_digit(composite, second[43], _("the whole line 2 (final digit)"), errors)

    date_of_birth = _yymmdd(second[13:19], _("The date of birth"), errors, future=False)
    expiry = _yymmdd(second[21:27], _("The expiry date"), errors, future=True)
    sex = {"M": Sex.MALE.value, "F": Sex.FEMALE.value}.get(second[20])
    if sex is None:
        errors.append(_("The sex in the MRZ is “%(value)s”; M or F is needed for the "
                        "notification.") % {"value": second[20]})
    surname, _sep, given = first[5:].partition("<<")
    full_name = " ".join(part for part in (surname.replace("<", " "),
                                           given.replace("<", " ")) if part.strip())
    if not full_name.strip():
        errors.append(_("Line 1 carries no name."))
    if errors:
        raise ScanError(errors)
    return {
        "document_type": DocumentType.PASSPORT.value,
        "document_number": document_number.replace("<", ""),
        "nationality": _nationality(second[10:13]),
        "issuing_country": _nationality(first[2:5]),
        "full_name": " ".join(full_name.split()),
        "date_of_birth": date_of_birth,
        "sex": sex,
        "expiry_date": expiry,
    }
