"""POST /api/v1/scan/: a photo of a guest's CCCD or passport, read into stay fields.

The same staff as the stays API (token or signed-in session). The photo is held in
memory only: Django's own upload handlers would write one over
FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file, so this view reads it with a handler of
its own that never does, and refuses a body over the limit without reading it. The
reading itself is lodging.scan_images.
"""

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from lodging.api.permissions import IsEstablishmentStaff, StaffTokenAuthentication
from lodging.identity import CardName, DocumentType, Sex
from lodging.mrz_ocr import OcrUnavailable
from lodging.scan_images import (
    CCCD_FIELDS,
    MAX_IMAGE_BYTES,
    PASSPORT_FIELDS,
    ImageRefused,
    NothingRead,
    ScanKind,
    read_document,
    too_large_message,
)
from lodging.throttling import ScanThrottle

IMAGE_FIELD = "image"
# Room for the multipart boundaries and part headers around the photo itself.
FORM_OVERHEAD_BYTES = 64 * 1024


class InMemoryPhotoUpload(FileUploadHandler):
    """Keeps the `image` part in memory (and nothing of any other file part); notes a
    body or photo over the limit instead of keeping it."""

    def __init__(self, request=None, *, max_bytes: int = MAX_IMAGE_BYTES):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.too_large = False
        self.buffer = None

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > self.max_bytes + FORM_OVERHEAD_BYTES:
            self.too_large = True
            return QueryDict(encoding=encoding), MultiValueDict()  # the body stays unread
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO() if self.field_name == IMAGE_FIELD else None
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data, start):
        if self.buffer is not None:
            if start + len(raw_data) > self.max_bytes:
                self.too_large = True
                self.buffer = None
            else:
                self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        if self.buffer is None:
            return None
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer, field_name=self.field_name, name=self.file_name,
            content_type=self.content_type, size=file_size, charset=self.charset,
            content_type_extra=self.content_type_extra)


def _optional(field_class, **kwargs):
    return field_class(required=False, **kwargs)


ScannedFieldsSerializer = inline_serializer("ScannedFields", {
    "document_type": _optional(serializers.ChoiceField, choices=DocumentType.choices),
    "document_number": _optional(serializers.CharField),
    "full_name": _optional(serializers.CharField),
    "sex": _optional(serializers.ChoiceField, choices=Sex.choices),
    "date_of_birth": _optional(serializers.DateField),
    "nationality": _optional(serializers.CharField, help_text="ISO 3166 alpha-3"),
    "address": _optional(serializers.CharField, help_text="As written on the card."),
    "issue_date": _optional(serializers.DateField),
    "card_name": _optional(serializers.ChoiceField, choices=CardName.choices,
                           help_text="From the issue date: Căn cước from 2024-07-01."),
    "expiry_date": _optional(serializers.DateField),
})


class ScanResultSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ScanKind.choices)
    fields = ScannedFieldsSerializer
    needs_review = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(set(CCCD_FIELDS + PASSPORT_FIELDS))),
        help_text="Fields a person must confirm before registering: always `full_name` "
                  "of a passport (the MRZ name line has no check digit), `card_name` of a "
                  "CCCD (the QR code does not say which card it is).")
    problems = serializers.ListField(
        child=serializers.CharField(),
        help_text="Why the document read cannot be registered (a CCCD number that "
                  "contradicts the card, an expired passport). When there are problems, "
                  "`fields` is empty: never fill a guest from such a scan.")


DetailSerializer = inline_serializer("ScanRefused", {"detail": serializers.CharField()})
NothingReadSerializer = inline_serializer("ScanNothingRead", {
    "detail": serializers.CharField(),
    "problems": serializers.ListField(
        child=serializers.CharField(),
        help_text="What was wrong with the closest reading (a check digit), if any."),
})


def _detail(message: str, status_code: int) -> Response:
    return Response({"detail": message}, status=status_code)


class ScanView(APIView):
    authentication_classes = [StaffTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, IsEstablishmentStaff]
    throttle_classes = [ScanThrottle]
    parser_classes = [MultiPartParser]

    def initialize_request(self, request, *args, **kwargs):
        # Before anything reads the body (the session's CSRF check reads it).
        self.upload = InMemoryPhotoUpload(request)
        request.upload_handlers = [self.upload]
        return super().initialize_request(request, *args, **kwargs)

    @extend_schema(
        operation_id="scan_document",
        request={"multipart/form-data": {
            "type": "object", "required": [IMAGE_FIELD],
            "properties": {IMAGE_FIELD: {
                "type": "string", "format": "binary",
                "description": "A photo (JPEG, PNG or WebP, at most 10 MB and 40 "
                               "megapixels) of the card's QR code or the passport's "
                               "photo page."}}}},
        responses={
            200: ScanResultSerializer,
            400: OpenApiResponse(DetailSerializer, description="No `image` part in the form."),
            413: OpenApiResponse(DetailSerializer, description=(
                "Over 10 MB or 40 megapixels (decompression bombs included).")),
            415: OpenApiResponse(DetailSerializer, description=(
                "Not multipart, or the file is not a whole JPEG, PNG or WebP image "
                "(whatever its name says).")),
            422: OpenApiResponse(NothingReadSerializer, description=(
                "No CCCD QR code and no passport MRZ with valid check digits in the photo: "
                "take it again. `detail` is in the language of Accept-Language (vi, en).")),
            429: OpenApiResponse(DetailSerializer, description=(
                "Too many scans from this account.")),
            503: OpenApiResponse(DetailSerializer, description=(
                "The passport reader (Tesseract) is not installed on the server.")),
        },
        description="Reads a chip CCCD / Căn cước QR code or a passport's machine-readable "
                    "zone (checked by its five check digits) from a photo, into the stay "
                    "API's field names. A document that is read but breaks the identity "
                    "rules gives 200 with `problems` and no `fields`. The photo is "
                    "processed in memory and never stored or logged.")
    def post(self, request):
        image = request.FILES.get(IMAGE_FIELD)
        if self.upload.too_large:
            return _detail(too_large_message(), status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        if image is None:
            return _detail(_("Send the photo as the multipart form field “image”."),
                           status.HTTP_400_BAD_REQUEST)
        try:
            result = read_document(image)
        except ImageRefused as refused:
            return _detail(refused.message, refused.status)
        except NothingRead as nothing:
            return Response({"detail": nothing.message, "problems": nothing.problems},
                            status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        except OcrUnavailable:
            return _detail(_("The passport reader is not installed on this server; type "
                             "the passport's details."), status.HTTP_503_SERVICE_UNAVAILABLE)
        finally:
            image.close()
        return Response(result.as_dict())
