"""Distances on the globe, for every layer: the portal's "nearby" lists and the search
fallback's radius filter measure the same way Elasticsearch's geo_distance does."""

import math

# Elasticsearch's mean Earth radius (GeoUtils.EARTH_MEAN_RADIUS), so a distance measured
# here agrees with the index's arc distance to the metre.
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
