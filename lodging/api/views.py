"""PMS API: establishments register, list, check out and correct their own stays."""

from django.core.paginator import EmptyPage, Paginator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ParseError, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from cms.api_pagination import ApiPagination
from cms.api_parsers import BoundedJSONParser
from lodging import selectors, services
from lodging.api.idempotency import idempotent
from lodging.api.permissions import IsEstablishmentStaff, StaffTokenAuthentication
from lodging.api.serializers import (
    ArrivalBoundsSerializer,
    CancelSerializer,
    CheckoutSerializer,
    ErrorResponseSerializer,
    ExtendSerializer,
    RegistrationResponseSerializer,
    StayCorrectionSerializer,
    StayInputSerializer,
    StaySearchResultSerializer,
    StaySearchSerializer,
    StaySerializer,
    shared,
)
from lodging.models import Channel, Stay
from lodging.services import NON_FIELD, RegistrationError, RowError

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="Any unique string per logical request: a retry with the same key and body "
                "returns the first response and never registers twice.")


# The search box takes names and document numbers: only in the body of the POST search.
SEARCH_IN_URL = gettext_lazy(
    "Names, document numbers, rooms and receipt codes are not accepted in the URL: send "
    "the search in the JSON body of POST /api/v1/stays/search/.")


def _errors(errors: list[RowError]) -> Response:
    return Response({"errors": [e.as_dict() for e in errors]},
                    status=status.HTTP_400_BAD_REQUEST)


def _serializer_errors(row: int, errors: dict) -> list[RowError]:
    flat = []
    for field, messages in errors.items():
        for message in messages if isinstance(messages, list) else [messages]:
            # DRF echoes the invalid value; a NUL in it cannot be stored in PostgreSQL's
            # jsonb (the idempotency record), so it is shown as U+FFFD instead.
            flat.append(RowError(row, NON_FIELD if field == "non_field_errors" else field,
                                 str(message).replace("\x00", "\ufffd")))
    return flat


STAY_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)


class StayViewSet(viewsets.GenericViewSet):
    authentication_classes = [StaffTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, IsEstablishmentStaff]
    serializer_class = StaySerializer
    pagination_class = ApiPagination
    lookup_value_regex = r"\d+"
    parser_classes = [BoundedJSONParser]  # the PMS API speaks JSON only (415 otherwise)

    def handle_exception(self, exc):
        # A body that is not JSON gets the contract's error shape, like any other 400.
        if isinstance(exc, ParseError):
            return _errors([RowError(0, NON_FIELD, str(exc.detail))])
        return super().handle_exception(exc)

    def get_queryset(self):
        return selectors.stays_for_user(self.request.user).order_by("-arrival", "-id")

    def get_object(self) -> Stay:
        try:
            return selectors.get_stay_for_user(self.request.user, self.kwargs["pk"])
        except (Stay.DoesNotExist, ValueError):
            raise NotFound(_("No such stay at your establishments.")) from None

    def _found(self, *, q: str = "", status: str = "", arrival_from=None, arrival_to=None):
        stays = selectors.search_stays(self.request.user, q)
        if status:
            stays = stays.filter(status=status)
        if arrival_from:
            stays = stays.filter(arrival__date__gte=arrival_from)
        if arrival_to:
            stays = stays.filter(arrival__date__lte=arrival_to)
        return stays

    @extend_schema(
        description="The stays of the caller's establishments, newest first, by filters "
                    "that identify nobody. Searching by name, document number, room or "
                    "receipt code: POST /api/v1/stays/search/ (a `q` here is a 400).",
        parameters=[OpenApiParameter("status", str),
                    OpenApiParameter("arrival_from", OpenApiTypes.DATE),
                    OpenApiParameter("arrival_to", OpenApiTypes.DATE)],
        responses={200: StaySerializer(many=True), 400: ErrorResponseSerializer})
    def list(self, request):
        if request.query_params.get("q", "").strip():
            return _errors([RowError(0, "q", SEARCH_IN_URL)])
        bounds = ArrivalBoundsSerializer(data=request.query_params)
        if not bounds.is_valid():
            return _errors(_serializer_errors(0, bounds.errors))
        stays = self._found(status=request.query_params.get("status", ""),
                            **bounds.validated_data)
        page = self.paginate_queryset(stays)
        return self.get_paginated_response(StaySerializer.render(page))

    @extend_schema(
        request=StaySearchSerializer,
        description="The list's stays found by the search box of the hotel UI (a name in "
                    "any accents, a document number, a room or a receipt code) and its "
                    "filters, in the JSON body: names and numbers never travel in a URL. "
                    "Paged like the list (50 a page, `page_size` up to 500).",
        responses={200: StaySearchResultSerializer, 400: ErrorResponseSerializer,
                   404: OpenApiResponse(description="No such page.")})
    @action(detail=False, methods=["post"])
    def search(self, request):
        body = StaySearchSerializer(data=request.data)
        if not body.is_valid():
            return _errors(_serializer_errors(0, body.errors))
        params = dict(body.validated_data)
        number, size = params.pop("page"), params.pop("page_size")
        try:
            page = Paginator(self._found(**params), size).page(number)
        except EmptyPage:
            raise NotFound(_("Invalid page.")) from None
        return Response({"count": page.paginator.count, "page": number, "page_size": size,
                         "results": StaySerializer.render(page.object_list)})

    @extend_schema(parameters=[STAY_ID], responses=StaySerializer)
    def retrieve(self, request, pk=None):
        return Response(StaySerializer.render([self.get_object()])[0])

    @extend_schema(
        request=StayInputSerializer(many=True), parameters=[IDEMPOTENCY_HEADER],
        description="One stay object or a list of them. All are saved, or none.",
        responses={201: RegistrationResponseSerializer, 400: ErrorResponseSerializer,
                   422: ErrorResponseSerializer})
    def create(self, request):
        return idempotent(request, lambda: self._register(request))

    def _register(self, request) -> tuple[int, dict]:
        items = request.data if isinstance(request.data, list) else [request.data]
        if not items or not all(isinstance(item, dict) for item in items):
            return 400, {"errors": [RowError(0, NON_FIELD, _(
                "Send one stay object or a non-empty list of them.")).as_dict()]}
        rows, errors = [], []
        # A serializer built once per thread parses every row: building its fields costs
        # more than parsing a row.
        parser = shared(StayInputSerializer)
        for index, item in enumerate(items):
            try:
                rows.append(dict(parser.run_validation(item)))
            except ValidationError as error:
                errors += _serializer_errors(index, error.detail)
                rows.append(None)
        parsed = [row for row in rows if row is not None]
        establishment = None
        if parsed:  # no row parsed: their errors are reported already
            try:
                establishment = services.establishment_for(
                    codes=[row.get("establishment_code") for row in parsed],
                    own=IsEstablishmentStaff.establishments(request))
            except RegistrationError as error:
                errors += error.errors
        if errors:
            # Report the rule errors of the rows that did parse too: every problem at once.
            for index, row in enumerate(rows):
                if row is not None:
                    __, row_errors = services.validate_rows(rows=[row], now=timezone.now())
                    errors += [RowError(index, e.field, e.message) for e in row_errors]
            errors.sort(key=lambda e: e.row)
            return 400, {"errors": [e.as_dict() for e in errors]}
        try:  # register_stays is one transaction (a savepoint under an idempotency key)
            submission = services.register_stays(
                user=request.user, establishment=establishment,
                guests=[{k: v for k, v in row.items() if k != "establishment_code"}
                        for row in rows], channel=self._channel(request),
                staff_of=IsEstablishmentStaff.staff_of(request))
        except RegistrationError as error:
            return 400, {"errors": error.as_list()}
        # The stays just written, as written (no second query to read them back); the
        # rendered values are JSON's own types, ready for an idempotency record too.
        return 201, {"receipt_code": submission.receipt_code,
                     "stays": StaySerializer.render(submission.registered_stays)}

    @staticmethod
    def _channel(request) -> str:
        # A signed-in browser session is the hotel UI's form (sent by its offline queue);
        # a token is a PMS.
        return Channel.API if request.auth is not None else Channel.FORM

    @extend_schema(request=StayCorrectionSerializer, parameters=[STAY_ID],
                   responses={200: StaySerializer, 400: ErrorResponseSerializer})
    def partial_update(self, request, pk=None):
        stay = self.get_object()
        serializer = StayCorrectionSerializer(data=request.data)
        if not serializer.is_valid():
            return _errors(_serializer_errors(0, serializer.errors))
        changes = dict(serializer.validated_data)
        reason = changes.pop("reason")
        if "stay_reason" in changes:
            changes["reason"] = changes.pop("stay_reason")
        try:
            stay = services.correct_stay(user=request.user, stay=stay, changes=changes,
                                         reason=reason,
                                         staff_of=IsEstablishmentStaff.staff_of(request))
        except RegistrationError as error:
            return _errors(error.errors)
        return Response(StaySerializer.render([stay])[0])

    @extend_schema(request=CheckoutSerializer, parameters=[STAY_ID],
                   responses={200: StaySerializer, 400: ErrorResponseSerializer})
    @action(detail=True, methods=["post"])
    def checkout(self, request, pk=None):
        stay = self.get_object()
        serializer = CheckoutSerializer(data=request.data)
        if not serializer.is_valid():
            return _errors(_serializer_errors(0, serializer.errors))
        try:
            stay = services.checkout_stay(user=request.user, stay=stay,
                                          departure=serializer.validated_data.get("departure"),
                                          staff_of=IsEstablishmentStaff.staff_of(request))
        except RegistrationError as error:
            return _errors(error.errors)
        return Response(StaySerializer.render([stay])[0])

    @extend_schema(request=ExtendSerializer, parameters=[STAY_ID, IDEMPOTENCY_HEADER],
                   description="A new expected departure, with the web form's rules (after "
                               "the arrival, no overlap, a foreigner's permitted stay) and "
                               "a history row (`extended`).",
                   responses={200: StaySerializer, 400: ErrorResponseSerializer,
                              422: ErrorResponseSerializer})
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        stay = self.get_object()
        return idempotent(request, lambda: self._write(
            stay, ExtendSerializer, services.extend_stay))

    @extend_schema(request=CancelSerializer, parameters=[STAY_ID, IDEMPOTENCY_HEADER],
                   description="Cancel a registered stay, with a reason kept in its history "
                               "(`cancelled`); the receipt's verification shows it.",
                   responses={200: StaySerializer, 400: ErrorResponseSerializer,
                              422: ErrorResponseSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        stay = self.get_object()
        return idempotent(request, lambda: self._write(
            stay, CancelSerializer, services.cancel_stay))

    def _write(self, stay, serializer_class, service) -> tuple[int, dict]:
        serializer = serializer_class(data=self.request.data)
        if not serializer.is_valid():
            return 400, {"errors": [e.as_dict()
                                    for e in _serializer_errors(0, serializer.errors)]}
        try:
            stay = service(user=self.request.user, stay=stay,
                           staff_of=IsEstablishmentStaff.staff_of(self.request),
                           **serializer.validated_data)
        except RegistrationError as error:
            return 400, {"errors": error.as_list()}
        return 200, StaySerializer.render([stay])[0]

