"""API of the delivery ledger: /api/v1/national/batches/ (own establishments only)."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from cms.api_parsers import BoundedJSONParser
from lodging.api.permissions import IsEstablishmentStaff, StaffTokenAuthentication
from lodging.national import selectors, services
from lodging.national.exporters import EXCEL_WARNING
from lodging.national.models import BatchKind, NationalBatch, TransportName


class BatchSerializer(serializers.ModelSerializer):
    establishment_code = serializers.CharField(source="establishment.code")
    download_url = serializers.SerializerMethodField()
    warning = serializers.SerializerMethodField(
        help_text="Shown to whoever handles the file: never open and save it in Excel.")

    class Meta:
        model = NationalBatch
        fields = ["id", "establishment_code", "kind", "date_from", "date_to", "transport",
                  "filename", "count", "state", "seen_count", "created_at", "closed_at",
                  "download_url", "warning"]
        read_only_fields = fields

    def get_download_url(self, batch) -> str:
        return reverse("api-national-batches-download", kwargs={"pk": batch.pk})

    def get_warning(self, batch) -> str:
        return str(EXCEL_WARNING) if batch.kind == BatchKind.VIETNAMESE else ""


class BatchCreateSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    kind = serializers.ChoiceField(choices=BatchKind.choices)
    establishment_code = serializers.CharField(required=False, max_length=32,
                                               help_text="Needed when you work at several.")
    transport = serializers.ChoiceField(
        choices=TransportName.choices, required=False, help_text=(
            "How the batch travels; NATIONAL_TRANSPORT by default. `file` delivers, by a "
            "file imported by hand, what the portal's API refused."))


class ReconcileSerializer(serializers.Serializer):
    seen = serializers.IntegerField(min_value=0, max_value=100_000, help_text=(
        "The number of records the portal shows as imported for this file."))


class ProblemSerializer(serializers.Serializer):
    stay = serializers.IntegerField()
    receipt_code = serializers.CharField()
    room = serializers.CharField()
    field = serializers.CharField()
    message = serializers.CharField()


class NationalErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    problems = ProblemSerializer(many=True)


BATCH_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)


def _error(error: services.NationalError) -> Response:
    return Response(error.as_dict(), status=status.HTTP_400_BAD_REQUEST)


def _invalid(errors: dict) -> Response:
    problems = [{"stay": 0, "receipt_code": "", "room": "", "field": field,
                 "message": str(message)}
                for field, messages in errors.items() for message in messages]
    return Response({"detail": _("The request is not valid."), "problems": problems},
                    status=status.HTTP_400_BAD_REQUEST)


class NationalBatchViewSet(viewsets.GenericViewSet):
    authentication_classes = [StaffTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, IsEstablishmentStaff]
    serializer_class = BatchSerializer
    parser_classes = [BoundedJSONParser]
    lookup_value_regex = r"\d+"
    pagination_class = None

    def handle_exception(self, exc):
        # A body that is not JSON gets the same error shape as any other 400.
        if isinstance(exc, ParseError):
            return _error(services.NationalError(str(exc.detail)))
        return super().handle_exception(exc)

    def get_queryset(self):
        return selectors.batches_for_user(self.request.user)

    def _batch(self, pk) -> NationalBatch:
        try:
            return selectors.get_batch_for_user(self.request.user, pk)
        except (NationalBatch.DoesNotExist, ValueError):
            raise NotFound(_("No such batch at your establishments.")) from None

    @extend_schema(responses=BatchSerializer(many=True), description=(
        "Batches of your establishments, newest first (at most 200). A batch is `exported` "
        "until reconciled: `verified` when the count the portal shows equals `count`, "
        "`failed` otherwise (its stays are `pending` again). Stays carry `national_status`: "
        "`pending`, `exported`, `verified`, or `resend` when changed after delivery. A batch "
        "sent through the portal's API (`transport` `http`) is settled by the portal's "
        "answer: a stay it holds goes as a change; a stay it refuses by a rule is not sent "
        "to it again unchanged and waits for a `file` batch or a correction."))
    def list(self, request):
        return Response(BatchSerializer(self.get_queryset()[:200], many=True).data)

    @extend_schema(parameters=[BATCH_ID], responses=BatchSerializer)
    def retrieve(self, request, pk=None):
        return Response(BatchSerializer(self._batch(pk)).data)

    @extend_schema(request=BatchCreateSerializer,
                   description="Exports the establishment's undelivered stays of one kind "
                               "arriving in the period (both days included) as one batch, "
                               "after the blocking checks; nothing is written when any fails.",
                   responses={201: BatchSerializer, 400: NationalErrorSerializer})
    def create(self, request):
        serializer = BatchCreateSerializer(data=request.data)
        if not serializer.is_valid():
            return _invalid(serializer.errors)
        data = serializer.validated_data
        own = IsEstablishmentStaff.establishments(request)
        code = data.get("establishment_code")
        if code is None and len(own) > 1:
            return _error(services.NationalError(
                _("Give establishment_code: you work at several establishments.")))
        establishment = own[0] if code is None else next(
            (e for e in own if e.code == code), None)
        if establishment is None:
            return _error(services.NationalError(
                _("You are not staff of establishment %(code)s.") % {"code": code}))
        try:
            batch = services.create_batch(user=request.user, establishment=establishment,
                                          kind=data["kind"], date_from=data["date_from"],
                                          date_to=data["date_to"],
                                          transport=data.get("transport"))
        except services.NationalError as error:
            return _error(error)
        return Response(BatchSerializer(batch).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReconcileSerializer, parameters=[BATCH_ID],
                   description="Equal to the batch's count: verified. Otherwise failed, and "
                               "its stays are pending again for a new batch.",
                   responses={200: BatchSerializer, 400: NationalErrorSerializer})
    @action(detail=True, methods=["post"])
    def reconcile(self, request, pk=None):
        batch = self._batch(pk)
        serializer = ReconcileSerializer(data=request.data)
        if not serializer.is_valid():
            return _invalid(serializer.errors)
        try:
            batch = services.reconcile_batch(user=request.user, batch=batch,
                                             seen=serializer.validated_data["seen"])
        except services.NationalError as error:
            return _error(error)
        return Response(BatchSerializer(batch).data)

    @extend_schema(parameters=[BATCH_ID], responses={
        (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        try:
            batch = selectors.batch_file(request.user, pk)
        except (NationalBatch.DoesNotExist, ValueError):
            raise NotFound(_("No such batch at your establishments.")) from None
        return file_response(batch)


def file_response(batch: NationalBatch) -> HttpResponse:
    response = HttpResponse(bytes(batch.content), content_type=batch.content_type)
    response["Content-Disposition"] = f'attachment; filename="{batch.filename}"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response
