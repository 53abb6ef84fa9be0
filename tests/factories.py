"""Objects the stories need, made one way for every test package."""

from decimal import Decimal

from cms.models import Commune
from lodging.models import Establishment, StaffMembership, StaffRole


def make_establishment(code: str, commune: str, *, name: str | None = None,
                       **fields) -> Establishment:
    """An establishment in a commune of Lào Cai given by its official code or its name."""
    found = Commune.objects.in_lao_cai().resolve(commune)
    assert found is not None, f"no commune {commune!r} in Lào Cai"
    values = {"name": name or f"{code} Homestay", "kind": "homestay", "address": "Thôn 1",
              "rooms": 8, **fields}
    for key in ("latitude", "longitude"):
        if values.get(key) is not None:
            values[key] = Decimal(str(values[key]))
    return Establishment.objects.create(code=code, commune=found, **values)


def make_staff(django_user_model, username, establishment, role=StaffRole.RECEPTIONIST):
    user = django_user_model.objects.create_user(username, password="long-password-1")
    StaffMembership.objects.create(user=user, establishment=establishment, role=role)
    return user
