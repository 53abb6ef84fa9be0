"""What a photo of an identity document says: a chip CCCD's QR code or a passport's MRZ,
read into the stay API's field names.

The photo is decoded in memory under a pixel limit (`cms.images.decode_image`); the QR
code is looked for first with zxing-cpp (milliseconds), the MRZ only when there is none
(Tesseract, seconds: `lodging.mrz_ocr`). Nothing here writes the photo anywhere or logs
it, its name, or what was read.

Outcomes:
- fields, with `needs_review` naming what a person must confirm: the passport's name
  (the MRZ name line has no check digit) and a card's name (CCCD or Căn cước: the QR does
  not say, its issue date does);
- `problems` and no fields, when the document was read but breaks the identity rules (a
  CCCD number whose province code, sex digit or birth year contradicts the card, a QR
  whose fields are malformed, an expired passport): a new photo would read the same, the
  document itself must be looked at, and no client can fill a guest from it;
- `NothingRead` (the API's 422) when no code and no MRZ passing its check digits is found:
  take the photo again;
- `ImageRefused` (413/415) for a file too large, not an image, or not JPEG/PNG/WebP.
"""

from dataclasses import dataclass, field
from datetime import date

import zxingcpp
from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from cms.images import TOO_MANY_PIXELS, decode_image
from lodging.identity import birth_date_problem, card_name_for, cccd_problems, expiry_problem
from lodging.mrz_ocr import read_mrz
from lodging.scanning import ScanError, parse_cccd_qr, parse_mrz


class ScanKind(models.TextChoices):
    CCCD_QR = "cccd_qr", "CCCD / Căn cước QR code"
    PASSPORT_MRZ = "passport_mrz", "Passport machine-readable zone"


CCCD_QR = ScanKind.CCCD_QR.value
PASSPORT_MRZ = ScanKind.PASSPORT_MRZ.value
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
MAX_IMAGE_BYTES = 10 * 1024 * 1024
# A 40-megapixel phone photo decodes to 120 MB of RGB; a page needs far fewer pixels.
MAX_PIXELS = 40_000_000
# JPEGs are decoded by libjpeg at a reduced scale no smaller than this (a CCCD's QR code
# and an MRZ stay sharp), in grayscale.
DRAFT_SIZE = (2000, 2000)
QR_SIDE = 3000  # zxing-cpp also tries smaller versions itself

# Stay API field names (lodging.api.serializers.StayInputSerializer) each kind can fill.
CCCD_FIELDS = ("document_type", "document_number", "full_name", "sex", "date_of_birth",
               "nationality", "address", "issue_date", "card_name")
PASSPORT_FIELDS = ("document_type", "document_number", "full_name", "sex", "date_of_birth",
                   "nationality", "expiry_date")


class ImageRefused(Exception):
    def __init__(self, status: int, message: str):
        self.status = status
        self.message = message
        super().__init__(message)


class NothingRead(Exception):
    def __init__(self, message: str, problems: list[str] | None = None, *,
                 ocr_variants: int = 0, ocr_seconds: float = 0.0):
        self.message = message
        self.problems = problems or []
        self.ocr_variants = ocr_variants
        self.ocr_seconds = ocr_seconds
        super().__init__(message)


@dataclass
class ScanResult:
    kind: str
    fields: dict = field(default_factory=dict)
    needs_review: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # How the MRZ search went (not part of the answer: for measurements and tests).
    ocr_variants: int = 0
    ocr_seconds: float = 0.0

    def as_dict(self) -> dict:
        return {"kind": self.kind, "fields": self.fields, "needs_review": self.needs_review,
                "problems": self.problems}


def read_document(file, *, today: date | None = None) -> ScanResult:
    """The CCCD QR code or passport MRZ in an uploaded photo (a file object in memory)."""
    if getattr(file, "size", 0) > MAX_IMAGE_BYTES:
        raise ImageRefused(413, too_large_message())
    gray = load_photo(file)
    today = today or timezone.localdate()
    texts = qr_texts(gray)
    cccd_texts = [text for text in texts if "|" in text]
    if cccd_texts:
        return cccd_result(cccd_texts[0], today=today)
    return passport_result(gray, today=today, other_code=bool(texts))


def too_large_message() -> str:
    return _("The photo is larger than %(size)s MB; send a smaller one.") % {
        "size": MAX_IMAGE_BYTES // (1024 * 1024)}


def load_photo(file) -> Image.Image:
    """The photo upright (as the camera's EXIF orientation says), in grayscale."""
    try:
        image = decode_image(file, max_pixels=MAX_PIXELS, formats=ACCEPTED_FORMATS,
                             draft_size=DRAFT_SIZE)
    except forms.ValidationError as error:
        status = 413 if error.code == TOO_MANY_PIXELS else 415
        raise ImageRefused(status, error.messages[0]) from None
    try:
        upright = ImageOps.exif_transpose(image)
    except Exception:  # noqa: BLE001 — a damaged EXIF block is no reason to refuse a photo
        upright = image
    return upright.convert("L")


def qr_texts(gray: Image.Image) -> list[str]:
    """The text of every QR code in the photo."""
    if max(gray.size) > QR_SIDE:
        gray = gray.copy()
        gray.thumbnail((QR_SIDE, QR_SIDE))
    texts = []
    for barcode in zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode):
        try:  # chip cards encode their text as UTF-8, which zxing-cpp may guess otherwise
            texts.append(barcode.bytes.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(barcode.text)
    return texts


def cccd_result(text: str, *, today: date) -> ScanResult:
    """A CCCD QR's fields, checked with the identity rules (lodging.identity)."""
    try:
        scanned = parse_cccd_qr(text)
    except ScanError as error:
        return ScanResult(CCCD_QR, problems=error.errors)
    problems = cccd_problems(scanned["document_number"], sex=scanned["sex"],
                             date_of_birth=scanned["date_of_birth"])
    if problem := birth_date_problem(scanned["date_of_birth"], today):
        problems.append(problem)
    if problems:
        return ScanResult(CCCD_QR, problems=problems)
    scanned["card_name"] = card_name_for(scanned["issue_date"])
    return ScanResult(CCCD_QR, fields=_as_fields(scanned, CCCD_FIELDS),
                      needs_review=["card_name"])


def passport_result(gray: Image.Image, *, today: date, other_code: bool = False) -> ScanResult:
    reading = read_mrz(gray, time_limit=settings.SCAN_OCR_SECONDS,
                       max_variants=settings.SCAN_OCR_MAX_VARIANTS)
    if reading.lines is None:
        measured = {"ocr_variants": reading.variants, "ocr_seconds": reading.seconds}
        if reading.best_problems:
            raise NothingRead(_(
                "The two lines at the bottom of the passport's photo page were found but "
                "not read with every check digit right. Take the photo again, flat, sharp "
                "and well lit, or type the lines."), reading.best_problems, **measured)
        if other_code:
            raise NothingRead(_("The QR code in this photo is not the code of a CCCD or "
                                "Căn cước card, and no passport lines were found."), **measured)
        raise NothingRead(_(
            "No CCCD or Căn cước QR code and no passport lines (the two lines at the bottom "
            "of the photo page) could be read. Take the photo again, flat and well lit."),
            **measured)
    scanned = parse_mrz(reading.lines)
    problems = [problem for problem in [expiry_problem(scanned["expiry_date"], today)]
                if problem]
    result = ScanResult(PASSPORT_MRZ, ocr_variants=reading.variants,
                        ocr_seconds=reading.seconds)
    if problems:
        result.problems = problems
    else:
        result.fields = _as_fields(scanned, PASSPORT_FIELDS)
        result.needs_review = ["full_name"]
    return result


def _as_fields(scanned: dict, names: tuple[str, ...]) -> dict:
    return {name: value.isoformat() if isinstance(value, date) else value
            for name in names if (value := scanned.get(name)) not in (None, "")}
