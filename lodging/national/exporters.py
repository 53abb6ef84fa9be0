"""The portal's two file formats: the Vietnamese guests' workbook and the foreigners' XML.

Both are written from lodging.national.records, so a value is converted in one place.
"""

import io
import json
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from cms.exports import xml_text
from lodging.national import records

VN_SHEET = "DS_KHACH_VIET_NAM_LUU_TRU"
VN_FIRST_DATA_ROW = 5  # rows 1-3 are headers, row 4 the example the portal skips
VN_COLUMNS = 19  # A..S
TEXT = "@"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XML_TYPE = "application/xml"
JSON_TYPE = "application/json"
EXCEL_WARNING = gettext_lazy(
    "Import the file as it is: opening it in Excel and saving it turns the dates and "
    "document numbers into numbers (leading zeros lost) and the portal then refuses or "
    "silently drops records.")

# Our own header rows, used only without the official template (NATIONAL_VN_TEMPLATE).
# The portal reads by position, never by header text.
VN_HEADERS = ["STT", "Họ và tên (*)", "Ngày sinh (*)", "Giới tính (*)", "Quốc tịch (*)",
              "Loại giấy tờ (*)", "Tên giấy tờ", "Số giấy tờ (*)", "Số điện thoại",
              "Tình trạng nơi ở hiện tại", "Tỉnh/Thành phố", "Phường/Xã", "Địa chỉ chi tiết",
              "Ngày đến (*)", "Ngày đi dự kiến (*)", "Số phòng", "Lý do lưu trú (*)",
              "Lý do khác", "Ghi chú"]
VN_EXAMPLE = ["1", "Nguyễn Văn A", "01/01/1990", "M - Nam", "VNM - Viet Nam", "1 - Thẻ CCCD",
              "", "001090000001", "0912345678", "1 - Thường trú", "", "", "Số 1 Đường A",
              "01/01/2026", "02/01/2026", "101", "1 - Du lịch", "", "Dòng mẫu: không nhập"]


def _vn_template() -> Path | None:
    name = getattr(settings, "NATIONAL_VN_TEMPLATE", "")
    return Path(name) if name else None


def vietnamese_workbook(stays) -> bytes:
    """The official sheet, data from row 5 (STT 2, continuing the example row), every
    cell text (`@`): dates dd/MM/yyyy and document numbers keep their leading zeros."""
    template = _vn_template()
    if template:
        # A copy of the official file: its catalogue sheets and defined names stay intact.
        workbook = load_workbook(template)
        sheet = workbook[VN_SHEET]
        if sheet.max_row >= VN_FIRST_DATA_ROW:
            sheet.delete_rows(VN_FIRST_DATA_ROW, sheet.max_row - VN_FIRST_DATA_ROW + 1)
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = VN_SHEET
        sheet.cell(1, 1, "DANH SÁCH KHÁCH VIỆT NAM LƯU TRÚ").font = Font(bold=True)
        sheet.cell(2, 1, "Các cột có dấu (*) là bắt buộc. Không mở và lưu lại tệp bằng Excel.")
        for column, (header, example) in enumerate(zip(VN_HEADERS, VN_EXAMPLE, strict=True),
                                                   start=1):
            sheet.cell(3, column, header).font = Font(bold=True)
            _text(sheet, 4, column, example)
    for offset, stay in enumerate(stays):
        row = VN_FIRST_DATA_ROW + offset
        for column, value in enumerate(records.vietnamese_row(stay, sequence=offset + 2),
                                       start=1):
            _text(sheet, row, column, value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text(sheet, row: int, column: int, value: str) -> None:
    cell = sheet.cell(row, column)
    # Typed text (`s`): never a formula, whatever it starts with; a stored control
    # character (which identity text cannot hold, but an old row might) is left out.
    value = xml_text(value)
    cell.value = value if value != "" else None
    cell.number_format = TEXT
    cell.data_type = "s"


XML_ESCAPES = {'"': "&quot;", "'": "&apos;"}


def foreign_xml(stays) -> bytes:
    """KHAI_BAO_TAM_TRU with one THONG_TIN_KHACH per guest, the 12 fields in order."""
    skip_first = getattr(settings, "NATIONAL_XML_SKIPS_FIRST_RECORD", False)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<KHAI_BAO_TAM_TRU>"]
    items = [records.foreign_record(stay, sequence=index + (2 if skip_first else 1))
             for index, stay in enumerate(stays)]
    if skip_first:
        items.insert(0, _example_record())
    for record in items:
        lines.append("  <THONG_TIN_KHACH>")
        for field in records.FOREIGN_FIELDS:
            if field in record:
                text = escape(xml_text(record[field]), XML_ESCAPES)
                lines.append(f"    <{field}>{text}</{field}>")
        lines.append("  </THONG_TIN_KHACH>")
    lines.append("</KHAI_BAO_TAM_TRU>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _example_record() -> dict[str, str]:
    return {"so_thu_tu": "1", "ho_ten": "NGUYEN VAN A", "ngay_sinh": "01/01/1990",
            "ngay_sinh_dung_den": "D", "gioi_tinh": "M", "ma_quoc_tich": "USA",
            "so_ho_chieu": "A0000000", "so_phong": "101", "ngay_den": "01/01/2026",
            "ngay_di_du_kien": "02/01/2026", "thoi_han_tam_tru": "31/01/2026"}


def api_payload(stays, kind: str, held: Mapping[int, records.PortalKey]) -> bytes:
    """The HTTP transport's batch: `records` for the portal's call for new stays, `changes`
    for its change call (the stays in `held`, which the portal already holds), each record
    carrying its position in the batch as its sequence number."""
    new, changes = [], []
    for position, stay in enumerate(stays, start=1):
        if stay.pk in held:
            changes.append(records.change_record(stay, position, kind, held[stay.pk]))
        else:
            new.append(records.api_record(stay, position, kind))
    return json.dumps({"records": new, "changes": changes}, ensure_ascii=False).encode("utf-8")


def write(stays, kind: str, transport: str,
          held: Mapping[int, records.PortalKey] | None = None) -> tuple[bytes, str, str]:
    """(content, content type, file extension) of a batch. `held`: the stays the portal
    already holds, by id, with the key it holds each by (the API changes them; a file
    can only declare)."""
    if transport == "http":
        return api_payload(stays, kind, held or {}), JSON_TYPE, "json"
    if kind == records.BatchKind.FOREIGN:
        return foreign_xml(stays), XML_TYPE, "xml"
    return vietnamese_workbook(stays), XLSX_TYPE, "xlsx"
