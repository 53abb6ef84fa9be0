"""POST /api/v1/auth/token/: username and password (and a one-time code where required)
give the account's API token.

Accounts that sign in to the website with two-factor authentication (police, owners,
superusers: cms.two_factor) must send `otp`, the current code of their authenticator
app or a backup code, beside the password. Failed attempts count towards django-axes'
lockout like any other sign-in.
"""

from axes.handlers.proxy import AxesProxyHandler
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser

from cms.api_parsers import BoundedJSONParser
from cms.security import lockout_response
from cms.two_factor import requires_two_factor, verify_code


class TokenRequestSerializer(AuthTokenSerializer):
    otp = serializers.CharField(label=_("One-time code"), required=False, allow_blank=True,
                                max_length=16, write_only=True)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        user = attrs["user"]
        if requires_two_factor(user):
            if not attrs.get("otp"):
                raise serializers.ValidationError(
                    {"otp": [_("This account uses two-factor authentication: send the "
                               "code from the authenticator app as “otp”.")]})
            if verify_code(user, attrs["otp"]) is None:
                raise serializers.ValidationError(
                    {"otp": [_("The one-time code is wrong or has expired.")]})
        return attrs


class ObtainToken(ObtainAuthToken):
    serializer_class = TokenRequestSerializer
    # ObtainAuthToken names its own parsers; JSON goes through the bounded one.
    parser_classes = (FormParser, MultiPartParser, BoundedJSONParser)

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: inline_serializer("Token", {"token": serializers.CharField()}),
                   400: OpenApiResponse(description="Wrong credentials or one-time code."),
                   429: OpenApiResponse(description="Too many failed sign-ins.")},
    )
    def post(self, request, *args, **kwargs):
        # django-axes marks the request it was given (DRF's, not Django's) as locked out,
        # so its middleware never sees it: answer the lockout here, as every form does.
        if self._locked_out(request):
            return lockout_response(request._request)
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            if self._locked_out(request):
                return lockout_response(request._request)
            raise

    @staticmethod
    def _locked_out(request) -> bool:
        if getattr(request, "axes_locked_out", False):
            return True
        username = request.data.get("username") if hasattr(request.data, "get") else None
        # A NUL is in no username (the serializer refuses it with a 400), and PostgreSQL
        # cannot even compare text holding one.
        if not username or "\x00" in str(username):
            return False
        return AxesProxyHandler.is_locked(request._request,
                                          credentials={"username": str(username)})
