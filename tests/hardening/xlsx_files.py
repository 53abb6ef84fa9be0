"""Hostile XLSX files built here (no binary is committed): shared by the reader's tests
and the hostile-file suite of every upload path.

Never give `relocated_sheet_bomb()` to python-calamine in the test process without the
reader's guard: calamine would try to allocate half a terabyte and abort pytest.
"""

import io
import zipfile

import openpyxl

WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def workbook(columns, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row.get(column, "") for column in columns] if isinstance(row, dict)
                     else list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def relocated_sheet_bomb(columns=("full_name", "room"), rows=()) -> bytes:
    """A workbook whose relationships point its sheet at xl/data/s.xml, one cell at A1 and
    one at XFD1048576, behind a clean decoy xl/worksheets/sheet1.xml: a reader building
    the dense range between them asks for 17 billion cells (about 549 GB)."""
    source = zipfile.ZipFile(io.BytesIO(workbook(columns, rows)))
    header = "".join(_cell(f"{openpyxl.utils.get_column_letter(i + 1)}1", name)
                     for i, name in enumerate(columns))
    far = (f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           f'<sheetData><row r="1">{header}</row>'
           f'<row r="1048576">{_cell("XFD1048576", "far away")}</row>'
           f'</sheetData></worksheet>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b'Target="worksheets/sheet1.xml"',
                                    b'Target="data/s.xml"')
                data = data.replace(b'Target="/xl/worksheets/sheet1.xml"',
                                    b'Target="/xl/data/s.xml"')
                assert b"data/s.xml" in data, data
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", (
                    f'<Override PartName="/xl/data/s.xml" ContentType="{WORKSHEET}"/>'
                    "</Types>").encode())
            target.writestr(item, data)
        target.writestr("xl/data/s.xml", far)
    return out.getvalue()


def bad_crc_xlsx(columns=("full_name", "room"), rows=()) -> bytes:
    """A real workbook, stored uncompressed, with one byte of its sheet changed: every
    header is intact, the data fails its CRC-32 (zipfile raises BadZipFile)."""
    source = zipfile.ZipFile(io.BytesIO(workbook(columns, rows)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
    content = bytearray(out.getvalue())
    position = content.index(b"<sheetData")
    content[position + 1:position + 2] = b"S"  # <SheetData: same length, another CRC
    return bytes(content)


def broken_deflate_xlsx(columns=("full_name", "room"), rows=()) -> bytes:
    """A real workbook whose sheet's deflate stream is damaged in the middle (zlib.error
    or a CRC failure, whichever the damage gives)."""
    content = bytearray(workbook(columns, rows))
    archive = zipfile.ZipFile(io.BytesIO(bytes(content)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    # local header: 30 bytes plus the name and the extra field, then the data
    name_length = int.from_bytes(content[info.header_offset + 26:info.header_offset + 28],
                                 "little")
    extra_length = int.from_bytes(content[info.header_offset + 28:info.header_offset + 30],
                                  "little")
    start = info.header_offset + 30 + name_length + extra_length
    for offset in range(start + 5, start + info.compress_size - 2, 7):
        content[offset] ^= 0x5A
    return bytes(content)
