"""A stay as the portal wants each of its values: one place for every conversion."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from cms.text import normalize
from lodging.identity import CAN_CUOC_FLAG
from lodging.national import catalogue
from lodging.national.models import BatchKind

# Latin capitals as printed on a passport's data page; hyphens and apostrophes survive.
PASSPORT_NAME = re.compile(r"[A-Z]+(?:[ '\-][A-Z]+)*")
# Vietnamese names as on the card: letters (with their diacritics) and single spaces.
CARD_NAME = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")


def kind_of(stay) -> str:
    return BatchKind.VIETNAMESE if stay.nationality == "VNM" else BatchKind.FOREIGN


def portal_date(value: date | datetime | None) -> str:
    """dd/MM/yyyy, in the site's time zone for a moment."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"{value:%d/%m/%Y}"


def passport_name(full_name: str) -> str | None:
    """Upper case without diacritics ("Đặng" → "DANG"), or None when it cannot be."""
    text = normalize(full_name).replace("Đ", "D").replace("đ", "d")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(ch)).upper()
    text = " ".join(text.split())
    return text if PASSPORT_NAME.fullmatch(text) else None


def card_name(full_name: str) -> str | None:
    """The name with its diacritics (NFC), or None when it holds what no card prints
    (digits, punctuation) or letters outside the Latin script (the portal's font)."""
    text = normalize(full_name)
    if not CARD_NAME.fullmatch(text):
        return None
    if any(not ("LATIN" in unicodedata.name(ch, "") or ch == " ") for ch in text):
        return None
    return text


def vietnamese_row(stay, sequence: int) -> list[str]:
    """Columns A-S of the Vietnamese guests' sheet, by position."""
    document = catalogue.document_type(stay.document_type,
                                       can_cuoc=CAN_CUOC_FLAG in (stay.flags or ()))
    nationality = catalogue.portal_nationality(stay.nationality)
    reason = catalogue.reason(stay.reason_code)
    sex = catalogue.sex(stay.sex)
    return [
        str(sequence),                                              # A STT
        card_name(stay.full_name) or "",                            # B
        portal_date(stay.date_of_birth),                            # C
        sex.display if sex else "",                                 # D
        nationality.display if nationality else "",                 # E
        document.display,                                           # F
        (catalogue.document_name(stay.document_type)
         if document.code == catalogue.OTHER_DOCUMENT else ""),     # G
        stay.document_number,                                       # H
        stay.phone,                                                 # I
        # The card's address is the permanent one; it is kept as written (M), never
        # matched to a post-2025 ward (K and L stay empty).
        catalogue.entries("residence_statuses")["1"].display if stay.address else "",  # J
        "",                                                         # K province
        "",                                                         # L commune or ward
        stay.address,                                               # M
        portal_date(stay.arrival),                                  # N
        portal_date(stay.expected_departure),                       # O
        stay.room,                                                  # P
        reason.display if reason else "",                           # Q
        stay.reason if stay.reason_code == catalogue.OTHER_REASON else "",  # R
        stay.receipt_code,                                          # S note
    ]


FOREIGN_FIELDS = ("so_thu_tu", "ho_ten", "ngay_sinh", "ngay_sinh_dung_den", "gioi_tinh",
                  "ma_quoc_tich", "so_ho_chieu", "so_phong", "ngay_den", "ngay_di_du_kien",
                  "ngay_tra_phong", "thoi_han_tam_tru")


def foreign_record(stay, sequence: int) -> dict[str, str]:
    """The 12 fields of a THONG_TIN_KHACH in order; ngay_tra_phong only once left."""
    nationality = catalogue.portal_nationality(stay.nationality)
    record = {
        "so_thu_tu": str(sequence),
        "ho_ten": passport_name(stay.full_name) or "",
        "ngay_sinh": portal_date(stay.date_of_birth),
        "ngay_sinh_dung_den": "D",  # the whole date of birth is known
        "gioi_tinh": stay.sex,
        "ma_quoc_tich": nationality.code if nationality else "",
        "so_ho_chieu": stay.document_number,
        "so_phong": stay.room,
        "ngay_den": portal_date(stay.arrival),
        "ngay_di_du_kien": portal_date(stay.expected_departure),
        "ngay_tra_phong": portal_date(stay.departure) if stay.departure else None,
        "thoi_han_tam_tru": portal_date(stay.permitted_stay_until),
    }
    if record["ngay_tra_phong"] is None:
        del record["ngay_tra_phong"]
    return record


# --- the HTTP transport's records (unverified API: the files' fields, as JSON) ---

VN_API_FIELDS = ("stt", "ho_ten", "ngay_sinh", "gioi_tinh", "quoc_tich", "loai_giay_to",
                 "ten_giay_to", "so_giay_to", "so_dien_thoai", "noi_o_hien_tai", "tinh",
                 "phuong_xa", "dia_chi", "ngay_den", "ngay_di_du_kien", "so_phong", "ly_do",
                 "ly_do_khac", "ghi_chu")
# The field carrying a record's position in its batch, and its document number, by kind.
SEQUENCE_FIELD = {BatchKind.VIETNAMESE: "stt", BatchKind.FOREIGN: "so_thu_tu"}
DOCUMENT_FIELD = {BatchKind.VIETNAMESE: "so_giay_to", BatchKind.FOREIGN: "so_ho_chieu"}
# In a change, the record the portal holds, named as the portal knows it.
HELD_RECORD = "ban_ghi_goc"


@dataclass(frozen=True)
class PortalKey:
    """How the portal names a stay it holds: the document number and the arrival day
    (as its own exported list does)."""

    document_number: str
    arrival: date


def portal_key(stay) -> PortalKey:
    return PortalKey(stay.document_number, timezone.localtime(stay.arrival).date())


def api_record(stay, sequence: int, kind: str) -> dict[str, str]:
    if kind == BatchKind.FOREIGN:
        return foreign_record(stay, sequence)
    return dict(zip(VN_API_FIELDS, vietnamese_row(stay, sequence), strict=True))


def change_record(stay, sequence: int, kind: str, held: PortalKey) -> dict:
    """The stay as it is now, for the portal's change call, naming the record it holds."""
    return {**api_record(stay, sequence, kind),
            HELD_RECORD: {DOCUMENT_FIELD[kind]: held.document_number,
                          "ngay_den": portal_date(held.arrival)}}
