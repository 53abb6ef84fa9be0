"""Police API: GET /api/v1/police/stays/, jurisdiction-scoped and audited."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination

from lodging.api.serializers import SiteModelSerializer
from lodging.models import Stay
from lodging.police.audit import audit
from lodging.police.models import AuditAction
from lodging.police.selectors import find_stays

SEARCH_PARAMS = ["q", "document_number", "date_of_birth", "nationality", "arrival_from",
                 "arrival_to", "establishment", "commune", "late"]


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


class PolicePagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


@extend_schema(parameters=[
    OpenApiParameter(name, OpenApiTypes.BOOL if name == "late" else OpenApiTypes.STR,
                     required=False) for name in SEARCH_PARAMS],
    responses={200: PoliceStaySerializer(many=True), 400: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description="A parameter out of bounds (e.g. a name query longer than a name): "
                    "{parameter: [messages]}")})
class PoliceStayList(ListAPIView):
    """Stays in the caller's jurisdiction (commune or province); police officers only."""

    serializer_class = PoliceStaySerializer
    pagination_class = PolicePagination

    def get_queryset(self):
        params = {name: self.request.query_params.get(name, "") for name in SEARCH_PARAMS}
        try:
            return find_stays(self.request.user, params).stays
        except DjangoPermissionDenied:
            raise PermissionDenied from None
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        response = self.get_paginated_response(PoliceStaySerializer.render(page))
        params = {name: request.query_params.get(name, "") for name in SEARCH_PARAMS}
        params["page"] = request.query_params.get("page", "")
        audit(request, AuditAction.API_SEARCH, params=params,
              row_count=len(response.data["results"]))
        return response
