"""The one writer of every spreadsheet the platform hands out (CSV and XLSX).

Police exports, the audit log, the hotel's own stays, the editors' destinations, the
police statistics, django-import-export's resources and formats (admin and `manage.py
export`) and Wagtail's own list and report exports all pass each cell through
`safe_cell`:

- text a spreadsheet would run is neutralised: a cell starting with = + - @ (or their
  full-width forms), a tab or a carriage return, even after leading spaces, gets a
  leading apostrophe and is read as text (OWASP's advice for CSV injection). This is on
  purpose wider than the import rule (`cms.spreadsheets.is_formula`): an export cannot
  know which program opens it;
- characters XML 1.0 forbids (C0 controls but tab, line feed and carriage return) are
  removed: openpyxl refuses them (IllegalCharacterError, a 500), and a stored value must
  never make an export fail. Numbers, dates and booleans are written as they are.

Files are streamed: CSV row by row (`csv_response`), XLSX through openpyxl's write-only
workbook into a temporary file (`xlsx_response`), so an export of every matching stay
never holds them all in memory.
"""

import csv
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from decimal import Decimal

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d",
                  "\uff20")
# XML 1.0 forbids these (openpyxl's ILLEGAL_CHARACTERS_RE), plus the non-characters.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
_XLSX_MAX_CELL = 32_767  # Excel's limit of characters in a cell


def xml_text(value) -> str:
    """Text without the characters XML 1.0 forbids, for files whose cells are taken as
    written (the national portal's typed text cells and XML), where a formula prefix is
    not a risk and an added apostrophe would change the value."""
    return _ILLEGAL_XML.sub("", str(value))


def safe_cell(value):
    """A value as it may go into any exported cell (see the module docstring)."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime):
        # openpyxl cannot write aware datetimes; the platform's local time is Vietnam's
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) \
            else value
    if isinstance(value, date | time):
        return value
    text = xml_text(value)
    if text.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_text(value) -> str:
    """A cell value as text (CSV), neutralised."""
    value = safe_cell(value)
    if value is None:
        return ""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def safe_row(values: Iterable) -> list:
    return [safe_cell(value) for value in values]


def neutralise_dataset(dataset):
    """A tablib Dataset with every header and cell passed through `safe_cell` (a copy)."""
    import tablib

    clean = tablib.Dataset(headers=safe_row(dataset.headers or []) or None,
                           title=dataset.title)
    for row in dataset:
        clean.append(safe_row(row))
    return clean


# -- writing --------------------------------------------------------------------------------
class _Line:
    """A file-like object whose write returns what was written (csv.writer's target)."""

    def write(self, text):
        return text


def csv_lines(headers: Sequence, rows: Iterable[Sequence]) -> Iterator[str]:
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield writer.writerow([safe_text(header) for header in headers])
    for row in rows:
        yield writer.writerow([safe_text(value) for value in row])


def csv_bytes(headers: Sequence, rows: Iterable[Sequence]) -> bytes:
    return "".join(csv_lines(headers, rows)).encode("utf-8")


def csv_response(filename: str, headers: Sequence,
                 rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """A CSV download written row by row as `rows` is iterated."""
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(headers, rows)),
        content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_value(value):
    value = safe_cell(value)
    if isinstance(value, str) and len(value) > _XLSX_MAX_CELL:
        return value[:_XLSX_MAX_CELL]
    return value


def write_xlsx(target, sheets: Iterable[tuple[str, Sequence, Iterable[Sequence]]]) -> None:
    """Write (title, headers, rows) sheets to `target` with openpyxl's write-only
    workbook: rows are written as they come, never all held in memory."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title=_sheet_title(title))

        def cells(values, sheet=sheet):
            for value in values:
                cell = WriteOnlyCell(sheet, _xlsx_value(value))
                if cell.data_type == "f":  # never a formula, whatever openpyxl guessed
                    cell.data_type = "s"
                yield cell

        sheet.append(list(cells(headers)))
        for row in rows:
            sheet.append(list(cells(row)))
    if not book.worksheets:
        book.create_sheet()
    book.save(target)


def xlsx_bytes(sheets) -> bytes:
    import io

    out = io.BytesIO()
    write_xlsx(out, sheets)
    return out.getvalue()


def xlsx_response(filename: str, sheets) -> FileResponse:
    """An XLSX download built in a temporary file (spilled to disk when large)."""
    # FileResponse closes the file once it is sent: no context manager here.
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_xlsx(spool, sheets)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename,
                        content_type=XLSX_CONTENT_TYPE)


def stream_above_rows() -> int:
    from django.conf import settings

    return int(getattr(settings, "EXPORT_STREAM_ABOVE_ROWS", 5000))


def download(filename: str, fmt: str, headers: Sequence, rows: Iterable[Sequence], *,
             expected_rows: int | None = None, title: str = "Sheet1"):
    """A CSV or XLSX download of `rows` (an iterable read once, as it is written).

    Up to EXPORT_STREAM_ABOVE_ROWS rows the file is answered whole (with its length);
    above, CSV is streamed row by row and XLSX is built in a temporary file that spills to
    disk, so a large export never holds its rows in memory.
    """
    large = expected_rows is None or expected_rows > stream_above_rows()
    if fmt == "csv":
        if large:
            return csv_response(filename, headers, rows)
        response = HttpResponse(csv_bytes(headers, rows), content_type=CSV_CONTENT_TYPE)
    elif fmt == "xlsx":
        if large:
            return xlsx_response(filename, [(title, headers, rows)])
        response = HttpResponse(xlsx_bytes([(title, headers, rows)]),
                                content_type=XLSX_CONTENT_TYPE)
    else:
        raise ValueError(fmt)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _sheet_title(title) -> str:
    # Excel: at most 31 characters, none of : \ / ? * [ ]
    text = re.sub(r"[:\\/?*\[\]]", " ", str(title or "Sheet"))
    return _ILLEGAL_XML.sub("", text)[:31] or "Sheet"


# -- django-import-export and Wagtail -------------------------------------------------------
class SafeExportMixin:
    """For django-import-export resources: every exported field through `safe_cell`."""

    def export_field(self, field, instance, **kwargs):
        return safe_cell(super().export_field(field, instance, **kwargs))


def export_dataset(format_class, dataset) -> bytes | str:
    """What a django-import-export format writes for a dataset, neutralised first."""
    return format_class.export_data(neutralise_dataset(dataset))


def guard_wagtail_exports() -> None:
    """Wagtail's spreadsheet exports (snippet and model listings, reports) write cells
    through SpreadsheetExportMixin.preprocess_field_value: pass them through `safe_cell`
    too (its XLSX writer stops formulas, its CSV writer does not, and neither removes the
    characters XML forbids)."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "neutralised", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(original(self, field, value, export_format))

    preprocess_field_value.neutralised = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    original_heading = SpreadsheetExportMixin.get_heading

    def get_heading(self, queryset, field):
        return safe_text(original_heading(self, queryset, field))

    SpreadsheetExportMixin.get_heading = get_heading
