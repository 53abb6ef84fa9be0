"""The XLSX reader's two paths: calamine for plain sheets, openpyxl for everything else.

A plain sheet must read exactly as openpyxl reads it (a property over generated cells), and
every sheet calamine cannot be trusted with must go to openpyxl: the process must survive a
file whose cells are megabytes apart, and formulas and error cells keep their messages.
"""

import io
import re
import subprocess
import sys
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from cms import spreadsheets
from cms.spreadsheets import SpreadsheetError, read_dataset
from tests.hardening.conftest import count_example
from tests.hardening.xlsx_files import (
    bad_crc_xlsx,
    broken_deflate_xlsx,
    relocated_sheet_bomb,
)

pytestmark = pytest.mark.property

HEADERS = ["full_name", "room", "date_of_birth", "arrival", "nights", "note"]


def workbook_bytes(rows, *, headers=HEADERS, formats=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for (row, column), number_format in (formats or {}).items():
        sheet.cell(row=row, column=column).number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def both_paths(content: bytes):
    """The dataset as calamine's path reads it, and as openpyxl's path reads it."""
    fast = spreadsheets._calamine_rows(content)
    assert fast is not None, "a plain sheet must take the fast path"
    return (spreadsheets._dataset(fast),
            spreadsheets._dataset(spreadsheets._openpyxl_rows(content)))


def outcome(rows):
    """What a reader's rows become: the dataset's headers and rows, or the refusal."""
    try:
        dataset = spreadsheets._dataset(rows)
    except SpreadsheetError as error:
        return str(error)
    return dataset.headers, list(dataset)


def rewrite_sheet(content: bytes, change) -> bytes:
    """The same workbook with its first sheet's XML passed through `change`."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(item, data)
    return out.getvalue()


text = st.text(alphabet=st.sampled_from("aăâđêôơư ÁÀẢÃẠạệ0123456789-.,/+ Hmông\n"),
               max_size=12)
cell = st.one_of(
    st.none(), text,
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda x: round(x, 3)),
    st.booleans(),
    st.dates(min_value=date(1930, 1, 1), max_value=date(2040, 12, 31)),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 12, 31))
    .map(lambda moment: moment.replace(microsecond=0)),
    st.times().map(lambda moment: moment.replace(microsecond=0)),
)


@given(st.lists(st.lists(cell, min_size=len(HEADERS), max_size=len(HEADERS)),
                min_size=1, max_size=8))
def test_a_plain_sheet_reads_the_same_through_calamine_as_through_openpyxl(rows):
    count_example("xlsx reader paths agree")
    content = workbook_bytes(rows)
    fast = spreadsheets._calamine_rows(content)
    assert fast is not None, "a plain sheet must take the fast path"
    assert outcome(fast) == outcome(spreadsheets._openpyxl_rows(content))


def test_typical_cells_read_as_openpyxl_gives_them():
    content = workbook_bytes(
        [["Nguyễn Thị Ánh", 101, date(1990, 5, 17), datetime(2026, 11, 28, 21, 5), 2.5, ""],
         [None, None, None, None, None, None],  # a blank row inside the data is kept
         ["Lò Văn Sáng", "A2", datetime(1985, 1, 2, 12, 30), time(3, 4), 37066827036, "x"]],
        formats={(4, 3): "dd/mm/yyyy"})  # a time of day hidden by a date-only format
    fast, slow = both_paths(content)
    assert list(fast) == list(slow)
    rows = list(fast)
    assert rows[0][:5] == ("Nguyễn Thị Ánh", 101, datetime(1990, 5, 17), datetime(
        2026, 11, 28, 21, 5), 2.5)
    assert rows[1] == ("",) * len(HEADERS)
    assert rows[2][2] == datetime(1985, 1, 2, 12, 30) and rows[2][4] == 37066827036


def test_a_sheet_with_cells_a_million_rows_apart_is_refused_before_any_reader():
    """calamine would allocate the whole rectangle between A1 and XFD1048576 (and abort
    the process); openpyxl would walk a million blank rows. The sheet's furthest row is
    bounded before either opens it."""
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    book.active.append(["Nguyễn Văn An", "101", "1990-05-17", "2026-11-28 10:00", "1", ""])
    book.active.cell(row=1_048_576, column=16_384, value="far away")
    out = io.BytesIO()
    book.save(out)
    with translation.override("en"), pytest.raises(
            SpreadsheetError, match="reaches row 1048576; a file holds at most 20000 rows"):
        spreadsheets._inspect_xlsx(out.getvalue())
    with translation.override("en"), pytest.raises(
            SpreadsheetError, match="reaches row 1048576; a file holds at most 20000 rows"):
        read_dataset("far.xlsx", out.getvalue())


@pytest.mark.parametrize("where", ["row", "column"])
def test_a_cell_just_past_the_limits_goes_to_openpyxl(where, settings):
    settings.SPREADSHEET_MAX_ROWS, settings.SPREADSHEET_MAX_COLUMNS = 50, 8
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    row, column = (52, 1) if where == "row" else (2, 9)
    book.active.cell(row=row, column=column, value="x")
    out = io.BytesIO()
    book.save(out)
    assert spreadsheets._calamine_rows(out.getvalue()) is None
    settings.SPREADSHEET_MAX_ROWS, settings.SPREADSHEET_MAX_COLUMNS = 51, 9
    assert spreadsheets._calamine_rows(out.getvalue()) is not None


def test_a_cell_without_its_reference_goes_to_openpyxl():
    """calamine places a cell without `r` after the previous one: no bound from the file."""
    content = rewrite_sheet(workbook_bytes([["An", 1, None, None, None, None]]),
                            lambda xml: re.sub(rb'<c r="B2"', b"<c", xml))
    assert spreadsheets._calamine_rows(content) is None
    dataset = read_dataset("data.xlsx", content)
    assert dataset[0][:2] == ("An", 1)


def test_a_reference_hidden_in_an_attribute_value_does_not_count():
    content = rewrite_sheet(workbook_bytes([["An", 1, None, None, None, None]]),
                            lambda xml: re.sub(rb'<c r="B2"', b"<c s='0' x='<c r=\"B2\"'", xml))
    assert spreadsheets._calamine_rows(content) is None


def test_namespace_prefixed_sheets_go_to_openpyxl():
    content = rewrite_sheet(workbook_bytes([["An", 1, None, None, None, None]]),
                            lambda xml: xml.replace(b"<c ", b"<x:c ").replace(
                                b"</c>", b"</x:c>").replace(
                                b"<worksheet ", b'<worksheet xmlns:x="urn:x" '))
    assert spreadsheets._calamine_rows(content) is None


def test_a_formula_keeps_its_message_with_row_and_column():
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    book.active.append(["An", "=1+1", None, None, None, None])
    out = io.BytesIO()
    book.save(out)
    assert spreadsheets._calamine_rows(out.getvalue()) is None
    with translation.override("en"), pytest.raises(
            SpreadsheetError, match="row 2, column B") as error:
        read_dataset("data.xlsx", out.getvalue())
    assert "formula" in str(error.value)


def test_an_error_cell_keeps_its_text_as_openpyxl_reads_it():
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    book.active.append(["An", "#N/A", None, None, None, None])
    book.active["B2"].data_type = "e"
    out = io.BytesIO()
    book.save(out)
    assert spreadsheets._calamine_rows(out.getvalue()) is None
    assert read_dataset("data.xlsx", out.getvalue())[0][1] == "#N/A"


def test_a_duration_cell_reads_alike():
    fast, slow = both_paths(workbook_bytes([["An", 1, None, None, timedelta(hours=30), ""]]))
    assert list(fast) == list(slow)


def test_an_empty_sheet_gets_the_same_message_on_both_paths():
    book = openpyxl.Workbook()
    out = io.BytesIO()
    book.save(out)
    assert spreadsheets._calamine_rows(out.getvalue()) is None
    assert outcome(spreadsheets._xlsx_rows(out.getvalue())) == outcome(
        spreadsheets._openpyxl_rows(out.getvalue()))


# -- a sheet moved out of xl/worksheets/, damaged zips -----------------------------------------
ABORT_PROOF = """
import os, sys
import django
django.setup()
from django.utils import translation
from cms import spreadsheets
content = sys.stdin.buffer.read()
with translation.override("en"):
    try:
        spreadsheets.read_dataset("bomb.xlsx", content)
    except spreadsheets.SpreadsheetError as error:
        print("REFUSED:", error)
    else:
        print("READ")
"""


def test_a_sheet_relocated_behind_a_decoy_is_refused_without_killing_the_process():
    """The relocated-sheet bomb runs in a child process: an unguarded reader aborts that
    process (SIGABRT after a 549,755,813,888-byte allocation), never pytest."""
    root = Path(__file__).resolve().parents[2]
    child = subprocess.run([sys.executable, "-c", ABORT_PROOF], input=relocated_sheet_bomb(),
                           capture_output=True, cwd=root, timeout=120)
    assert child.returncode == 0, child.stderr.decode(errors="replace")[-2000:]
    assert b"REFUSED: The sheet reaches row 1048576" in child.stdout, child.stdout


def test_the_guard_follows_the_workbook_relationships_to_the_real_sheet():
    """What the readers read is found from workbook.xml and its .rels, not from the path:
    the bound is checked there, before any reader opens the file."""
    content = relocated_sheet_bomb()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert spreadsheets.first_sheet_parts(archive) == {"xl/data/s.xml"}
    with translation.override("en"), pytest.raises(SpreadsheetError, match="row 1048576"):
        spreadsheets._inspect_xlsx(content)


def _relocated(sheet_xml: bytes) -> bytes:
    """A plain workbook whose real sheet is `sheet_xml` at xl/data/s.xml (the decoy
    xl/worksheets/sheet1.xml stays clean)."""
    source, out = zipfile.ZipFile(io.BytesIO(workbook_bytes([["An", 1, None, None, None,
                                                             None]]))), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = re.sub(rb'Target="/?(xl/)?worksheets/sheet1.xml"',
                              b'Target="/xl/data/s.xml"', data)
            target.writestr(item, data)
        target.writestr("xl/data/s.xml", sheet_xml)
    return out.getvalue()


def test_a_formula_in_a_relocated_sheet_is_still_refused():
    """calamine reads a formula's cached value as data; a sheet it was not checked for
    must not reach it, so the formula is refused with its cell as anywhere else."""
    sheet = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>full_name</t></is></c>'
             b'<c r="B1" t="inlineStr"><is><t>room</t></is></c></row>'
             b'<row r="2"><c r="A2" t="inlineStr"><is><t>An</t></is></c>'
             b'<c r="B2" t="str"><f>HYPERLINK("http://evil.example/","click")</f>'
             b"<v>click</v></c></row></sheetData></worksheet>")
    content = _relocated(sheet)
    assert spreadsheets._calamine_rows(content) is None
    with translation.override("en"), pytest.raises(SpreadsheetError,
                                                   match="row 2, column B .*formula"):
        read_dataset("data.xlsx", content)


def test_a_plain_relocated_sheet_is_read_from_where_the_workbook_says():
    sheet = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>full_name</t></is></c>'
             + '</row><row r="2"><c r="A2" t="inlineStr"><is><t>Lò Văn Sáng</t></is></c>'
             .encode() + b"</row></sheetData></worksheet>")
    dataset = read_dataset("data.xlsx", _relocated(sheet))
    assert dataset.headers == ["full_name"] and dataset[0] == ("Lò Văn Sáng",)


def test_a_declared_dimension_beyond_the_limits_keeps_calamine_away():
    content = rewrite_sheet(workbook_bytes([["An", 1, None, None, None, None]]),
                            lambda xml: re.sub(rb'<dimension ref="[^"]*"',
                                               b'<dimension ref="A1:XFD1048576"', xml))
    assert spreadsheets._calamine_rows(content) is None
    assert read_dataset("data.xlsx", content)[0][:2] == ("An", 1)


@pytest.mark.parametrize("build", [bad_crc_xlsx, broken_deflate_xlsx])
def test_a_damaged_zip_gets_the_unreadable_message(build):
    with translation.override("en"), pytest.raises(SpreadsheetError,
                                                   match="not a readable XLSX file"):
        read_dataset("data.xlsx", build())
