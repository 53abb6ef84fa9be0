"""A receptionist photographs a guest's chip card or passport and POST /api/v1/scan/
reads it: the card's QR code with zxing-cpp, the passport's MRZ with Tesseract (accepted
only when its check digits pass), in memory, never stored or logged."""

import io
import logging
import os
import struct
import sys
import tempfile
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest
import qrcode
from django.conf import settings
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from mrz.base.functions import hash_string
from PIL import Image, ImageDraw, ImageFilter, ImageFont, PngImagePlugin
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from lodging import mrz_ocr
from lodging.police.models import PoliceRole
from lodging.throttling import THROTTLE_CACHE
from tests.auth import sign_in
from tests.police.conftest import make_officer

pytestmark = pytest.mark.django_db

URL = "/api/v1/scan/"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
# Chip cards: issued 2021 (a "CCCD") and 2024-08 (a "Căn cước").
QR_AN = "010090123456|123456789|Nguyễn Văn An|17051990|Nam|Phường Sa Pa, Lào Cai|01072021"
QR_BINH = "015191234567||Trần Thị Bình|02021991|Nữ|Phường Yên Bái, Lào Cai|15082024"
# 999 is no province code; the fourth digit says male while the card says female.
QR_IMPOSSIBLE = "999090123456||Lê Văn Giả|17051990|Nữ|Hà Nội|01072021"
# The number says born in 1990, the card's date of birth is 1991.
QR_WRONG_YEAR = "010090123456||Nguyễn Văn An|17051991|Nam|Phường Sa Pa, Lào Cai|01072021"
MRZ_DUBOIS = ("P<FRADUBOIS<<MARIE<CLAIRE<<<<<<<<<<<<<<<<<<<\n"
              "15FR123459FRA8503127F3301018<<<<<<<<<<<<<<<2")
DUBOIS_FIELDS = {
    "document_type": "passport", "document_number": "15FR12345", "nationality": "FRA",
    "full_name": "DUBOIS MARIE CLAIRE", "date_of_birth": "1985-03-12", "sex": "F",
    "expiry_date": "2033-01-01",
}


def td3(surname: str, given: str, number: str, nationality: str, birth: str, sex: str,
        expiry: str, personal: str = "") -> str:
    """Two TD3 lines with their check digits computed (ICAO 9303 7-3-1)."""
    line1 = f"P<{nationality}{surname}<<{given.replace(' ', '<')}".ljust(44, "<")[:44]
    number = number.ljust(9, "<")
    optional = personal.ljust(14, "<")
    body = (number + hash_string(number) + nationality + birth + hash_string(birth) + sex
            + expiry + hash_string(expiry) + optional
            + (hash_string(optional) if personal else "<"))
    return line1 + "\n" + body + hash_string(body[0:10] + body[13:20] + body[21:43])


# --- Photos ---

def _encode(image: Image.Image, fmt: str = "PNG", **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def passport_page(mrz: str = MRZ_DUBOIS, *, ink="#111", paper="#f4f1e8") -> Image.Image:
    """A passport data page: a photo box, printed fields and the two MRZ lines set in a
    monospace font, as a phone sees the page filling the frame."""
    image = Image.new("RGB", (1400, 900), paper)
    draw = ImageDraw.Draw(image)
    draw.rectangle([(60, 120), (420, 560)], fill="#c9c2b0")
    mono = ImageFont.truetype(str(FONTS / "DejaVuSansMono.ttf"), 40)
    sans = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 28)
    draw.text((60, 40), "PASSEPORT / PASSPORT   REPUBLIQUE FRANCAISE", fill=ink, font=sans)
    draw.text((480, 150), "DUBOIS / MARIE CLAIRE", fill=ink, font=mono)
    draw.text((480, 230), "Date of birth 12 MAR 1985    Sex F", fill=ink, font=sans)
    draw.text((480, 290), "Date of expiry 01 JAN 2033", fill=ink, font=sans)
    for number, line in enumerate(mrz.splitlines()):
        draw.text((60, 700 + number * 70), line, fill=ink, font=mono)
    return image


PASSPORT_PHOTOS = {
    "clean": lambda: _encode(passport_page()),
    "blurred": lambda: _encode(passport_page().filter(ImageFilter.GaussianBlur(2.5)),
                               "JPEG", quality=85),
    # A phone held upright over a landscape page, a little askew.
    "rotated": lambda: _encode(passport_page().rotate(90, expand=True)
                               .rotate(3, expand=True, fillcolor="#6b5b4b"), "JPEG",
                               quality=88),
    "low-contrast": lambda: _encode(passport_page(ink="#a8a49a", paper="#c4c0b6"), "JPEG",
                                    quality=88),
}


def card_photo(text: str, *, angle: float = 8) -> bytes:
    """A chip card on a desk: its QR code in the corner, photographed a little turned."""
    code = qrcode.QRCode(border=2, box_size=6)
    code.add_data(text)
    code.make()
    card = Image.new("RGB", (860, 540), "#e9eef2")
    card.paste(code.make_image().convert("RGB").resize((300, 300)), (520, 40))
    desk = Image.new("RGB", (1600, 1200), "#6b5b4b")
    desk.paste(card.rotate(angle, expand=True, fillcolor="#6b5b4b"), (300, 250))
    return _encode(desk, "JPEG", quality=90)


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height pixels (a decompression bomb)."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 4096)) + chunk(b"IEND", b""))


def upload(content: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return {"image": SimpleUploadedFile(name, content, content_type=content_type)}


# --- Clients ---

@pytest.fixture(autouse=True)
def _fresh_scan_budget():
    """Each story starts with the account's whole scan budget (tests reuse user ids)."""
    caches[THROTTLE_CACHE].clear()


@pytest.fixture
def pms(receptionist):
    """A PMS with its staff token, as an establishment's software calls the API."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=receptionist)}")
    return client


def scan(client, content: bytes, **kwargs):
    return client.post(URL, upload(content, **kwargs), format="multipart")


# --- Chip cards ---

def test_a_photo_of_a_chip_card_fills_the_guest_and_asks_to_check_the_card_name(pms):
    response = scan(pms, card_photo(QR_AN))
    assert response.status_code == 200, response.content
    assert response.json() == {
        "kind": "cccd_qr",
        "fields": {"document_type": "cccd", "document_number": "010090123456",
                   "full_name": "Nguyễn Văn An", "sex": "M", "date_of_birth": "1990-05-17",
                   "nationality": "VNM", "address": "Phường Sa Pa, Lào Cai",
                   "issue_date": "2021-07-01", "card_name": "cccd"},
        "needs_review": ["card_name"], "problems": []}


def test_a_card_issued_from_july_2024_is_a_can_cuoc(pms):
    data = scan(pms, card_photo(QR_BINH, angle=-15)).json()
    assert data["fields"]["card_name"] == "can_cuoc"
    assert data["fields"]["full_name"] == "Trần Thị Bình"
    assert data["fields"]["sex"] == "F"


@pytest.mark.parametrize(("text", "expected"), [
    (QR_IMPOSSIBLE, ["The first three digits (999) are not a province code.",
                     "The fourth digit (0) says Male but the guest is entered as Female."]),
    (QR_WRONG_YEAR, ["Digits 4 to 6 give birth year 1990 but the date of birth is in 1991."]),
    ("010090123456|Nguyễn Văn An|17051990",
     ["The CCCD QR text has 3 fields separated by “|”; 7 are expected."]),
])
def test_a_readable_card_that_breaks_the_rules_gives_its_problems_and_no_fields(
        pms, text, expected):
    """Retaking the photo would read the same: the card itself must be looked at, and no
    client can fill a guest from it."""
    response = scan(pms, card_photo(text))
    assert response.status_code == 200
    assert response.json() == {"kind": "cccd_qr", "fields": {}, "needs_review": [],
                               "problems": expected}


def test_a_qr_code_that_is_not_a_card_s_is_a_422(pms, settings):
    settings.SCAN_OCR_MAX_VARIANTS = 2  # no passport either: a short search will do
    response = scan(pms, card_photo("https://dulich.laocai.gov.vn/"))
    assert response.status_code == 422
    assert "not the code of a CCCD" in response.json()["detail"]


# --- Passports ---

@pytest.mark.parametrize("photo", list(PASSPORT_PHOTOS))
def test_a_passport_photo_fills_the_guest_and_its_name_waits_for_review(pms, photo):
    response = scan(pms, PASSPORT_PHOTOS[photo](), name="passport.jpg")
    assert response.status_code == 200, response.content
    assert response.json() == {"kind": "passport_mrz", "fields": DUBOIS_FIELDS,
                               "needs_review": ["full_name"], "problems": []}


def test_a_passport_with_a_personal_number_passes_all_five_check_digits(pms):
    mrz = td3("ERIKSSON", "ANNA MARIA", "L898902C3", "SWE", "740812", "F", "320415",
              personal="ZE184226B")
    data = scan(pms, _encode(passport_page(mrz))).json()
    assert data["fields"]["document_number"] == "L898902C3"
    assert data["fields"]["nationality"] == "SWE"
    assert data["fields"]["full_name"] == "ERIKSSON ANNA MARIA"


def test_a_wrong_check_digit_is_never_accepted(pms):
    """The final digit printed is 3 where the line gives 2: every variant reads the page
    well and every one is refused; the problem says which digit."""
    wrong = MRZ_DUBOIS[:-1] + "3"
    response = scan(pms, _encode(passport_page(wrong)))
    assert response.status_code == 422
    data = response.json()
    assert "check digit" in data["detail"]
    assert data["problems"] == ["The check digit of the whole line 2 (final digit) is “3” but "
                                "should be “2”: the line was misread or mistyped."]


def test_an_expired_passport_is_read_but_refused(pms):
    mrz = td3("NGUYEN", "THI MAI", "C1234567", "VNM", "900517", "F", "200101")
    response = scan(pms, _encode(passport_page(mrz)))
    assert response.status_code == 200
    data = response.json()
    assert data["kind"] == "passport_mrz" and data["fields"] == {}
    assert data["problems"] == ["This document expired on 01/01/2020 and cannot be accepted; "
                                "ask the guest for a valid passport or identity document."]


def test_the_search_for_the_mrz_is_bounded_in_runs_and_time(settings):
    """A page whose check digit is wrong makes the reader try everything it may."""
    page = passport_page(MRZ_DUBOIS[:-1] + "3").convert("L")
    reading = mrz_ocr.read_mrz(page, max_variants=5, time_limit=60)
    assert reading.lines is None and reading.variants == 5
    reading = mrz_ocr.read_mrz(page, max_variants=50, time_limit=1.0)
    assert reading.lines is None and reading.seconds < 3


# --- What OCR gets wrong, and what it may not repair ---

@pytest.mark.parametrize(("first", "second"), [
    # Digits read in the name and letters read in the dates: their types are known.
    ("P<FRADUB0IS<<MAR1E<CLAIRE<<<<<<<<<<<<<<<<<<<",
     "15FR123459FRA85O3I27F33O1OI8<<<<<<<<<<<<<<<2"),
    # A chevron read as K inside the filler; a filler run one too short, one too long.
    ("P<FRADUBOIS<<MARIE<CLAIRE<<<<<<<<<<",
     "15FR123459FRA8503127F3301018<<<<K<<<<<<<<<<2"),
    ("P<FRADUBOIS<<MARIE<CLAIRE<<<<<<<<<<<<<<<<<<<<<<",
     "15FR123459FRA8503127F3301018<<<<<<<<<<<<<<2"),
    # A stray character beside the final check digit (as Tesseract reads "<2" as "<72").
    ("P<FRADUBOIS<<MARIE<CLAIRE<<<<<<<<<<<<<<<<<<<",
     "15FR123459FRA8503127F3301018<<<<<<<<<<<<<<<72"),
])
def test_ocr_confusions_are_undone_where_the_character_type_is_known(first, second):
    lines, problems = mrz_ocr.mrz_from_text(f"DUBOIS / MARIE CLAIRE\n{first}\n{second}\n")
    assert (lines, problems) == (MRZ_DUBOIS, [])


def test_a_confusion_in_the_passport_number_is_left_to_the_check_digit():
    """Letters and digits both belong in a passport number: an I read for a 1 there is
    not guessed back, and the check digit refuses the line."""
    first, second = MRZ_DUBOIS.splitlines()
    with translation.override("en"):
        lines, problems = mrz_ocr.mrz_from_text(f"{first}\nI{second[1:]}")
    assert lines is None
    assert any("passport number" in problem for problem in problems), problems


# --- Nothing readable, too large, not an image ---

def test_a_photo_with_nothing_to_read_is_a_422_in_the_user_s_language(pms, settings):
    settings.SCAN_OCR_MAX_VARIANTS = 2
    blank = _encode(Image.new("RGB", (800, 600), "#ddd"), "JPEG")
    english = scan(pms, blank)
    assert english.status_code == 422
    assert english.json()["detail"].startswith("No CCCD or Căn cước QR code and no passport")
    assert english.json()["problems"] == []
    vietnamese = pms.post(URL, upload(blank), format="multipart", HTTP_ACCEPT_LANGUAGE="vi")
    assert vietnamese.status_code == 422
    assert vietnamese.json()["detail"].startswith("Không đọc được mã QR")


@pytest.mark.parametrize("size", [(6000, 2), (2, 6000), (1, 1)])
def test_an_image_too_thin_to_hold_a_page_is_a_422_not_an_error(pms, size):
    response = scan(pms, _encode(Image.new("L", size, 255)), name="sliver.png")
    assert response.status_code == 422


@pytest.mark.parametrize(("content", "name", "fragment"), [
    (_encode(Image.new("RGB", (64, 48), "red"), "PNG") + b"\0" * (10 * 1024 * 1024 + 1),
     "photo.png", "larger than 10 MB"),
    (png_claiming(8_000, 6_000), "photo.png", "at most 40 megapixels"),
    (png_claiming(30_000, 30_000), "photo.png", "far too many pixels"),
])
def test_too_large_photos_and_decompression_bombs_are_a_413(pms, content, name, fragment):
    response = scan(pms, content, name=name, content_type="image/png")
    assert response.status_code == 413
    assert fragment in response.json()["detail"]


def test_a_body_far_over_the_limit_is_refused_unread(pms):
    response = scan(pms, b"\xff\xd8" + b"\0" * (12 * 1024 * 1024))
    assert response.status_code == 413


@pytest.mark.parametrize(("content", "name", "fragment"), [
    (b"Just some text, not a photo at all.\n" * 20, "photo.jpg", "not a complete, readable"),
    (b"<html><script>alert(1)</script></html>", "photo.png", "not a complete, readable"),
    (_encode(passport_page(), "JPEG")[:3000], "photo.jpg", "not a complete, readable"),
    (_encode(Image.new("RGB", (64, 48), "red"), "GIF"), "photo.jpg", "GIF"),
    (_encode(Image.new("RGB", (64, 48), "red"), "BMP"), "photo.png", "BMP"),
])
def test_a_file_that_is_not_a_jpeg_png_or_webp_is_a_415(pms, content, name, fragment):
    response = scan(pms, content, name=name)
    assert response.status_code == 415
    assert fragment in response.json()["detail"]


def test_a_png_named_jpg_and_a_webp_are_read_for_what_they_are(pms):
    assert scan(pms, _encode(passport_page()), name="passport.jpg").status_code == 200
    webp = _encode(Image.open(io.BytesIO(card_photo(QR_AN))), "WEBP", quality=90)
    assert scan(pms, webp, name="card.webp", content_type="image/webp").json()[
        "fields"]["document_number"] == "010090123456"


def test_a_form_without_the_image_is_a_400_and_json_a_415(pms):
    assert pms.post(URL, {"photo": "x"}, format="multipart").status_code == 400
    assert pms.post(URL, {"image": "x"}, format="json").status_code == 415


# --- Who may scan ---

def test_only_establishment_staff_may_scan(client, django_user_model, receptionist):
    photo = card_photo(QR_AN)
    assert APIClient().post(URL, upload(photo), format="multipart").status_code == 401
    officer = make_officer(django_user_model, "cong-an", PoliceRole.COMMUNE_OFFICER, "Sa Pa")
    police = APIClient()
    police.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer)}")
    assert police.post(URL, upload(photo), format="multipart").status_code == 403
    nobody = django_user_model.objects.create_user("khach", password="long-password-1")
    assert sign_in(APIClient(), nobody).post(URL, upload(photo)).status_code == 403


def test_the_signed_in_app_scans_with_its_csrf_token_and_not_without(receptionist):
    browser = sign_in(APIClient(enforce_csrf_checks=True), receptionist)
    assert browser.post(URL, upload(card_photo(QR_AN))).status_code == 403
    browser.get("/stays/csrf/")
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value
    response = browser.post(URL, upload(card_photo(QR_AN)), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200


def test_scans_are_throttled_per_account(pms, settings):
    settings.SCAN_RATE = "2/minute"
    photo = card_photo(QR_AN)
    answers = [scan(pms, photo).status_code for _ in range(3)]
    assert answers == [200, 200, 429]


# --- Never stored, never logged ---

class _FileWrites:
    """Every file the server process opens for writing, seen through Python's audit
    events (`open` is raised by open(), io.open() and os.open(), which tempfile uses)."""

    WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND

    def __init__(self):
        self.paths: list[str] = []
        self.active = False
        sys.addaudithook(self._hook)  # hooks cannot be removed: this one goes quiet

    def during(self, action) -> SimpleNamespace:
        """The paths written while `action` runs, and what it returned."""
        self.paths = []
        self.active = True
        try:
            result = action()
        finally:
            self.active = False
        return SimpleNamespace(paths=self.paths, result=result)

    def _hook(self, event, args):
        if not self.active or event != "open" or not isinstance(args[0], (str, bytes)):
            return
        path, mode, flags = args
        if (mode and any(c in mode for c in "wax+")) or (flags or 0) & self.WRITE_FLAGS:
            self.paths.append(os.fsdecode(path))


_writes: _FileWrites | None = None


def _file_writes() -> _FileWrites:
    """One hook for the run, installed when first needed (it stays for the session)."""
    global _writes
    if _writes is None:
        _writes = _FileWrites()
    return _writes


def _files_under(root) -> set[Path]:
    root = Path(root)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def test_the_photo_is_never_written_to_disk_nor_logged(receptionist, caplog, capfd,
                                                        monkeypatch, tmp_path):
    """A 6 MB photo, over FILE_UPLOAD_MAX_MEMORY_SIZE, above which Django's own upload
    handlers write a temporary file: the scan keeps it in memory, Tesseract reads it from
    its stdin, and nothing of it (bytes, name, what it says) reaches a log."""
    # A temporary directory of this test's own (the machine's /tmp has other writers),
    # for this process and for Tesseract, which is handed TMPDIR.
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    marker = "IMAGE-BYTES-MARKER-7f3a"
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", marker * (6 * 1024 * 1024 // len(marker)))
    photo = _encode(passport_page(), "PNG", pnginfo=info)
    assert len(photo) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    name = "passport-DUBOIS-MARIE-15FR12345.png"
    roots = [tempfile.gettempdir(), settings.MEDIA_ROOT]
    before = {root: _files_under(root) for root in roots}
    browser = sign_in(APIClient(), receptionist)
    caplog.set_level(logging.DEBUG)

    writes = _file_writes()
    scan_writes = writes.during(lambda: browser.post(
        URL, upload(photo, name=name, content_type="image/png")))
    assert scan_writes.result.status_code == 200
    assert scan_writes.result.json()["fields"]["document_number"] == "15FR12345"
    # Written meanwhile: the suite's own request log (tests/hardening/privacy_support.py).
    assert all(Path(settings.BASE_DIR, "test-output") in Path(path).parents
               for path in scan_writes.paths), scan_writes.paths
    assert {root: _files_under(root) for root in roots} == before

    # The detector works: the same photo posted to a view with Django's own upload
    # handlers (the spreadsheet upload) goes through a temporary file.
    upload_writes = writes.during(lambda: browser.post(
        "/stays/upload/", upload(photo, name="sheet.png", content_type="image/png")))
    assert any(path.startswith(tempfile.gettempdir()) and path.endswith(".upload.png")
               for path in upload_writes.paths), upload_writes.paths

    logged = caplog.text + "".join(capfd.readouterr())
    for secret in (marker, name, "DUBOIS", "15FR12345", "\x89PNG"):
        assert secret not in logged, secret
