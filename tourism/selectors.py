"""Reads of the lodging app's establishments for the public portal: public business data
only. The page types call these; nothing here knows a page type, so the pages may import
it at the top (finding a page is the page type's own query, see tourism.models)."""

from django.db.models import Q
from django.utils.translation import get_language

from lodging.models import Amenity, Establishment
from tourism import geo

# What a public page may read from an establishment: never guests, stays or staff.
PUBLIC_ESTABLISHMENT_FIELDS = (
    "code", "name", "kind", "stars", "address", "commune", "latitude", "longitude", "rooms",
    "price_min", "price_max", "amenities", "phone", "email", "website", "description_vi",
    "description_en", "photo", "status", "updated_at",
)


def public_establishments(*, kind="", commune=None, stars=None):
    establishments = (Establishment.objects.active().select_related("commune", "photo")
                      .only(*PUBLIC_ESTABLISHMENT_FIELDS, "commune__name", "commune__code"))
    if kind:
        establishments = establishments.filter(kind=kind)
    if commune is not None:
        establishments = establishments.filter(commune=commune)
    if stars:
        establishments = establishments.filter(stars__gte=stars)
    return establishments.order_by("name")


def public_establishment(code: str):
    return public_establishments().filter(code__iexact=code).first()


def establishments_near(place, *, radius_km: float, limit: int):
    """Active establishments within radius_km of a place, or in its commune, nearest first."""
    same_commune = Q(commune_id=place.commune_id) if place.commune_id else None
    candidates = geo.nearest_first(public_establishments(), place, radius_km=radius_km,
                                   also=same_commune, nulls_first=True)
    found = []
    for establishment in candidates[:limit * 3]:
        distance = geo.distance_km(place, establishment)
        same = place.commune_id and establishment.commune_id == place.commune_id
        if same or (distance is not None and distance <= radius_km):
            found.append((distance if distance is not None else 0, establishment))
    found.sort(key=lambda item: item[0])
    return [establishment for _distance, establishment in found[:limit]]


def establishment_description(establishment) -> str:
    """The description in the visitor's language, else the Vietnamese one."""
    language = (get_language() or "vi").split("-")[0]
    return getattr(establishment, f"description_{language}", "") or establishment.description_vi


def amenity_labels(establishment) -> list:
    labels = dict(Amenity.choices)
    return [labels[code] for code in establishment.amenities or [] if code in labels]
