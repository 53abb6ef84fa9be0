"""Start-up checks of what the receipts and the document scan need from the machine."""

from django.core.checks import Warning as CheckWarning
from django.core.checks import register
from django.core.exceptions import ImproperlyConfigured


@register()
def receipt_fonts(app_configs, **kwargs):
    from lodging.receipts import font_dir

    try:
        font_dir()
    except ImproperlyConfigured as error:
        return [CheckWarning(str(error), id="lodging.W001",
                             hint="apt-get install fonts-dejavu-core")]
    return []


@register()
def passport_reader(app_configs, **kwargs):
    from lodging.mrz_ocr import tesseract_available

    if tesseract_available():
        return []
    return [CheckWarning("Tesseract is not installed: POST /api/v1/scan/ reads CCCD QR codes "
                         "but answers 503 for passport photos.", id="lodging.W002",
                         hint="apt-get install tesseract-ocr")]
