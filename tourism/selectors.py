"""Reads for the public portal; establishments are shown with public business data only."""

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


def accommodation_index(locale=None):
    from tourism.models import AccommodationIndexPage

    pages = AccommodationIndexPage.objects.live().public()
    if locale is not None:
        pages = pages.filter(locale=locale)
    # Not in tree order: with tens of thousands of pages PostgreSQL then walks the whole
    # page tree to find the one index page (50 ms); there is one per language anyway.
    return pages.order_by("pk").first()


def establishment_url(establishment, index_page=None) -> str:
    index_page = index_page or accommodation_index_for_language()
    return index_page.establishment_url(establishment) if index_page else ""


def accommodation_index_for_language():
    from wagtail.models import Locale

    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return accommodation_index()
    return accommodation_index(locale) or accommodation_index()


def establishment_map_point(establishment, index_page=None) -> dict | None:
    if establishment.latitude is None or establishment.longitude is None:
        return None
    return {"lat": float(establishment.latitude), "lon": float(establishment.longitude),
            "title": establishment.name, "url": establishment_url(establishment, index_page)}


def establishment_description(establishment) -> str:
    """The description in the visitor's language, else the Vietnamese one."""
    language = (get_language() or "vi").split("-")[0]
    return getattr(establishment, f"description_{language}", "") or establishment.description_vi


def amenity_labels(establishment) -> list:
    labels = dict(Amenity.choices)
    return [labels[code] for code in establishment.amenities or [] if code in labels]


def upcoming_events(limit=4):
    """The next events of the active language's event index, for the home page."""
    from wagtail.models import Locale

    from tourism.models import EventIndexPage

    index = EventIndexPage.objects.live().filter(locale=Locale.get_active()).first()
    return index.upcoming(limit=limit) if index else []
