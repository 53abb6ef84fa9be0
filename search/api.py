"""/api/v1/search/ and /api/v1/search/suggest/: public, read-only."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
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


def _form_errors(form) -> dict:
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


class SearchAPIView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(parameters=_PARAMS, responses={200: dict})
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
                   responses={200: dict})
    def get(self, request):
        lang = request.query_params.get("lang") or None
        if lang not in (None, "vi", "en"):
            return Response({"lang": ["vi or en"]}, status=400)
        q = request.query_params.get("q", "")[:100]
        return Response({"suggestions": public_suggestions(q, lang=lang)})
