"""Distances between places on the map (great-circle, good enough for a province)."""

import math
from typing import NamedTuple

from cms.geo import haversine_km

KM_PER_DEGREE = 111.32  # of latitude (and of longitude at the equator)


class Point(NamedTuple):
    """A bare location, for rows read as values rather than objects."""

    latitude: object
    longitude: object


def distance_km(a, b) -> float | None:
    """Distance between two objects with latitude/longitude, None when one has no location."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    return haversine_km(float(a.latitude), float(a.longitude),
                        float(b.latitude), float(b.longitude))


def nearest_first(queryset, place, *, radius_km: float, also=None, nulls_first=False,
                  anywhere=False):
    """The rows of queryset (with latitude/longitude) inside the bounding box of the circle
    of radius_km around place, or matching `also` (a Q), ordered by an equirectangular
    distance computed in the database: callers then load only the first few and decide
    with the exact `distance_km`. Without a location for place, only `also` applies.
    `anywhere` keeps every row of queryset and only orders them."""
    from django.db.models import ExpressionWrapper, F, FloatField, Q

    if place.latitude is None or place.longitude is None:
        if anywhere:
            return queryset
        return queryset.filter(also) if also is not None else queryset.none()
    lat, lon = float(place.latitude), float(place.longitude)
    stretch = math.cos(math.radians(lat))  # a degree of longitude is shorter up north
    half = radius_km / KM_PER_DEGREE
    inside = Q(latitude__range=(lat - half, lat + half),
               longitude__range=(lon - half / stretch, lon + half / stretch))
    north_south, east_west = F("latitude") - lat, (F("longitude") - lon) * stretch
    distance = ExpressionWrapper(north_south * north_south + east_west * east_west,
                                 output_field=FloatField())
    order = F("approximate_distance")
    if not anywhere:
        queryset = queryset.filter(inside | also if also is not None else inside)
    return (queryset
            .annotate(approximate_distance=distance)
            .order_by(order.asc(nulls_first=True) if nulls_first
                      else order.asc(nulls_last=True)))
