"""Who may use the PMS API: staff of at least one establishment."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from lodging import selectors


class IsEstablishmentStaff(BasePermission):
    message = _("This account is not staff of any establishment.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and self.establishments(request))

    @staticmethod
    def establishments(request) -> list:
        """The user's establishments (with their commune), read once per request."""
        if not hasattr(request, "_staff_establishments"):
            request._staff_establishments = list(
                selectors.establishments_for_user(request.user).select_related("commune")
                .order_by("code"))
            selectors.remember_staff_of(request.user, request._staff_establishments)
        return request._staff_establishments
