"""The one JSON parser of every API endpoint: a body nested deeper than any real request is
refused with a 400 before Python's JSON decoder recurses into it (`[` × 50,000 would raise
RecursionError, a 500)."""

import json
import re
from itertools import accumulate

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# A stay batch is two levels deep, a nested object three: 32 leaves ample room.
DEFAULT_MAX_DEPTH = 32
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(body: bytes) -> int:
    """How deeply the arrays and objects of a JSON text nest (brackets inside strings do
    not count); linear in the body's length, without recursion."""
    brackets = _BRACKET.findall(_STRING.sub(b"", body))
    return max(accumulate(1 if b in (b"[", b"{") else -1 for b in brackets), default=0)


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        body = stream.read() if stream is not None else b""
        limit = getattr(settings, "API_JSON_MAX_DEPTH", DEFAULT_MAX_DEPTH)
        depth = json_depth(body)
        if depth > limit:
            raise ParseError(_("The JSON body is nested %(depth)s levels deep; at most "
                               "%(max)s are accepted.") % {"depth": depth, "max": limit})
        try:
            return json.loads(body.decode(encoding), parse_constant=self._refuse_constant)
        except (ValueError, RecursionError) as error:
            raise ParseError(_("The body is not valid JSON: %(error)s")
                             % {"error": str(error)[:200]}) from None

    @staticmethod
    def _refuse_constant(name):
        raise ValueError(f"{name} is not a JSON value")
