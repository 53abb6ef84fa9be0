"""Receipts through the API: anyone verifies one (no personal data, throttled); staff
download the PDF of their own establishments' receipts."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from lodging import selectors
from lodging.api.permissions import IsEstablishmentStaff, StaffTokenAuthentication
from lodging.receipts import find_submission, pdf_response, proof_of, verification_url
from lodging.throttling import ReceiptLookupThrottle

ReceiptProofSerializer = inline_serializer("ReceiptProof", {
    "receipt_code": serializers.CharField(),
    "establishment": inline_serializer("ReceiptEstablishment", {
        "name": serializers.CharField(), "code": serializers.CharField(),
        "commune": serializers.CharField()}),
    "notified_at": serializers.DateTimeField(),
    "guests": serializers.IntegerField(),
    "on_time": serializers.IntegerField(),
    "late": serializers.IntegerField(),
    "timeliness": serializers.ChoiceField(choices=["on_time", "late", "partly_late"]),
    "corrected": serializers.IntegerField(help_text="Stays corrected or extended since."),
    "cancelled": serializers.IntegerField(),
    "changed_since": serializers.BooleanField(),
    "last_change_at": serializers.DateTimeField(allow_null=True),
    "verification_url": serializers.URLField(),
})


class ReceiptProofView(APIView):
    """What proves a notification, for anyone holding its code."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ReceiptLookupThrottle]

    @extend_schema(
        auth=[], responses={
            200: ReceiptProofSerializer,
            404: OpenApiResponse(description="No notification has this code."),
            429: OpenApiResponse(description="Too many look-ups from this address.")},
        description="The establishment, time of notification, number of guests, on time "
                    "or late, and corrections or cancellations since. Never a guest's "
                    "name, document or date of birth.")
    def get(self, request, code):
        submission = find_submission(code)
        if submission is None:
            raise NotFound(_("No notification has this receipt code."))
        return Response(proof_of(submission).as_dict(
            url=verification_url(submission.receipt_code, request)))


class ReceiptPdfView(APIView):
    """The PDF receipt of one of the user's establishments' notifications."""

    authentication_classes = [StaffTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, IsEstablishmentStaff]

    @extend_schema(responses={
        (200, "application/pdf"): OpenApiTypes.BINARY,
        404: OpenApiResponse(description="No such receipt at your establishments.")})
    def get(self, request, code):
        submission = selectors.submission_for_user(request.user, code)
        if submission is None:
            raise NotFound(_("No such receipt at your establishments."))
        return pdf_response(submission, request)

