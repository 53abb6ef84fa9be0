"""The national portal's catalogue (data/catalogue.json) and this platform's values in it.

The file is the only place the portal's codes and labels are written down; it names its
source and date, so a new official template shows up as a diff of data, not of code.
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cms.text import fold, normalize

DATA_FILE = Path(__file__).with_name("data") / "catalogue.json"
SEPARATOR = " - "
OTHER_REASON = "20"
OTHER_DOCUMENT = "9"


@dataclass(frozen=True)
class Entry:
    code: str
    label: str

    @property
    def display(self) -> str:
        """The whole string every enumerated cell of the portal's workbook holds."""
        return f"{self.code}{SEPARATOR}{self.label}"


@cache
def _data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@cache
def entries(kind: str) -> dict[str, Entry]:
    """`document_types`, `residence_statuses`, `reasons`, `sexes` or `nationalities`."""
    return {item["code"]: Entry(item["code"], item["label"]) for item in _data()[kind]}


def source() -> dict:
    data = _data()
    return {"source": data["_source"], "date": data["_source_date"]}


def reason(code: str) -> Entry | None:
    return entries("reasons").get(code)


@cache
def _reasons_by_folded_label() -> dict[str, str]:
    labels = {fold(entry.label): code for code, entry in entries("reasons").items()}
    aliases = {fold(word): code for word, code in _data()["reason_aliases"].items()
               if not word.startswith("_")}
    return {**aliases, **labels}


def parse_reason(text: str | None) -> tuple[str, str]:
    """(code, text) of a reason for stay given as a code, a label or free text.

    "1", "01", "1 - Du lịch", "du lich" and "DU LỊCH" are all code 1, stored with its
    label as text; anything else is code 20 ("Mục đích khác") with the text as given.
    Blank stays blank: the portal needs a reason, and the export says so.
    """
    text = normalize(text)
    if not text:
        return "", ""
    head, tail = text, ""
    if re.match(r"^\d{1,2}\s*-", text):  # the workbook's own "code - label" string
        head, tail = (part.strip() for part in text.split("-", 1))
    if re.fullmatch(r"\d{1,2}", head):
        code = str(int(head))
        if code == OTHER_REASON:
            return code, "" if fold(tail) == fold(reason(code).label) else tail
        if code in entries("reasons"):
            return code, reason(code).label
    code = _reasons_by_folded_label().get(fold(text))
    if code == OTHER_REASON:
        return code, ""
    if code:
        return code, reason(code).label
    return OTHER_REASON, text


def reason_label(code: str) -> str:
    entry = reason(code)
    return entry.label if entry else ""


def portal_nationality(iso_code: str) -> Entry | None:
    """The portal's entry for an ISO 3166 alpha-3 code; None when it has none."""
    overrides = _data()["iso_to_portal_nationality"]
    return entries("nationalities").get(overrides.get(iso_code, iso_code))


def sex(value: str) -> Entry | None:
    return entries("sexes").get(value)


# This platform's document types and the portal's codes (cccd depends on the card's name).
DOCUMENT_TYPE_CODES = {"cccd": "1", "cmnd": "2", "passport": "4", "border_pass": OTHER_DOCUMENT,
                       "other": OTHER_DOCUMENT}
# Column G (the document's name) for the types the portal only knows as "other".
OTHER_DOCUMENT_NAMES = {"border_pass": "Giấy thông hành", "other": "Giấy tờ khác"}


def document_type(platform_type: str, *, can_cuoc: bool = False) -> Entry:
    """The portal's document type. A chip card called "Căn cước" (issued from
    2024-07-01, or so chosen by staff; see lodging.identity) is a "Thẻ Căn Cước" (8),
    any other chip card a "Thẻ CCCD" (1)."""
    if platform_type == "cccd" and can_cuoc:
        return entries("document_types")["8"]
    return entries("document_types")[DOCUMENT_TYPE_CODES.get(platform_type, OTHER_DOCUMENT)]


def document_name(platform_type: str) -> str:
    return OTHER_DOCUMENT_NAMES.get(platform_type, "")
