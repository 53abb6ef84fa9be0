"""Distances between places on the map (great-circle, good enough for a province)."""

import math

EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE = 111.32  # of latitude (and of longitude at the equator)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def distance_km(a, b) -> float | None:
    """Distance between two objects with latitude/longitude, None when one has no location."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    return haversine_km(float(a.latitude), float(a.longitude),
                        float(b.latitude), float(b.longitude))
