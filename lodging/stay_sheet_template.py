"""The stay spreadsheet template handed out on the upload page.

Three sheets: the one to fill in first (the importer reads the first sheet only), with
the headers in the page's language, a list to pick from in every coded column and a
hint on every column; the instructions (what each column takes, in Vietnamese and
English, and two example rows, which are therefore never imported); and a hidden sheet
holding the long lists (countries, reasons for stay) the dropdowns point at.
"""

import io
from datetime import date

from django.utils import translation
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cms.exports import safe_cell
from cms.spreadsheets import limit
from lodging.countries import countries
from lodging.national.catalogue import entries
from lodging.stay_sheet import (
    COLUMNS,
    DOCUMENT_WORDS,
    NEEDED,
    SEX_WORDS,
    YES_WORDS,
    Column,
    country_choice,
    examples,
)

SHEET_NAMES = {  # (to fill in, instructions, lists)
    "vi": ("Lưu trú", "Hướng dẫn", "Danh mục"),
    "en": ("Stays", "Instructions", "Lists"),
}
TEXT = "@"  # typed dates and numbers stay as typed: no US-order dates, no lost zeros
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E6EFE8")
WRAP = Alignment(wrap_text=True, vertical="top")
# The instructions' sentences, each shown in Vietnamese and in English.
NOTES = (
    gettext_lazy("One guest per row, on the first sheet; keep its first row (the column "
                 "names). Headers are accepted in Vietnamese or in English."),
    gettext_lazy("Dates are written DD/MM/YYYY (17/05/1990), arrival and departure "
                 "DD/MM/YYYY HH:MM (28/11/2026 21:30)."),
    gettext_lazy("Coded columns have a list to pick from; the words in the list, in "
                 "either language, are accepted, with or without diacritics."),
    gettext_lazy("When the file is uploaded every row is checked and every problem is "
                 "shown at once; nothing is saved unless every row is right."),
)
EXAMPLE_TITLE = gettext_lazy("Example rows: never imported (type your guests on the "
                             "first sheet)")
TABLE_HEADERS = (gettext_lazy("Column"), gettext_lazy("Also accepted"),
                 gettext_lazy("When to fill it in"), gettext_lazy("What it takes"))
LIST_MESSAGE = gettext_lazy("Pick a value from the list. Other words may be accepted too: "
                            "keep it only if you are sure.")


def in_both(text) -> str:
    """A sentence in Vietnamese, then in English."""
    with translation.override("vi"):
        vietnamese = str(text)
    with translation.override("en"):
        english = str(text)
    return vietnamese if vietnamese == english else f"{vietnamese}\n{english}"


def template_workbook(language: str, *, today: date,
                      establishment_codes: tuple[str, ...] = ()) -> bytes:
    """The template as XLSX bytes, headers in `language` ("vi" or "en")."""
    language = "vi" if language.startswith("vi") else "en"
    data_name, instructions_name, lists_name = SHEET_NAMES[language]
    book = Workbook()
    data = book.active
    data.title = data_name
    _fill_in_sheet(data, language, lists_name, establishment_codes)
    _instructions(book.create_sheet(instructions_name), language, today,
                  establishment_codes[0] if establishment_codes else "")
    lists = book.create_sheet(lists_name)
    lists.sheet_state = "hidden"
    _lists(lists, language)
    book.active = 0
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill_in_sheet(sheet, language: str, lists_name: str, codes: tuple[str, ...]) -> None:
    last_row = limit("SPREADSHEET_MAX_ROWS") + 1
    for position, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(position)
        cell = sheet.cell(1, position, column.header(language))
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP
        sheet.column_dimensions[letter].width = max(14, len(column.header(language)) + 4)
        sheet.column_dimensions[letter].number_format = TEXT
        validation = _validation(column, language, lists_name, codes)
        with translation.override(language):
            validation.promptTitle = column.header(language)[:32]
            validation.prompt = str(column.takes)[:255]
            validation.error = str(LIST_MESSAGE)[:255]
        validation.showInputMessage = True
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"


def _validation(column: Column, language: str, lists_name: str,
                codes: tuple[str, ...]) -> DataValidation:
    """A list for a coded column (a warning, not a refusal, for other words: the
    importer reads more than the list), a hint only for the others."""
    if column.name == "establishment_code":
        formula = _inline(codes) if codes else None
    else:
        formula = {"sex": _inline(SEX_WORDS[language]),
                   "document_type": _inline(DOCUMENT_WORDS[language]),
                   "yes": _inline([YES_WORDS[language]]),
                   "nationality": _range(lists_name, "A", len(countries())),
                   "reason": _range(lists_name, "B", len(entries("reasons")))}.get(column.kind)
    if formula is None:
        return DataValidation(allow_blank=True)
    return DataValidation(type="list", formula1=formula, allow_blank=True,
                          showErrorMessage=True, errorStyle="warning")


def _inline(words) -> str | None:
    text = ",".join(str(word).replace('"', "").replace(",", "") for word in words)
    return f'"{text}"' if len(text) <= 255 else None  # Excel's limit for a written list


def _range(sheet_name: str, column: str, count: int) -> str:
    return f"'{sheet_name}'!${column}$1:${column}${count}"


def _lists(sheet, language: str) -> None:
    vietnam = country_choice("VNM", language)  # first: most guests are Vietnamese
    names = [vietnam] + [country_choice(code, language) for code, _vi, _en in
                         countries(language) if code != "VNM"]
    for row, name in enumerate(names, start=1):
        sheet.cell(row, 1, safe_cell(name))
    for row, entry in enumerate(entries("reasons").values(), start=1):
        sheet.cell(row, 2, safe_cell(entry.display))


def _instructions(sheet, language: str, today: date, establishment_code: str) -> None:
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 22
    sheet.column_dimensions["D"].width = 70
    row = 1
    for note in NOTES:
        sheet.cell(row, 1, in_both(note)).alignment = WRAP
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        sheet.row_dimensions[row].height = 48
        row += 1
    row += 1
    for position, header in enumerate(TABLE_HEADERS, start=1):
        cell = sheet.cell(row, position, in_both(header))
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP
    for column in COLUMNS:
        row += 1
        other = column.en if language == "vi" else column.vi
        values = (column.header(language), "\n".join((other, column.name, *column.aliases)),
                  in_both(NEEDED[column.needed]), in_both(column.takes))
        for position, value in enumerate(values, start=1):
            sheet.cell(row, position, safe_cell(value)).alignment = WRAP
    row += 2
    sheet.cell(row, 1, in_both(EXAMPLE_TITLE)).font = BOLD
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    sheet.row_dimensions[row].height = 32
    sheet.cell(row, 1).alignment = WRAP
    row += 1
    for position, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row, position, column.header(language))
        cell.font, cell.fill = BOLD, HEADER_FILL
    for example in examples(language, today=today, establishment_code=establishment_code):
        row += 1
        for position, column in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row, position, safe_cell(example.get(column.name, "")))
            cell.number_format = TEXT
