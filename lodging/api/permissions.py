"""Who may use the PMS API: staff of at least one establishment."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import TokenScheme
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import BasePermission

from lodging import selectors
from lodging.models import StaffMembership


class StaffTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, reading in the same query the establishments the
    token's user is staff of (with their communes), which every PMS request needs next for
    its permission check and its writes. A token of anyone else (a police officer's) goes
    DRF's own way and is then refused by the permission below.

    DRF builds its authenticators per request, so the request kept here is this one's.
    """

    def authenticate(self, request):
        self.request = request
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        memberships = list(
            StaffMembership.objects.filter(user__auth_token__key=key)
            .select_related("user__auth_token", "establishment__commune")
            .order_by("establishment__code"))
        if not memberships:
            return super().authenticate_credentials(key)
        user = memberships[0].user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        IsEstablishmentStaff.remember(self.request, [m.establishment for m in memberships])
        return user, user.auth_token


class StaffTokenScheme(TokenScheme):
    """The same `Authorization: Token <key>` header in the OpenAPI schema. Its own name,
    because drf-spectacular refuses two classes under one security scheme name."""

    target_class = StaffTokenAuthentication
    name = "staffTokenAuth"
    priority = 0


class IsEstablishmentStaff(BasePermission):
    message = _("This account is not staff of any establishment.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and self.establishments(request))

    @staticmethod
    def establishments(request) -> list:
        """The user's establishments (with their commune), read once per request."""
        if not hasattr(request, "_staff_establishments"):
            IsEstablishmentStaff.remember(request, list(
                selectors.establishments_for_user(request.user).select_related("commune")
                .order_by("code")))
        return request._staff_establishments

    @staticmethod
    def staff_of(request) -> frozenset[int]:
        """The ids of the user's establishments, for the writes of `lodging.services`."""
        return frozenset(establishment.pk
                         for establishment in IsEstablishmentStaff.establishments(request))

    @staticmethod
    def remember(request, establishments: list) -> None:
        """Keep the user's establishments for the rest of the request."""
        request._staff_establishments = establishments
