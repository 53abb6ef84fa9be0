"""The Wagtail image upload form: an image must decode whole before it is saved.

Wagtail checks the extension, the size, and the pixel count from the header
(WAGTAILIMAGES_MAX_IMAGE_PIXELS). A file that is not an image, is cut short, or claims a
size that would take gigabytes to decode is refused here with a message, so no Image row
and no file in media are left behind and no page fails later while rendering it.

`decode_image` is that check for any code that reads an uploaded image in memory (the
stays app's document scan), with the reason for a refusal as the error's code.
"""

import warnings

from django import forms
from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

TOO_MANY_PIXELS = "too_many_pixels"
UNREADABLE = "unreadable"
UNSUPPORTED_FORMAT = "unsupported_format"


def decode_image(file, *, max_pixels: int | None = None, formats=None,
                 draft_size: tuple[int, int] | None = None) -> PILImage.Image:
    """The whole image decoded in memory, or ValidationError with a code saying why not:
    TOO_MANY_PIXELS (the header claims more than `max_pixels`, default
    WAGTAILIMAGES_MAX_IMAGE_PIXELS, or Pillow's bomb limit), UNSUPPORTED_FORMAT (a real
    image, but not one of `formats`, Pillow's names such as "JPEG"), UNREADABLE (not an
    image, or cut short). The format is what the bytes are, never the file's name.

    `draft_size`: a JPEG is decoded by libjpeg at the smallest scale (1/2, 1/4, 1/8) that
    still covers it, in grayscale, which is all a reader of codes needs and a fraction
    of the memory.
    """
    if max_pixels is None:
        max_pixels = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128_000_000)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            image = PILImage.open(file)
            try:
                _check_header(image, max_pixels, formats)
                if draft_size is not None and image.format == "JPEG":
                    image.draft("L", draft_size)
                image.load()  # every pixel: a truncated file fails here, not on a page
            except BaseException:
                image.close()
                raise
            return image
    except forms.ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise forms.ValidationError(_("This image has far too many pixels to be processed "
                                      "safely."), code=TOO_MANY_PIXELS) from None
    except Exception:  # noqa: BLE001 — Pillow's decoders fail in many ways on bad files
        raise forms.ValidationError(_("This file is not a complete, readable image (it may be "
                                      "damaged or cut short)."), code=UNREADABLE) from None


def _check_header(image: PILImage.Image, max_pixels: int, formats) -> None:
    width, height = image.size
    if width * height > max_pixels:
        raise forms.ValidationError(_(
            "This image is %(width)s × %(height)s pixels; at most %(max)s "
            "megapixels are accepted.") % {
            "width": width, "height": height, "max": max_pixels // 1_000_000},
            code=TOO_MANY_PIXELS)
    if formats is not None and image.format not in formats:
        raise forms.ValidationError(_("This image is a %(format)s file; %(accepted)s are "
                                      "accepted.") % {
            "format": image.format, "accepted": ", ".join(formats)},
            code=UNSUPPORTED_FORMAT)


def check_image_file(file) -> None:
    """Decode the whole image under the configured pixel limit, or raise ValidationError."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        decode_image(file).close()
    finally:
        if hasattr(file, "seek"):
            file.seek(position)


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, whose own checks can crash on a hostile file.

    Reading the frame count of a truncated PNG raises OSError and a header claiming
    900 megapixels raises DecompressionBombError inside Wagtail's checks (a server error):
    both become a validation message, then the whole image is decoded.
    """

    def to_python(self, data):
        try:
            file = super().to_python(data)
        except forms.ValidationError:
            raise
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            raise forms.ValidationError(_("This image has far too many pixels to be "
                                          "processed safely.")) from None
        except Exception:  # noqa: BLE001 — Pillow's decoders fail in many ways
            raise forms.ValidationError(_("This file is not a complete, readable image (it "
                                          "may be damaged or cut short).")) from None
        if file is not None and hasattr(file, "read"):
            check_image_file(file)
        return file


CREDIT_FIELDS = ("credit", "licence", "source_url")


def _image_credit_model():
    # Looked up when a form is built: this module is imported by code that loads before
    # the models (the stays app's scanner uses decode_image).
    return apps.get_model("cms", "ImageCredit")


class ImageForm(BaseImageForm):
    """Wagtail's image form with the checked file field and the picture's credit.

    The credit lives in cms.models.ImageCredit, beside Wagtail's image model; its fields
    are added here (after the image's own) and saved with the image.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            self.fields["file"] = CheckedImageField(
                required=field.required, label=field.label, widget=field.widget)
        credit = self._credit()
        for name in CREDIT_FIELDS:
            field = _image_credit_model()._meta.get_field(name)
            self.fields[name] = (field.formfield(assume_scheme="https") if name == "source_url"
                                 else field.formfield())
            if credit is not None:
                self.initial.setdefault(name, getattr(credit, name))

    def _credit(self):
        if self.instance.pk is None:
            return None
        return _image_credit_model().objects.filter(image=self.instance).first()

    def save(self, commit=True):
        image = super().save(commit=commit)
        if commit:
            self.save_credit()
        else:  # the caller saves the image, then calls save_m2m as Django's forms ask
            save_m2m = self.save_m2m

            def save_m2m_and_credit():
                save_m2m()
                self.save_credit()

            self.save_m2m = save_m2m_and_credit
        return image

    def save_credit(self) -> None:
        values = {name: self.cleaned_data.get(name) or "" for name in CREDIT_FIELDS}
        credit = self._credit()
        if credit is None and not any(values.values()):
            return
        credit = credit or _image_credit_model()(image=self.instance)
        for name, value in values.items():
            setattr(credit, name, value)
        credit.save()
