"""Receipts that prove a notification: what anyone may check, and the PDF staff keep.

`proof_of` is everything the public verification page and `GET /api/v1/receipts/<code>/`
show: the establishment, when it notified, how many guests, on time or late, and what
changed since. It is built from counts and dates only, never from a guest's identity,
so no page made from it can show a name, a document or a birth date.

`receipt_pdf` draws the receipt with fpdf2 (pure Python, embeds and subsets TrueType
fonts, draws images and link annotations), in DejaVu Sans, which carries every
precomposed Vietnamese letter. The QR code (the `qrcode` package) holds the absolute URL
of the verification page; the same URL is the PDF's link annotation over the code.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin

import qrcode
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Max, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from qrcode.constants import ERROR_CORRECT_M

from lodging.models import StayAction, StayStatus, Submission

CODE_RE = re.compile(r"^LC-\d{6}-[0-9A-Z]{6}$")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


def clean_code(text: str) -> str:
    """A receipt code as people type it: any case, spaces, a stay's `-N` suffix."""
    code = re.sub(r"\s+", "", str(text or "")).upper()
    match = re.match(r"^(LC-\d{6}-[0-9A-Z]{6})(-\d+)?$", code)
    return match.group(1) if match else code


def find_submission(code: str) -> Submission | None:
    code = clean_code(code)
    if not CODE_RE.match(code):
        return None
    return (Submission.objects.select_related("establishment", "establishment__commune")
            .filter(receipt_code=code).first())


@dataclass(frozen=True)
class ReceiptProof:
    receipt_code: str
    establishment_name: str
    establishment_code: str
    commune: str
    notified_at: datetime
    guests: int
    on_time: int
    late: int
    corrected: int  # guests whose stay was corrected or extended since
    cancelled: int
    last_change_at: datetime | None

    @property
    def all_on_time(self) -> bool:
        return self.late == 0

    @property
    def changed_since(self) -> bool:
        return bool(self.corrected or self.cancelled)

    def as_dict(self, *, url: str) -> dict:
        return {
            "receipt_code": self.receipt_code,
            "establishment": {"name": self.establishment_name,
                              "code": self.establishment_code, "commune": self.commune},
            "notified_at": timezone.localtime(self.notified_at).isoformat(),
            "guests": self.guests, "on_time": self.on_time, "late": self.late,
            "timeliness": "on_time" if self.all_on_time else (
                "late" if self.on_time == 0 else "partly_late"),
            "corrected": self.corrected, "cancelled": self.cancelled,
            "changed_since": self.changed_since,
            "last_change_at": (timezone.localtime(self.last_change_at).isoformat()
                               if self.last_change_at else None),
            "verification_url": url,
        }


def proof_of(submission: Submission) -> ReceiptProof:
    stays = submission.stays.aggregate(
        # The history join repeats each stay per history row: count stays once.
        guests=Count("id", distinct=True), late=Count("id", distinct=True, filter=Q(late=True)),
        cancelled=Count("id", distinct=True, filter=Q(status=StayStatus.CANCELLED)),
        corrected=Count("id", distinct=True, filter=Q(
            history__action__in=[StayAction.CORRECTED, StayAction.EXTENDED])),
        last_change_at=Max("history__at", filter=Q(history__action__in=[
            StayAction.CORRECTED, StayAction.EXTENDED, StayAction.CANCELLED])))
    establishment = submission.establishment
    return ReceiptProof(
        receipt_code=submission.receipt_code, establishment_name=establishment.name,
        establishment_code=establishment.code, commune=establishment.commune.name,
        notified_at=submission.created_at, guests=stays["guests"],
        on_time=stays["guests"] - stays["late"], late=stays["late"],
        corrected=stays["corrected"], cancelled=stays["cancelled"],
        last_change_at=stays["last_change_at"])


def public_base_url(request=None) -> str:
    """The site's public address: PUBLIC_BASE_URL, else the request's own host."""
    configured = getattr(settings, "PUBLIC_BASE_URL", "")
    if configured:
        return configured.rstrip("/") + "/"
    if request is not None:
        return request.build_absolute_uri("/")
    return "http://127.0.0.1:8000/"


def verification_url(code: str, request=None) -> str:
    """The absolute URL of the public verification page, in Vietnamese (no prefix)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("verification:receipt", kwargs={"code": code})
    return urljoin(public_base_url(request), path.lstrip("/"))


def font_dir() -> Path:
    directory = Path(getattr(settings, "RECEIPT_FONT_DIR", ""))
    missing = [name for name in FONT_FILES.values() if not (directory / name).is_file()]
    if missing:
        raise ImproperlyConfigured(
            f"Receipt fonts {', '.join(missing)} not found in {directory}: install Debian's "
            "fonts-dejavu-core or set RECEIPT_FONT_DIR.")
    return directory


def qr_image(url: str):
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(url)
    code.make(fit=True)
    return code.make_image().get_image().convert("L")


class _ReceiptPDF(FPDF):
    def __init__(self):
        super().__init__(format="A4", unit="mm")
        directory = font_dir()
        for style, name in FONT_FILES.items():
            self.add_font("DejaVu", style, str(directory / name))
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=18)

    def row(self, label: str, value: str) -> None:
        self.set_font("DejaVu", "", 10)
        self.set_text_color(90, 90, 90)
        self.cell(52, 7, label)
        self.set_font("DejaVu", "B", 11)
        self.set_text_color(0, 0, 0)
        self.multi_cell(0, 7, value, new_x="LMARGIN", new_y="NEXT")


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M:%S")


def receipt_pdf(submission: Submission, *, url: str) -> bytes:
    """The receipt of one notification as a PDF (in the active language). It carries no
    guest's identity: per guest only the stay's code, room, deadline and timeliness."""
    proof = proof_of(submission)
    stays = list(submission.stays.order_by("id").only(
        "receipt_code", "room", "arrival", "deadline", "late", "status"))
    pdf = _ReceiptPDF()
    pdf.set_title(f"{_('Stay notification receipt')} {proof.receipt_code}")
    pdf.set_creator(str(settings.WAGTAIL_SITE_NAME))
    pdf.set_lang(translation.get_language() or settings.LANGUAGE_CODE)
    pdf.add_page()

    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(130, 8, _("Stay notification receipt"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(130, 5, _("Notification of stay to the commune police (Law on Residence "
                             "2020, art. 30)"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 20)
    pdf.cell(130, 12, proof.receipt_code, new_x="LMARGIN", new_y="NEXT")

    size = 44
    qr_x, qr_y = pdf.w - pdf.r_margin - size, 14
    pdf.image(qr_image(url), x=qr_x, y=qr_y, w=size, h=size)
    pdf.link(qr_x, qr_y, size, size, url)
    pdf.set_xy(qr_x - 6, qr_y + size)
    pdf.set_font("DejaVu", "", 7)
    pdf.multi_cell(size + 12, 3.5, _("Scan to verify"), align="C")

    pdf.set_xy(pdf.l_margin, 70)
    pdf.row(_("Establishment"), f"{proof.establishment_name} ({proof.establishment_code})")
    pdf.row(_("Commune or ward"), proof.commune)
    pdf.row(_("Notified at"), _when(proof.notified_at) + " (Asia/Ho_Chi_Minh)")
    pdf.row(_("Number of guests"), str(proof.guests))
    if proof.all_on_time:
        timeliness = _("On time")
    else:
        timeliness = _("%(late)s of %(guests)s notified late") % {
            "late": proof.late, "guests": proof.guests}
    pdf.row(_("On time or late"), timeliness)
    pdf.ln(3)

    pdf.set_font("DejaVu", "B", 10)
    widths = (48, 22, 40, 40, 24)
    for width, heading in zip(widths, (_("Stay"), _("Room"), _("Arrival"), _("Deadline"),
                                       _("Status")), strict=True):
        pdf.cell(width, 7, heading, border="B")
    pdf.ln()
    pdf.set_font("DejaVu", "", 9)
    for stay in stays:
        status = _("late") if stay.late else _("on time")
        if stay.status == StayStatus.CANCELLED:
            status = _("cancelled")
        for width, value in zip(widths, (stay.receipt_code, stay.room,
                                         _when(stay.arrival)[:16], _when(stay.deadline)[:16],
                                         status), strict=True):
            pdf.cell(width, 6, value)
        pdf.ln()

    pdf.ln(6)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, _("Anyone can check this receipt at the address below (or by "
                           "scanning the code): it shows the establishment, the time of "
                           "notification, the number of guests and whether they were "
                           "notified on time, never who they are."),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 70, 160)
    pdf.cell(0, 6, url, link=url, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", "", 8)
    pdf.cell(0, 6, _("Generated %(at)s") % {"at": _when(timezone.now())})
    return bytes(pdf.output())


def pdf_response(submission: Submission, request) -> HttpResponse:
    """The receipt PDF as a download, never kept by a shared cache."""
    body = receipt_pdf(submission, url=verification_url(submission.receipt_code, request))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="receipt-{submission.receipt_code}.pdf"')
    response["Cache-Control"] = "private, no-store"
    return response
