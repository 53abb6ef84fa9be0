"""Who may use the PMS API: staff of at least one establishment."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from lodging import selectors


class IsEstablishmentStaff(BasePermission):
    message = _("This account is not staff of any establishment.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated
                    and selectors.establishments_for_user(user).exists())
