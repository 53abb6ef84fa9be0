"""Police API, jurisdiction-scoped and audited.

`POST /api/v1/police/stays/search/` takes the search in a JSON body: names, document
numbers and dates of birth never travel in a URL (so never in an access log).
`GET /api/v1/police/stays/` takes only filters that identify nobody; a GET that carries a
name or a number is refused with a 400 that points to the POST.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import EmptyPage, Paginator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.api_pagination import MAX_PAGE_SIZE, PAGE_SIZE, ApiPagination
from cms.api_parsers import BoundedJSONParser
from cms.dates import parse_iso_date
from lodging.api.serializers import SiteModelSerializer
from lodging.models import Stay
from lodging.police.audit import audit
from lodging.police.models import AuditAction
from lodging.police.permissions import jurisdiction_for
from lodging.police.searches import personal_fields_in
from lodging.police.stay_search import StaySearchParams, find_stays

# Filters of the GET: none of them identifies a person.
FILTER_PARAMS = ["nationality", "arrival_from", "arrival_to", "establishment", "commune",
                 "late"]


class PoliceStaySerializer(SiteModelSerializer):
    """The contract fields of DESIGN.md section 5."""

    establishment_code = serializers.CharField(source="establishment.code")
    commune = serializers.CharField(source="establishment.commune.code")

    class Meta:
        model = Stay
        fields = ["id", "full_name", "sex", "date_of_birth", "document_type",
                  "document_number", "nationality", "establishment_code", "commune", "room",
                  "arrival", "expected_departure", "departure", "notified_at", "deadline",
                  "late"]
        read_only_fields = fields


class StaySearchTerms(serializers.Serializer):
    """Terms of a police stay search; once valid, `validated_data["search"]` holds the
    `StaySearchParams` to search with (its bounds checked with the fields)."""

    def validate(self, terms):
        try:
            return {**terms, "search": StaySearchParams.of(terms)}
        except DjangoValidationError as error:  # a search past its bounds
            raise ValidationError(error.message_dict) from None


class PoliceSearchSerializer(StaySearchTerms):
    """The body of POST /api/v1/police/stays/search/."""

    q = serializers.CharField(required=False, allow_blank=True, max_length=200,
                              help_text=_("Name, any accents, typos tolerated"))
    document_number = serializers.CharField(required=False, allow_blank=True, max_length=30)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    nationality = serializers.CharField(required=False, allow_blank=True, max_length=3)
    arrival_from = serializers.DateField(required=False, allow_null=True)
    arrival_to = serializers.DateField(required=False, allow_null=True)
    establishment = serializers.CharField(required=False, allow_blank=True, max_length=32)
    commune = serializers.CharField(required=False, allow_blank=True, max_length=16)
    late = serializers.BooleanField(required=False, default=False)
    page = serializers.IntegerField(required=False, min_value=1, default=1)
    page_size = serializers.IntegerField(required=False, min_value=1,
                                         max_value=MAX_PAGE_SIZE, default=PAGE_SIZE)


class FilterText(serializers.Field):
    """A code as given: StaySearchParams tidies it (a NUL is dropped, not refused)."""

    def to_internal_value(self, data):
        return str(data)


class FilterDate(serializers.Field):
    """An ISO date; a malformed one filters nothing rather than failing the list."""

    def to_internal_value(self, data):
        return parse_iso_date(data)


class FilterFlag(serializers.Field):
    """`late=1|true|on|yes` (any case) asks for late notifications only; anything else
    for every stay."""

    def to_internal_value(self, data):
        return str(data).lower() in ("1", "true", "on", "yes")


class PoliceStayFilters(StaySearchTerms):
    """The query string of GET /api/v1/police/stays/ (`FILTER_PARAMS`)."""

    nationality = FilterText(required=False)
    arrival_from = FilterDate(required=False)
    arrival_to = FilterDate(required=False)
    establishment = FilterText(required=False)
    commune = FilterText(required=False)
    late = FilterFlag(required=False)


class PoliceSearchResultSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = PoliceStaySerializer(many=True)


class IsPoliceOfficer(BasePermission):
    """Officers with a jurisdiction; checked before anything of the request is read. The
    jurisdiction resolved here is the one the view searches (`request.jurisdiction`)."""

    def has_permission(self, request, view) -> bool:
        try:
            request.jurisdiction = jurisdiction_for(request.user)
        except DjangoPermissionDenied:
            return False
        return True


class PersonalDataInUrl(APIException):
    status_code = 400
    default_code = "personal_data_in_url"


class PoliceStaySearch(APIView):
    """Search the stays of the caller's jurisdiction (police officers only)."""

    parser_classes = [BoundedJSONParser]
    permission_classes = [IsAuthenticated, IsPoliceOfficer]

    @extend_schema(request=PoliceSearchSerializer,
                   responses={200: PoliceSearchResultSerializer,
                              400: OpenApiResponse(description="Invalid search field."),
                              404: OpenApiResponse(description="No such page.")})
    def post(self, request):
        body = PoliceSearchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        params = dict(body.validated_data)
        search = params.pop("search")
        number, size = params.pop("page"), params.pop("page_size")
        found = find_stays(request.jurisdiction, search)
        try:
            page = Paginator(found.stays, size).page(number)
        except EmptyPage:
            raise NotFound(_("Invalid page.")) from None
        audit(request, AuditAction.API_SEARCH, row_count=len(page.object_list),
              params={**params, "page": number if number > 1 else None})
        return Response({"count": found.count, "page": number, "page_size": size,
                         "results": PoliceStaySerializer.render(page.object_list)})


@extend_schema(parameters=[
    OpenApiParameter(name, OpenApiTypes.BOOL if name == "late" else
                     OpenApiTypes.DATE if name.startswith("arrival") else OpenApiTypes.STR,
                     required=False) for name in FILTER_PARAMS],
    responses={200: PoliceStaySerializer(many=True), 400: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description="A name, document number or birth date in the URL (use the POST "
                    "search), or a parameter out of bounds: {parameter: [messages]}")})
class PoliceStayList(ListAPIView):
    """Stays in the caller's jurisdiction (commune or province) by filters that identify
    nobody; police officers only. Searching for a person: POST …/stays/search/."""

    serializer_class = PoliceStaySerializer
    pagination_class = ApiPagination
    permission_classes = [IsAuthenticated, IsPoliceOfficer]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication and permissions first
        refused = personal_fields_in(request.query_params)
        if refused:
            raise PersonalDataInUrl(_(
                "Names, document numbers and dates of birth are not accepted in the URL "
                "(%(fields)s): send them in the JSON body of POST "
                "/api/v1/police/stays/search/.") % {"fields": ", ".join(refused)})

    def get_queryset(self):
        params = {name: self.request.query_params.get(name, "") for name in FILTER_PARAMS}
        filters = PoliceStayFilters(data=params)
        filters.is_valid(raise_exception=True)
        return find_stays(self.request.jurisdiction, filters.validated_data["search"]).stays

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        response = self.get_paginated_response(PoliceStaySerializer.render(page))
        params = {name: request.query_params.get(name, "") for name in FILTER_PARAMS}
        params["page"] = request.query_params.get("page", "")
        audit(request, AuditAction.API_SEARCH, params=params,
              row_count=len(response.data["results"]))
        return response
