"""Who is police, and which stays an officer may see.

A request resolves the officer's `Jurisdiction` once (`jurisdiction_for`) and every read
is scoped by it: in the database (`Jurisdiction.stays`) and in the stays index
(`lodging.police.documents.jurisdiction_filter`). A commune officer can never reach
another commune's stays through any door: pages, API or exports.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from cms.models import Commune
from lodging.models import Establishment, Stay
from lodging.police.models import PoliceOfficer, PoliceRole


@dataclass(frozen=True)
class Jurisdiction:
    """The communes or wards whose stays an officer may see, or the whole province.

    No commune and not province-wide: the officer sees nothing.
    """

    commune_codes: frozenset[str] = frozenset()
    province_wide: bool = False
    officer: PoliceOfficer | None = None

    def __post_init__(self):
        object.__setattr__(self, "commune_codes", frozenset(self.commune_codes))

    def communes(self) -> QuerySet[Commune]:
        communes = Commune.objects.in_lao_cai()
        return communes if self.province_wide else communes.filter(code__in=self.commune_codes)

    def establishments(self) -> QuerySet[Establishment]:
        return Establishment.objects.filter(commune__in=self.communes())

    def stays(self) -> QuerySet[Stay]:
        return (Stay.objects.filter(establishment__commune__in=self.communes())
                .select_related("establishment", "establishment__commune"))


def officer_for(user) -> PoliceOfficer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return PoliceOfficer.objects.filter(user=user).select_related("commune").first()


def jurisdiction_for(user) -> Jurisdiction:
    """The user's jurisdiction; PermissionDenied for anyone but an officer.

    Auditors read the audit log, never personal data; staff and superusers are not
    police and get nothing here either.
    """
    officer = officer_for(user)
    if officer is None or officer.role == PoliceRole.AUDITOR:
        raise PermissionDenied
    if officer.role != PoliceRole.COMMUNE_OFFICER:
        return Jurisdiction(province_wide=True, officer=officer)
    codes = (Commune.objects.in_lao_cai().filter(pk=officer.commune_id)
             .values_list("code", flat=True))
    return Jurisdiction(commune_codes=frozenset(codes), officer=officer)


# For callers that hold a user, not a request's resolved jurisdiction (services, shell).
def stays_in_jurisdiction(user) -> QuerySet[Stay]:
    return jurisdiction_for(user).stays()


def establishments_in_jurisdiction(user) -> QuerySet[Establishment]:
    return jurisdiction_for(user).establishments()


def is_police_user(user) -> bool:
    """Every police account (officers and auditors) signs in with a second factor."""
    return PoliceOfficer.objects.filter(user=user).exists()


def is_auditor(user) -> bool:
    officer = officer_for(user)
    return officer is not None and officer.role == PoliceRole.AUDITOR
