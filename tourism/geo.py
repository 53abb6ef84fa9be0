"""Places on the map: the distance between two of them, and the rows of a queryset nearest
a place, found in the database without loading every row (good enough for a province)."""

import math
from typing import NamedTuple

from django.db.models import ExpressionWrapper, F, FloatField, Q

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


def nearest_keys(located, place, count: int, *, rings_km, then_anywhere=False,
                 tiebreak="pk") -> list:
    """Keys of the `count` rows of `located` nearest `place` within the last of `rings_km`
    (or, with `then_anywhere`, the nearest wherever they are when the rings hold too few).

    The rings widen in turn: where rows are dense a small circle already holds enough and
    the database sorts a few hundred rows, not every row within the widest ring; each ring
    gives the nearest first, so the answer does not depend on the rings. Only keys and
    coordinates are read; `tiebreak` orders rows at the same approximate distance.
    """
    within = []
    for radius in rings_km:
        candidates = nearest_first(located, place, radius_km=radius)
        within = []
        for pk, latitude, longitude in (
                candidates.order_by(*candidates.query.order_by, tiebreak)
                .values_list("pk", "latitude", "longitude")[:count * 3]):
            distance = distance_km(place, Point(latitude, longitude))
            if distance is not None and distance <= radius:
                within.append((distance, pk))
        if len(within) >= count:
            break
    within.sort(key=lambda item: item[0])
    found = [pk for _distance, pk in within[:count]]
    if then_anywhere and len(found) < count:
        everywhere = nearest_first(located, place, radius_km=rings_km[-1], anywhere=True)
        found = list(everywhere.order_by(*everywhere.query.order_by, tiebreak)
                     .values_list("pk", flat=True)[:count])
    return found
