"""/api/v1/search/ and /api/v1/search/suggest/: public, read-only."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from search.forms import SearchForm
from search.selectors import public_search, public_suggestions

_PARAMS = [OpenApiParameter(name, str, description=text) for name, text in [
    ("q", "what the tourist typed, with or without diacritics"),
    ("type", "destination|attraction|event|accommodation (repeat or comma-separate)"),
    ("lang", "vi|en: only documents in this language"),
    ("commune", "commune/ward code"), ("kind", "attraction or accommodation kind"),
    ("stars", "1-5"), ("amenities", "amenity codes, all required"),
    ("price", "price range bucket, e.g. 500000-1000000"),
    ("lat", "latitude"), ("lon", "longitude"), ("radius_km", "only within this distance"),
    ("sort", "relevance|distance"), ("page", "1-based page number"),
]]


class SearchResultSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["destination", "attraction", "event",
                                            "accommodation"])
    id = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    snippet = serializers.CharField(help_text="HTML: matched words in <mark>")
    distance_km = serializers.FloatField(required=False,
                                         help_text="only when lat and lon are given")


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    count = serializers.IntegerField()
    label = serializers.CharField(required=False)


class SearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = SearchResultSerializer(many=True)
    facets = serializers.DictField(
        child=FacetValueSerializer(many=True),
        help_text="type, commune, attraction_kind, accommodation_kind, stars, price, "
                  "amenities; empty in fallback")
    fallback = serializers.BooleanField(
        help_text="true: Elasticsearch unreachable, answered from the database")


class SuggestionSerializer(serializers.Serializer):
    text = serializers.CharField()
    type = serializers.CharField()
    url = serializers.CharField()


class SuggestResponseSerializer(serializers.Serializer):
    suggestions = SuggestionSerializer(many=True)


FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT, description="Invalid parameters: {parameter: [messages]}")


def _form_errors(form) -> dict:
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


class SearchAPIView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(parameters=_PARAMS, responses={200: SearchResponseSerializer, 400: FIELD_ERRORS})
    def get(self, request):
        form = SearchForm(request.query_params)
        if not form.is_valid():
            return Response(_form_errors(form), status=400)
        found = public_search(form.to_search())
        return Response({key: found[key] for key in ("count", "results", "facets",
                                                        "fallback")})


class SuggestAPIView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(parameters=[OpenApiParameter("q", str), OpenApiParameter("lang", str)],
                   responses={200: SuggestResponseSerializer, 400: FIELD_ERRORS})
    def get(self, request):
        lang = request.query_params.get("lang") or None
        if lang not in (None, "vi", "en"):
            return Response({"lang": ["vi or en"]}, status=400)
        q = request.query_params.get("q", "")[:100]
        return Response({"suggestions": public_suggestions(q, lang=lang)})
