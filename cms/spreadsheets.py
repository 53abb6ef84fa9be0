"""Uploaded spreadsheets (XLSX, CSV) read as if they were hostile: one reader for every import.

Every import path (the hotel upload, the police watchlist, the destinations import in the
Wagtail admin, django-import-export's admin and `manage.py import`) reads files through
`read_dataset`, which either returns a clean `tablib.Dataset` or raises `SpreadsheetError`
with one translated sentence, before anything is saved:

- size: over the limit is refused before the file is read whole (uploads know their size);
- XLSX: the zip's central directory is checked before anything opens it (entry count,
  total uncompressed size, compression ratio: a zip bomb never gets decompressed);
  corrupted or truncated files are refused; formula cells are refused by row and column.
  A plain sheet (no formula or error cell, every cell numbered, within the row and column
  limits) is read by calamine, a compiled reader far faster than openpyxl (bench.import);
  anything else goes through openpyxl's streaming reader, which reports formulas by cell
  (see `_calamine_rows`);
- CSV: UTF-8 (with or without BOM), UTF-16 with a BOM (or without one, recognised by its
  zero bytes) and Windows-1258 (Vietnamese Excel's "CSV" export) are recognised and
  decoded; anything else is refused rather than shown as mojibake. Comma, semicolon
  (Vietnamese regional settings) and tab separators are recognised from the header line;
- every text cell is NFC-normalised with `cms.text.normalize` (line by line, so a
  description keeps its line breaks): Windows-1258 writes tone marks as combining
  characters;
- formulas: a cell a spreadsheet would run (starting with "=", "@", or "+"/"-" followed by
  anything but a number) is refused with its row and column, in CSV as in XLSX text cells.
  A signed number ("-5", "+2.5") and a phone number ("+84 912 345 678", "+84 (20) 3871-234")
  are data, not formulas: they can only hold digits, spaces and . , ( ) / -, so they can
  call no function;
- the header row is cleaned (BOM, spaces, case) and each importer checks it with
  `check_headers`, which names the missing and the unknown columns.
"""

import csv
import io
import posixpath
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from import_export.formats import base_formats
from openpyxl.utils import get_column_letter

from cms.text import normalize

DEFAULTS = {
    "SPREADSHEET_MAX_BYTES": 5 * 1024 * 1024,
    "SPREADSHEET_MAX_ROWS": 20_000,
    "SPREADSHEET_MAX_COLUMNS": 100,
    "SPREADSHEET_MAX_CELL_CHARS": 10_000,
    # An XLSX of 20,000 real rows unpacks to ~30 MB and compresses ~10-30 times.
    "SPREADSHEET_XLSX_MAX_UNCOMPRESSED_BYTES": 100 * 1024 * 1024,
    "SPREADSHEET_XLSX_MAX_RATIO": 200,
    "SPREADSHEET_XLSX_MAX_ENTRIES": 500,
}
# A value made only of these after a leading sign is a number or a phone number.
_SIGNED_NUMBER = re.compile(r"[+-][\d\s.,()/-]*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SEPARATORS = (",", ";", "\t")


class SpreadsheetError(ValueError):
    """A file that cannot be imported; its message is shown to the user as it is."""


def limit(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


def size_message(max_bytes: int) -> str:
    return _("The file is larger than %(size)s MB.") % {
        "size": f"{max_bytes / (1024 * 1024):g}"}


# -- reading ------------------------------------------------------------------------------
def read_dataset(name: str, content: bytes | None = None, *, file=None,
                 max_bytes: int | None = None) -> tablib.Dataset:
    """A clean dataset from an uploaded .xlsx or .csv file, or SpreadsheetError.

    Give the bytes as `content`, or an open binary `file` (an upload or a local file),
    which is refused from its size before it is read whole.
    """
    max_bytes = max_bytes or limit("SPREADSHEET_MAX_BYTES")
    extension = (name or "").lower().rpartition(".")[2]
    if extension not in ("xlsx", "csv"):
        raise SpreadsheetError(_("Upload an .xlsx or .csv file."))
    if file is not None:
        content = read_upload(file, max_bytes)
    if content is None or len(content) > max_bytes:
        raise SpreadsheetError(size_message(max_bytes))
    if not content:
        raise SpreadsheetError(_("The file is empty."))
    rows = _xlsx_rows(content) if extension == "xlsx" else _csv_rows(content)
    return _dataset(rows)


def read_upload(file, max_bytes: int | None = None) -> bytes:
    """The bytes of an upload or open file, refused from its size before it is read whole."""
    max_bytes = max_bytes or limit("SPREADSHEET_MAX_BYTES")
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise SpreadsheetError(size_message(max_bytes))
    if hasattr(file, "seek"):
        file.seek(0)
    content = file.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise SpreadsheetError(size_message(max_bytes))
    return content


class _Formula(str):
    """The text of an XLSX formula cell (marked so the dataset builder refuses it)."""


def _check_zip(content: bytes) -> None:
    """Refuse a zip bomb from the central directory, before anything is decompressed.

    zipfile never inflates an entry beyond the size its directory declares (it stops and
    fails the CRC), so the declared sizes bound what openpyxl can be made to unpack.
    """
    unreadable = _("This is not a readable XLSX file. It may be damaged or cut short: "
                   "open it in Excel and save it again.")
    if not content.startswith(b"PK"):
        raise SpreadsheetError(unreadable)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise SpreadsheetError(unreadable) from None
    if len(entries) > limit("SPREADSHEET_XLSX_MAX_ENTRIES"):
        raise SpreadsheetError(_("The XLSX file holds %(count)s parts; a spreadsheet has far "
                                 "fewer. It was refused.") % {"count": len(entries)})
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries)
    too_big = unpacked > limit("SPREADSHEET_XLSX_MAX_UNCOMPRESSED_BYTES")
    if too_big or unpacked > max(packed, 1) * limit("SPREADSHEET_XLSX_MAX_RATIO"):
        raise SpreadsheetError(_("The XLSX file would unpack to %(size)s MB, far more than a "
                                 "spreadsheet of this size holds (a “zip bomb”). It was "
                                 "refused.") % {"size": unpacked // (1024 * 1024)})


def _unreadable() -> SpreadsheetError:
    return SpreadsheetError(_("This is not a readable XLSX file. It may be damaged or cut "
                              "short: open it in Excel and save it again."))


def _xlsx_rows(content: bytes) -> Iterator[list]:
    _check_zip(content)
    fast = _calamine_rows(content, inspected=_inspect_xlsx(content))
    if fast is not None:
        yield from fast
        return
    yield from _openpyxl_rows(content)


# -- what the readers will read ------------------------------------------------------------
_CONTENT_TYPES = "[Content_Types].xml"
_WORKBOOK_TYPES = tuple(
    f"application/vnd.{kind}.main+xml" for kind in (
        "openxmlformats-officedocument.spreadsheetml.sheet",
        "openxmlformats-officedocument.spreadsheetml.template",
        "ms-excel.sheet.macroEnabled", "ms-excel.template.macroEnabled"))
_OFFICE_DOCUMENT = "/officeDocument"  # the end of the relationship's type URI
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# Any element holding cells (a worksheet's, a macro or dialog sheet's), prefixed or not.
_SHEET_DATA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheetData[\s>/]")
_ROW_REFERENCE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?(?:c|row)\s[^>]*?\br\s*=\s*["\']'
                            rb'\s*[A-Za-z]*\s*([0-9]+)')
# UTF-16 XML: the byte patterns above cannot see into it, so calamine is not given it.
_WIDE_TEXT = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")
_DIMENSION = re.compile(rb'<dimension\s+ref\s*=\s*["\']([^"\']*)["\']')


@dataclass
class _XlsxPlan:
    calamine_may_read: bool


def _xml(archive: zipfile.ZipFile, name: str):
    """A small package part (content types, relationships, the workbook) parsed without
    DTDs or entities; None when it is missing or not XML."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        return ElementTree.fromstring(archive.read(name))
    except KeyError:
        return None
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        raise _unreadable() from None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _resolve(base: str, target: str) -> set[str]:
    """The part names a relationship target may mean: from the package root when it starts
    with "/", else relative to the part's folder (as openpyxl reads it) and, for the
    workbook in xl/, as "xl/" + target (as calamine reads it)."""
    target = target.replace("\\", "/")
    if target.startswith("/"):
        return {target.lstrip("/")}
    folder = posixpath.dirname(base)
    names = {posixpath.normpath(posixpath.join(folder, target)).lstrip("/")}
    names.add(f"{folder}/{target}" if folder else target)
    return names


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, set[str]]]:
    """A part's relationships: id → (type, the part names its target may mean)."""
    folder, name = posixpath.split(part)
    root = _xml(archive, posixpath.join(folder, "_rels", f"{name}.rels"))
    if root is None:
        return {}
    return {item.get("Id", ""): (item.get("Type", ""), _resolve(part, item.get("Target", "")))
            for item in root if _local(item.tag) == "Relationship"
            and item.get("TargetMode") != "External"}


def first_sheet_parts(archive: zipfile.ZipFile) -> set[str]:
    """The part names the readers may take as the workbook's first sheet, whatever their
    path: the workbook is found from the package relationships and the content types (as
    openpyxl finds it) and at xl/workbook.xml (where calamine looks), then its <sheet>
    elements are followed through the workbook's relationships."""
    workbooks = {"xl/workbook.xml"}
    for kind, names in _relationships(archive, "").values():
        if kind.endswith(_OFFICE_DOCUMENT):
            workbooks |= names
    types = _xml(archive, _CONTENT_TYPES)
    for item in types if types is not None else ():
        if _local(item.tag) == "Override" and item.get("ContentType") in _WORKBOOK_TYPES:
            workbooks.add(item.get("PartName", "").lstrip("/"))
    parts = set()
    for workbook in workbooks:
        root = _xml(archive, workbook)
        if root is None:
            continue
        relationships = _relationships(archive, workbook)
        # openpyxl reads the first worksheet (a chart sheet before it is skipped), calamine
        # the first sheet: every sheet up to the first worksheet is bounded.
        for item in root.iter():
            if _local(item.tag) != "sheet":
                continue
            kind, names = relationships.get(item.get(_RELATIONSHIP_ID, ""), ("", set()))
            parts |= names
            if kind.endswith("/worksheet"):
                break
    return parts


def _inspect_xlsx(content: bytes) -> _XlsxPlan:
    """Bound the sheet the readers will read before either of them touches the file.

    Every part is read once here (its CRC checked: a damaged file is refused with a
    message, whichever part is damaged). The first sheet, wherever the workbook's
    relationships put it, is refused when it reaches beyond twice the row limit (the
    reader gives up there on blank rows anyway). calamine is allowed only when every part
    holding cells passes its rules (see `_calamine_safe`), so a sheet moved out of
    xl/worksheets/ behind a clean decoy is judged like any other.
    """
    max_rows = limit("SPREADSHEET_MAX_ROWS") + 1  # and the header row
    max_columns = limit("SPREADSHEET_MAX_COLUMNS")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:  # _check_zip has bounded it
            first = first_sheet_parts(archive)
            calamine = bool(first)
            for entry in archive.infolist():
                data = archive.read(entry.filename)
                has_cells = _SHEET_DATA.search(data) is not None
                if data.startswith(_WIDE_TEXT):
                    calamine = False
                if entry.filename in first:
                    _check_sheet_rows(data, max_rows)
                if has_cells and calamine:
                    calamine = _calamine_safe(data, max_rows, max_columns)
    except SpreadsheetError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError,
            ValueError, NotImplementedError, RuntimeError):
        # bad CRC, a damaged deflate stream, an encrypted or unsupported entry
        raise _unreadable() from None
    return _XlsxPlan(calamine_may_read=calamine)


def _check_sheet_rows(xml: bytes, max_rows: int) -> None:
    furthest = max((int(row) for row in _ROW_REFERENCE.findall(xml)), default=0)
    if furthest > 2 * max_rows:
        raise SpreadsheetError(_("The sheet reaches row %(row)s; a file holds at most "
                                 "%(max)s rows. Delete the rows below the data (or split "
                                 "the file) and save it again.")
                               % {"row": furthest, "max": max_rows - 1})


# Scanned in the sheets' XML before calamine may read them.
_PREFIXED_ELEMENT = re.compile(rb"</?[A-Za-z_][\w.-]*:")
_FORMULA = re.compile(rb"<f[\s>/]")
_ERROR = re.compile(rb"t=[\"']e[\"']")  # (a cell's type; a false alarm only costs speed)
_CELL = re.compile(rb"<c[\s>/]")
_REFERENCED_CELL = re.compile(rb'<c r="[A-Z]{1,3}[0-9]{1,7}"')
_MAX_SAFE_INTEGER = 2 ** 53


def _beyond(max_rows: int, max_columns: int) -> tuple[re.Pattern, re.Pattern]:
    """Cell references long enough to pass the limits (columns, rows): only those are
    read as numbers."""
    return (re.compile(rb'<c r="([A-Z]{%d,})' % len(get_column_letter(max_columns))),
            re.compile(rb'<c r="[A-Z]{1,3}([0-9]{%d,})"' % len(str(max_rows))))


def _calamine_rows(content: bytes, *, inspected: _XlsxPlan | None = None) -> list[list] | None:
    """The first sheet's rows read by calamine, or None when openpyxl must read the file.

    calamine reads a sheet into one dense block from its first to its last cell, so a
    5 kB file with cells at A1 and XFD1048576 would ask for half a terabyte and abort the
    process. It is therefore given only sheets in which every cell element starts with
    its reference (`<c r="B7"`, as Excel, LibreOffice and openpyxl write them; a cell
    without one would be placed after the previous one, unbounded), within the row and
    column limits (so the largest block is 20,001 × 100 cells, ~64 MB, while it lasts),
    without namespace prefixes, and with no formula (openpyxl names the formula's cell)
    and no error cell (calamine reads "#N/A" as blank; openpyxl keeps the text, which the
    importers then refuse). An empty sheet goes to openpyxl too, for its message. Values
    come out as openpyxl gives them: date-only cells as datetimes at midnight, whole
    numbers as int, blanks as None. The rules are checked on every part that holds cells,
    wherever it is in the package (`_inspect_xlsx`), not only in xl/worksheets/.
    """
    if not (inspected or _inspect_xlsx(content)).calamine_may_read:
        return None
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(content)) as book:
            first = book.sheets_metadata[0] if book.sheets_metadata else None
            if first is None or first.typ != SheetTypeEnum.WorkSheet:
                return None
            rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception:  # noqa: BLE001 — whatever calamine refuses, openpyxl will judge
        return None
    if not rows:
        return None
    return [[_as_openpyxl_gives(value) for value in row] for row in rows]


def _calamine_safe(xml: bytes, max_rows: int, max_columns: int) -> bool:
    """Whether calamine may read this part holding cells (see `_calamine_rows`)."""
    long_columns, long_rows = _beyond(max_rows, max_columns)
    if _PREFIXED_ELEMENT.search(xml) or _FORMULA.search(xml) or _ERROR.search(xml):
        return False
    if len(_CELL.findall(xml)) != len(_REFERENCED_CELL.findall(xml)):
        return False
    if (any(_column_number(letters) > max_columns for letters in long_columns.findall(xml))
            or any(int(row) > max_rows for row in long_rows.findall(xml))):
        return False
    # calamine may size its block from the declared dimension: it must be within bounds too.
    for reference in _DIMENSION.findall(xml):
        for corner in reference.split(b":"):
            letters = corner.rstrip(b"0123456789").lstrip(b"$")
            digits = corner[len(corner.rstrip(b"0123456789")):]
            if (len(letters) > 3 or _column_number(letters.upper()) > max_columns
                    or len(digits) > 7 or (digits and int(digits) > max_rows)):
                return False
    return True


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _as_openpyxl_gives(value):
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < _MAX_SAFE_INTEGER:
        return int(value)  # Excel writes whole numbers without a decimal point
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, time())
    return value


def _openpyxl_rows(content: bytes) -> Iterator[list]:
    import openpyxl

    book = None
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        rows = book.worksheets[0].iter_rows(max_col=limit("SPREADSHEET_MAX_COLUMNS"))
        for row in rows:
            yield [_Formula(cell.value) if getattr(cell, "data_type", None) == "f"
                   else cell.value for cell in row]
    except Exception:  # noqa: BLE001 — openpyxl and its XML parser fail in many ways
        raise SpreadsheetError(_("This is not a readable XLSX file. It may be damaged or cut "
                                 "short: open it in Excel and save it again.")) from None
    finally:
        if book is not None:
            book.close()


def decode_text(content: bytes) -> str:
    """The text of a CSV in UTF-8, UTF-16 or Windows-1258, or SpreadsheetError."""
    save_as_utf8 = _("The file's characters could not be read. In Excel choose “Save as” → "
                     "“CSV UTF-8”, or upload an XLSX file.")
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                          (b"\xfe\xff", "utf-16-be")):
        if content.startswith(bom):
            try:
                return _checked_text(content[len(bom):].decode(encoding), save_as_utf8)
            except UnicodeDecodeError:
                raise SpreadsheetError(save_as_utf8) from None
    if b"\x00" in content:
        # UTF-16 without a BOM: ASCII letters leave a zero byte in every other position.
        even, odd = content[0::2].count(0), content[1::2].count(0)
        encoding = ("utf-16-le" if odd > len(content) // 4 and even == 0
                    else "utf-16-be" if even > len(content) // 4 and odd == 0 else None)
        if encoding is None or len(content) % 2:
            raise SpreadsheetError(save_as_utf8)
        try:
            return _checked_text(content.decode(encoding), save_as_utf8)
        except UnicodeDecodeError:
            raise SpreadsheetError(save_as_utf8) from None
    try:
        return _checked_text(content.decode("utf-8"), save_as_utf8)
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("cp1258")
    except UnicodeDecodeError:
        raise SpreadsheetError(save_as_utf8) from None
    if not _plausible_vietnamese(text):
        raise SpreadsheetError(save_as_utf8)
    return _checked_text(text, save_as_utf8)


def _checked_text(text: str, message: str) -> str:
    if _CONTROL.search(text):  # binary data decodes to control characters
        raise SpreadsheetError(message)
    return text


def _plausible_vietnamese(text: str) -> bool:
    """Windows-1258 text has letters and tone marks after letters, not runs of symbols.

    Another 8-bit or multibyte encoding (GBK, Shift-JIS, ...) read as Windows-1258 turns
    into symbols (° ± ¶ ×), marks after digits or spaces, and is refused instead.
    """
    odd = letters = 0
    previous = " "
    for char in text:
        if ord(char) < 128:
            previous = char
            continue
        category = unicodedata.category(char)
        if category.startswith("L") or category == "Mn" and previous.isalpha():
            letters += 1
        else:
            odd += 1
        previous = char
    return odd <= letters // 10


def _csv_rows(content: bytes) -> Iterator[list]:
    text = decode_text(content)
    first_line = text.split("\n", 1)[0]
    separator = max(_SEPARATORS, key=first_line.count)
    if not first_line.count(separator):
        separator = ","
    csv.field_size_limit(limit("SPREADSHEET_MAX_CELL_CHARS") + 1)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    except csv.Error:
        raise SpreadsheetError(_("This CSV file is malformed (a quote is not closed or a "
                                 "cell is far too long).")) from None


# -- the dataset ---------------------------------------------------------------------------
def clean_header(value) -> str:
    return normalize(str(value or "")).lstrip("\ufeff").strip().lower()


def _place(row_number: int, column: int, header: str) -> str:
    letter = get_column_letter(column + 1)
    return (_("row %(row)s, column %(letter)s (%(header)s)")
            % {"row": row_number, "letter": letter, "header": header} if header
            else _("row %(row)s, column %(letter)s") % {"row": row_number, "letter": letter})


def is_formula(value) -> bool:
    """Whether a spreadsheet would run this cell (see the module docstring)."""
    if isinstance(value, _Formula):
        return True
    if not isinstance(value, str):
        return False
    text = value.lstrip()
    if not text:
        return False
    if text[0] in "=@":
        return True
    return text[0] in "+-" and not _SIGNED_NUMBER.fullmatch(text)


def clean_cell(value, *, row_number: int, column: int, header: str,
               max_chars: int | None = None):
    """One cell as importers receive it: text NFC-normalised, formulas refused."""
    if is_formula(value):
        raise SpreadsheetError(_("The cell at %(place)s holds a formula (“%(value)s”). Formulas "
                                 "are not accepted: enter the value itself.") % {
            "place": _place(row_number, column, header), "value": str(value)[:40]})
    if value is None:
        return ""  # as the CSV reader gives it, whatever the format
    if isinstance(value, str):
        max_chars = max_chars or limit("SPREADSHEET_MAX_CELL_CHARS")
        if len(value) > max_chars:
            raise SpreadsheetError(_("The cell at %(place)s is longer than %(max)s characters.")
                                   % {"place": _place(row_number, column, header),
                                      "max": max_chars})
        lines = [normalize(line) for line in value.replace("\r\n", "\n").split("\n")]
        return "\n".join(lines).strip("\n")
    if isinstance(value, (int, float, bool, datetime, date, time)):
        return value
    return normalize(str(value))


def _dataset(rows: Iterable[list]) -> tablib.Dataset:
    max_rows, max_chars = limit("SPREADSHEET_MAX_ROWS"), limit("SPREADSHEET_MAX_CELL_CHARS")
    iterator = iter(rows)
    try:
        raw_headers = next(iterator)
    except StopIteration:
        raise SpreadsheetError(_("The file is empty.")) from None
    headers = [clean_header(h) for h in raw_headers]
    for column, header in enumerate(raw_headers):
        if is_formula(header):
            clean_cell(header, row_number=1, column=column, header="")
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise SpreadsheetError(_("The first row must hold the column names; it is empty."))
    width = len(headers)
    body, blank_run = [], 0
    for row_number, raw in enumerate(iterator, start=2):
        if len(body) >= max_rows:
            raise SpreadsheetError(_("The file has more than %(max)s rows; split it into "
                                     "smaller files.") % {"max": max_rows})
        if row_number > 2 * max_rows:
            # Blank rows are skipped, but not without end: a 5 kB sheet with one cell in
            # its millionth row would otherwise hold a worker for half a minute.
            raise SpreadsheetError(_("The sheet goes on to row %(row)s with empty rows; a "
                                     "file holds at most %(max)s rows. Delete the rows "
                                     "below the data and save it again.")
                                   % {"row": row_number, "max": max_rows})
        for column in range(width, len(raw)):
            if raw[column] not in (None, ""):
                raise SpreadsheetError(_("The cell at %(place)s has a value but its column "
                                         "has no name in the first row.")
                                       % {"place": _place(row_number, column, "")})
        cells = [clean_cell(raw[column] if column < len(raw) else None,
                            row_number=row_number, column=column, header=headers[column],
                            max_chars=max_chars)
                 for column in range(width)]
        if all(cell in (None, "") for cell in cells):
            blank_run += 1  # blank rows count only when data follows (Excel pads sheets)
            continue
        body.extend([[""] * width] * blank_run)
        blank_run = 0
        body.append(cells)
    dataset = tablib.Dataset(headers=headers)
    for cells in body:
        dataset.append(cells)
    return dataset


def check_headers(headers, *, required: Iterable[str], known: Iterable[str]) -> None:
    """Refuse a header row that misses required columns or has unknown or repeated ones."""
    headers = [clean_header(h) for h in headers or []]
    known = set(known)
    missing = [column for column in required if column not in headers]
    unknown = [header or _("(no name, column %(letter)s)")
               % {"letter": get_column_letter(index + 1)}
               for index, header in enumerate(headers) if header not in known]
    repeated = sorted({header for header in headers if header and headers.count(header) > 1})
    if not (missing or unknown or repeated):
        return
    parts = []
    if missing:
        parts.append(_("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
    if unknown:
        parts.append(_("unknown columns: %(columns)s") % {"columns": ", ".join(unknown)})
    if repeated:
        parts.append(_("repeated columns: %(columns)s") % {"columns": ", ".join(repeated)})
    raise SpreadsheetError(_("The first row does not hold the expected column names "
                             "(%(problems)s). Expected: %(expected)s.") % {
        "problems": "; ".join(parts), "expected": ", ".join(sorted(known))})


def drop_rows(dataset) -> None:
    """Empty a refused dataset: django-import-export goes on importing rows after a
    before_import error (then rolls back), which on a large file is minutes of waste."""
    headers = dataset.headers
    dataset.wipe()
    dataset.headers = headers


# -- django-import-export formats (IMPORT_EXPORT_FORMATS, `manage.py import`) -------------
def _as_bytes(in_stream) -> bytes:
    if isinstance(in_stream, str):
        return in_stream.encode("utf-8")
    if hasattr(in_stream, "read"):
        return in_stream.read()
    return bytes(in_stream)


class XLSX(base_formats.XLSX):
    """XLSX import through the hardened reader; export through the neutralising writer."""

    def create_dataset(self, in_stream, **kwargs):
        return read_dataset("import.xlsx", _as_bytes(in_stream))

    def export_data(self, dataset, **kwargs):
        from cms.exports import xlsx_bytes

        return xlsx_bytes([(dataset.title or "Sheet1", dataset.headers or [], dataset)])


class CSV(base_formats.CSV):
    """CSV import through the hardened reader; read as bytes so the encoding is detected."""

    def create_dataset(self, in_stream, **kwargs):
        return read_dataset("import.csv", _as_bytes(in_stream))

    def export_data(self, dataset, **kwargs):
        from cms.exports import csv_bytes

        return csv_bytes(dataset.headers or [], dataset)

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"


FORMATS_BY_EXTENSION = {"xlsx": XLSX, "csv": CSV}
