"""The stay spreadsheet as people fill it in: its columns, their headers and the values
typed in their cells.

Each column is one of the contract's stay fields (DESIGN.md section 5) and has a
Vietnamese header ("Họ và tên") and an English one ("Full name"). Headers are compared
by `compare_key` (no case, diacritics, spaces or underscores), so "Họ và tên",
"HO VA TEN", "Full name" and the contract's `full_name` are the same column; a sheet
may even mix them. Coded cells take what a receptionist writes: "Nam"/"Nữ" (or "nu",
"M", "F"), "CCCD", "Căn cước", "Hộ chiếu", a country's name in Vietnamese or English, a
reason as its code or its words (read by the service), dates as DD/MM/YYYY.

The template built from these columns is `lodging.stay_sheet_template`.
"""

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from cms.dates import spreadsheet_date, spreadsheet_datetime
from cms.text import compact, fold, normalize
from lodging.countries import country_label, resolve_country
from lodging.identity import (
    CardName,
    DocumentType,
    Sex,
    clean_document_number,
    country_exists,
)

# When each column must be filled in (the instructions sheet says it in words).
ALWAYS, VIETNAMESE_GUESTS, FOREIGN_GUESTS, OPTIONAL, SEVERAL_ESTABLISHMENTS = (
    "always", "vietnamese", "foreign", "optional", "several_establishments")
NEEDED = {
    ALWAYS: gettext_lazy("Required"),
    VIETNAMESE_GUESTS: gettext_lazy("Vietnamese guests"),
    FOREIGN_GUESTS: gettext_lazy("Foreign guests"),
    OPTIONAL: gettext_lazy("Optional"),
    SEVERAL_ESTABLISHMENTS: gettext_lazy("Only with several establishments"),
}


@dataclass(frozen=True)
class Column:
    name: str  # the contract's column, the stay field it fills
    vi: str  # the Vietnamese header
    en: str  # the English header (the contract's name written for people)
    takes: Promise  # what the cell takes, for the instructions sheet
    kind: str = "text"  # text, date, datetime, sex, document_type, nationality, reason, yes
    needed: str = ALWAYS
    aliases: tuple[str, ...] = ()  # other Vietnamese headers offices use

    def header(self, style: str) -> str:
        """The header in a style: "vi", "en" (the words) or "contract" (the name)."""
        return {"vi": self.vi, "en": self.en}.get(style, self.name)


COLUMNS = (
    Column("establishment_code", "Mã cơ sở", "Establishment code", gettext_lazy(
        "The establishment's code (e.g. SAPA-0001). Leave it empty on the upload page: "
        "the stays go to the establishment you are working in."),
        needed=SEVERAL_ESTABLISHMENTS),
    Column("full_name", "Họ và tên", "Full name", gettext_lazy(
        "The guest's full name, as on the document."), aliases=("Họ tên",)),
    Column("sex", "Giới tính", "Sex", gettext_lazy("Nam or Nữ (M or F also accepted)."),
           kind="sex"),
    Column("date_of_birth", "Ngày sinh", "Date of birth", gettext_lazy(
        "DD/MM/YYYY, e.g. 17/05/1990."), kind="date"),
    Column("document_type", "Loại giấy tờ", "Document type", gettext_lazy(
        "CCCD, Căn cước, CMND, Hộ chiếu (passport), Giấy thông hành (border pass) or "
        "Khác (other)."), kind="document_type"),
    Column("document_number", "Số giấy tờ", "Document number", gettext_lazy(
        "The number as printed: 12 digits for a CCCD or Căn cước, letters and digits for "
        "a passport."), aliases=("Số CCCD",)),
    Column("nationality", "Quốc tịch", "Nationality", gettext_lazy(
        "The country's name in Vietnamese or English (Việt Nam, Pháp, France) or its "
        "three-letter code (VNM, FRA)."), kind="nationality"),
    Column("address", "Địa chỉ thường trú", "Address", gettext_lazy(
        "The permanent address, as written on the card."), needed=VIETNAMESE_GUESTS,
        aliases=("Địa chỉ",)),
    Column("reason", "Lý do lưu trú", "Reason", gettext_lazy(
        "The reason for the stay: pick it from the list (e.g. 1 - Du lịch) or write it in "
        "words."), kind="reason", needed=OPTIONAL, aliases=("Lý do",)),
    Column("room", "Phòng", "Room", gettext_lazy("The room's number or name."),
           aliases=("Số phòng",)),
    Column("arrival", "Giờ đến", "Arrival", gettext_lazy(
        "Date and time of arrival, DD/MM/YYYY HH:MM, e.g. 28/11/2026 21:30."),
        kind="datetime", aliases=("Ngày đến", "Thời gian đến")),
    Column("expected_departure", "Dự kiến đi", "Expected departure", gettext_lazy(
        "Expected date and time of departure, DD/MM/YYYY HH:MM."), kind="datetime",
        aliases=("Ngày đi dự kiến", "Dự kiến rời đi")),
    Column("entry_date", "Ngày nhập cảnh", "Entry date", gettext_lazy(
        "Date of entry into Vietnam, DD/MM/YYYY."), kind="date", needed=FOREIGN_GUESTS),
    Column("port_of_entry", "Cửa khẩu nhập cảnh", "Port of entry", gettext_lazy(
        "The border gate or airport of entry (e.g. Cửa khẩu Quốc tế Lào Cai)."),
        needed=FOREIGN_GUESTS),
    Column("visa_type", "Loại thị thực", "Visa type", gettext_lazy(
        "The visa or exemption type (e.g. DL, EV, MT)."), needed=FOREIGN_GUESTS),
    Column("visa_number", "Số thị thực", "Visa number", gettext_lazy(
        "The visa or exemption number."), needed=FOREIGN_GUESTS),
    Column("permitted_stay_until", "Tạm trú đến ngày", "Permitted stay until", gettext_lazy(
        "The last day of the permitted stay, DD/MM/YYYY."), kind="date",
        needed=FOREIGN_GUESTS),
    Column("expiry_date", "Ngày hết hạn giấy tờ", "Expiry date", gettext_lazy(
        "The document's expiry date, DD/MM/YYYY: an expired document is refused."),
        kind="date", needed=OPTIONAL),
    Column("confirm_short_permitted_stay", "Xác nhận tạm trú ngắn",
           "Confirm short permitted stay", gettext_lazy(
               "Write Có (yes) to register a foreign guest whose permitted stay ends "
               "before the expected departure; the police will see it."),
           kind="yes", needed=OPTIONAL),
)
BY_NAME = {column.name: column for column in COLUMNS}
YES = frozenset({"1", "x", "yes", "true", "co"})
# How a sheet writes its headers: Vietnamese words, English words, the contract's names.
VIETNAMESE, ENGLISH, CONTRACT = "vi", "en", "contract"


def compare_key(text: Any) -> str:
    """What two spellings of a header or a word share: no case, diacritics, spaces or
    underscores ("Họ và tên", "HO VA TEN", "ho_va_ten")."""
    return compact(str(text or "")).replace("_", "")


def _headers_by_key() -> dict[str, tuple[Column, str]]:
    """header key → (column, the header as the platform writes it when Vietnamese)."""
    found = {}
    for column in COLUMNS:
        found[compare_key(column.name)] = (column, "")
        for header in (column.vi, *column.aliases):
            found[compare_key(header)] = (column, header)
    return found


_HEADERS = _headers_by_key()


@dataclass
class SheetHeaders:
    """What a sheet's header row says: the position and the header of each column."""
    positions: dict[str, int] = field(default_factory=dict)  # column name → position
    written: dict[str, str] = field(default_factory=dict)  # column name → its header
    unknown: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)
    style: str = VIETNAMESE  # how most of its headers are written

    def label(self, name: str) -> str | None:
        """The column as the sheet names it (or would); None for what is no column (a
        problem of the whole row)."""
        if name in self.written:
            return self.written[name]
        column = BY_NAME.get(name)
        return column.header(self.style) if column else None

    def problem(self, required: Iterable[str]) -> str | None:
        """One sentence when the header row cannot be read as a stay sheet."""
        parts = []
        if missing := [self.label(name) for name in required if name not in self.positions]:
            parts.append(_("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
        if self.unknown:
            parts.append(_("unknown columns: %(columns)s")
                         % {"columns": ", ".join(self.unknown)})
        if self.repeated:
            parts.append(_("columns given twice: %(columns)s")
                         % {"columns": ", ".join(self.repeated)})
        if not parts:
            return None
        return _("The first row does not hold the stay sheet's column names (%(problems)s). "
                 "Use the template's headers, in Vietnamese or English: %(expected)s.") % {
            "problems": "; ".join(parts),
            "expected": ", ".join(column.header(self.style) for column in COLUMNS)}


def read_headers(headers: Sequence[Any], *, language: str | None = None) -> SheetHeaders:
    """Which column each header of a sheet is, and how the sheet writes its headers
    (when it cannot tell: in `language`, the page's by default)."""
    sheet = SheetHeaders()
    votes = dict.fromkeys((VIETNAMESE, ENGLISH, CONTRACT), 0)
    for position, text in enumerate(headers or []):
        match = _HEADERS.get(compare_key(text))
        if match is None:
            sheet.unknown.append(str(text or "") or _("(no name, column %(letter)s)")
                                 % {"letter": get_column_letter(position + 1)})
            continue
        column, vietnamese = match
        if column.name in sheet.positions:
            sheet.repeated.append(str(text))
            continue
        sheet.positions[column.name] = position
        if vietnamese:
            style, sheet.written[column.name] = VIETNAMESE, vietnamese
        elif str(text).strip().lower() == column.name:
            style, sheet.written[column.name] = CONTRACT, column.name
            votes[ENGLISH] += column.name == column.en.lower()  # "room" is both
        else:
            style, sheet.written[column.name] = ENGLISH, column.en
        votes[style] += 1
    default = VIETNAMESE if (language or get_language() or "vi").startswith("vi") else ENGLISH
    best = max(votes.values())
    leaders = [style for style, count in votes.items() if count == best]
    sheet.style = leaders[0] if best and len(leaders) == 1 else default
    return sheet


# -- cells --------------------------------------------------------------------------------
_SEXES = {"m": Sex.MALE, "nam": Sex.MALE, "male": Sex.MALE,
          "f": Sex.FEMALE, "nu": Sex.FEMALE, "female": Sex.FEMALE}
# compare_key form → (document type, the chip card's name when the words say which)
_DOCUMENT_TYPES = {
    "cccd": (DocumentType.CCCD, None), "cancuoccongdan": (DocumentType.CCCD, None),
    "thecancuoccongdan": (DocumentType.CCCD, None),
    "cancuoc": (DocumentType.CCCD, CardName.CAN_CUOC),
    "thecancuoc": (DocumentType.CCCD, CardName.CAN_CUOC),
    "cmnd": (DocumentType.CMND, None), "chungminhnhandan": (DocumentType.CMND, None),
    "chungminhthu": (DocumentType.CMND, None),
    "hochieu": (DocumentType.PASSPORT, None), "passport": (DocumentType.PASSPORT, None),
    "giaythonghanh": (DocumentType.BORDER_PASS, None),
    "borderpass": (DocumentType.BORDER_PASS, None),
    "khac": (DocumentType.OTHER, None), "giaytokhac": (DocumentType.OTHER, None),
    "other": (DocumentType.OTHER, None), "otherdocument": (DocumentType.OTHER, None),
}
# The words the template's lists offer (Vietnamese, then the English page's).
SEX_WORDS = {"vi": ("Nam", "Nữ"), "en": ("M", "F")}
DOCUMENT_WORDS = {"vi": ("CCCD", "Căn cước", "CMND", "Hộ chiếu", "Giấy thông hành", "Khác"),
                  "en": ("CCCD", "Căn cước", "CMND", "Passport", "Border pass", "Other")}
YES_WORDS = {"vi": "Có", "en": "Yes"}
# "Việt Nam (VNM)", as the template's list writes a country
_CODE_IN_BRACKETS = re.compile(r".*\(\s*([A-Za-z]{3})\s*\)")


@functools.lru_cache(maxsize=1024)  # a sheet repeats a few words
def parse_sex(value: Any) -> str:
    sex = _SEXES.get(fold(str(value or "")))
    if sex is None:
        raise ValueError(_("Write Nam or Nữ (or M, F).") if not value else
                         _("“%(value)s” is not a sex: write Nam or Nữ (or M, F).")
                         % {"value": value})
    return sex


@functools.lru_cache(maxsize=1024)
def parse_document_type(value: Any) -> tuple[str, str | None]:
    """(document type, the chip card's name or None) of the words in a cell."""
    found = _DOCUMENT_TYPES.get(compare_key(value))
    if found is None:
        words = ", ".join(DOCUMENT_WORDS["vi"])
        raise ValueError(_("Write the document type: %(words)s.") % {"words": words}
                         if not value else
                         _("“%(value)s” is not a document type: write %(words)s.")
                         % {"value": value, "words": words})
    return found


@functools.lru_cache(maxsize=1024)
def parse_nationality(value: Any) -> str:
    text = str(value or "").strip()
    bracketed = _CODE_IN_BRACKETS.fullmatch(text)
    code = bracketed.group(1).upper() if bracketed else resolve_country(text)
    if not country_exists(code):
        raise ValueError(_("Write the nationality: the country's name in Vietnamese or "
                           "English, or its code (VNM, FRA).") if not text else
                         _("“%(value)s” is not a country: write its name in Vietnamese or "
                           "English, or its code (VNM, FRA).") % {"value": text})
    return code


def country_choice(alpha_3: str, language: str) -> str:
    """A country as the template's list offers it: "Việt Nam (VNM)"."""
    return f"{country_label(alpha_3, language)} ({alpha_3})"


def read_cell(column: Column, value: Any) -> Any:
    """A cell's value as the service takes it; ValueError with a message for the person
    who typed it. An empty cell is None (the service says when it is needed), but a
    coded one says what to write."""
    if isinstance(value, str):
        value = normalize(value)
    if column.kind in _CODED:
        return _CODED[column.kind](value)
    if value in (None, ""):
        return None
    return _READERS.get(column.kind, _text)(value)


def _text(value: Any) -> str | None:
    return str(value).strip() or None


def _yes(value: Any) -> bool | None:
    return fold(str(value)) in YES or None


_CODED = {"sex": parse_sex, "document_type": parse_document_type,
          "nationality": parse_nationality}
_READERS = {"date": spreadsheet_date, "datetime": spreadsheet_datetime, "yes": _yes}


# -- the example rows ----------------------------------------------------------------------
# Shown on the template's instructions sheet, which the importer never reads (it reads the
# first sheet); if one is copied into the data anyway, `is_example` refuses it.
EXAMPLE_GUESTS = (("Nguyễn Văn Mẫu", "010090000001"), ("MARTIN CLAIRE SAMPLE", "EX1234567"))
_EXAMPLE_KEYS = {(fold(name), number) for name, number in EXAMPLE_GUESTS}


def examples(language: str, *, today: date, establishment_code: str = "") -> list[dict]:
    """The two example rows (a Vietnamese and a French guest), as a receptionist would
    type them in a template of `language`."""
    arrival, departure = today, today + timedelta(days=2)
    stay = {"establishment_code": establishment_code, "reason": "1 - Du lịch",
            "arrival": f"{arrival:%d/%m/%Y} 21:30", "expected_departure":
            f"{departure:%d/%m/%Y} 12:00"}
    (vietnamese, vi_number), (french, fr_number) = EXAMPLE_GUESTS
    sex, words = SEX_WORDS[language], DOCUMENT_WORDS[language]
    return [
        {**stay, "full_name": vietnamese, "sex": sex[0], "date_of_birth": "17/05/1990",
         "document_type": words[0], "document_number": vi_number,
         "nationality": country_choice("VNM", language),
         "address": "Phường Cam Đường, Lào Cai", "room": "101"},
        {**stay, "full_name": french, "sex": sex[1], "date_of_birth": "12/03/1985",
         "document_type": words[3], "document_number": fr_number,
         "nationality": country_choice("FRA", language), "room": "102",
         "entry_date": f"{today - timedelta(days=3):%d/%m/%Y}",
         "port_of_entry": "Cửa khẩu Quốc tế Lào Cai", "visa_type": "EV",
         "visa_number": "E2611200001",
         "permitted_stay_until": f"{today + timedelta(days=80):%d/%m/%Y}"},
    ]


_EXAMPLE_NUMBERS = {number for _name, number in EXAMPLE_GUESTS}


def is_example(row: Mapping[str, Any]) -> bool:
    number = clean_document_number(row.get("document_number"))
    return number in _EXAMPLE_NUMBERS and (fold(row.get("full_name")), number) in _EXAMPLE_KEYS


def read_row(cells: Mapping[str, Any]) -> tuple[dict, list[tuple[str, str]]]:
    """The stay fields of one row (`cells`: column name → cell) and its problems as
    (column name, message); a cell that cannot be read is left out of the fields."""
    row, problems = {}, []
    for name, value in cells.items():
        try:
            parsed = read_cell(BY_NAME[name], value)
        except ValueError as error:
            problems.append((name, str(error)))
            continue
        if name == "document_type":
            row["document_type"], card_name = parsed
            if card_name:
                row["card_name"] = card_name
        elif parsed is not None:
            row[name] = parsed
    return row, problems
