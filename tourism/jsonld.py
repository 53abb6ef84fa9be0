"""schema.org JSON-LD for the portal's pages, as plain dicts (rendered by `ld_json`)."""

from django.utils import timezone

from tourism.selectors import amenity_labels


def _base(page, request, schema_type: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "name": page.title,
        "url": page.get_full_url(request),
        "inLanguage": page.locale.language_code,
    }
    if page.meta_description:
        data["description"] = page.meta_description
    if page.hero_image_id:
        data["image"] = _image_url(page.hero_image, request)
    return data


def _image_url(image, request) -> str:
    rendition = image.get_rendition("fill-1200x630|format-jpeg")
    return request.build_absolute_uri(rendition.url) if request else rendition.full_url


def _geo(obj) -> dict | None:
    if obj.latitude is None or obj.longitude is None:
        return None
    return {"@type": "GeoCoordinates", "latitude": float(obj.latitude),
            "longitude": float(obj.longitude)}


def _address(commune, street: str = "") -> dict:
    address = {"@type": "PostalAddress", "addressRegion": "Lào Cai", "addressCountry": "VN"}
    if commune is not None:
        address["addressLocality"] = commune.name
    if street:
        address["streetAddress"] = street
    return address


def _place(page, request, schema_type: str) -> dict:
    data = _base(page, request, schema_type)
    if geo := _geo(page):
        data["geo"] = geo
    data["address"] = _address(page.commune)
    if tags := [tag.name for tag in page.tag_list]:
        data["keywords"] = ", ".join(tags)
    return data


def tourist_destination(page, request=None) -> dict:
    data = _place(page, request, "TouristDestination")
    data["includesAttraction"] = [
        {"@type": "TouristAttraction", "name": a.title, "url": a.get_full_url(request)}
        for a in page.nearby_attractions()]
    return data


def tourist_attraction(page, request=None) -> dict:
    data = _place(page, request, "TouristAttraction")
    if page.opening_hours:
        data["openingHours"] = page.opening_hours
    data["isAccessibleForFree"] = not page.price
    return data


def event(page, request=None) -> dict:
    data = _base(page, request, "Event")
    start = page.next_occurrence() or page.start_date
    data["startDate"] = start.isoformat()
    data["endDate"] = (start + (page.last_date - page.start_date)).isoformat()
    data["eventStatus"] = "https://schema.org/EventScheduled"
    data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    location = {"@type": "Place", "name": page.location_name or page.title,
                "address": _address(page.commune)}
    if geo := _geo(page):
        location["geo"] = geo
    data["location"] = location
    if page.organiser:
        organiser = {"@type": "Organization", "name": page.organiser}
        if page.organiser_url:
            organiser["url"] = page.organiser_url
        data["organizer"] = organiser
    if page.recurrence != "none":
        data["eventSchedule"] = {
            "@type": "Schedule", "startDate": page.start_date.isoformat(),
            "repeatFrequency": "P1W" if page.recurrence == "weekly" else "P1Y",
            "scheduleTimezone": str(timezone.get_default_timezone()),
        }
    return data


def tourist_trip(page, request=None) -> dict:
    data = _base(page, request, "TouristTrip")
    stops = page.route_points()
    data["itinerary"] = {
        "@type": "ItemList",
        "numberOfItems": len(stops),
        "itemListElement": [
            {"@type": "ListItem", "position": position,
             "item": {"@type": "Place", "name": stop["title"],
                      "geo": {"@type": "GeoCoordinates", "latitude": stop["lat"],
                              "longitude": stop["lon"]}}}
            for position, stop in enumerate(stops, start=1)],
    }
    return data


def article(page, request=None) -> dict:
    data = _base(page, request, "Article")
    data["headline"] = data.pop("name")
    data["datePublished"] = page.date.isoformat()
    if page.author:
        data["author"] = {"@type": "Person", "name": page.author}
    return data


def lodging_business(establishment, index_page, request=None) -> dict:
    """Public business facts only: never anything about guests."""
    data = {
        "@context": "https://schema.org",
        "@type": "LodgingBusiness",
        "name": establishment.name,
        "url": index_page.get_full_url(request) + index_page.establishment_path(establishment),
        "address": _address(establishment.commune, establishment.address),
    }
    if geo := _geo(establishment):
        data["geo"] = geo
    if establishment.stars:
        data["starRating"] = {"@type": "Rating", "ratingValue": establishment.stars}
    if establishment.price_min or establishment.price_max:
        low = establishment.price_min or establishment.price_max
        high = establishment.price_max or establishment.price_min
        data["priceRange"] = f"{low:,}–{high:,} VND"
    if establishment.phone:
        data["telephone"] = establishment.phone
    if establishment.email:
        data["email"] = establishment.email
    if establishment.photo_id:
        data["image"] = _image_url(establishment.photo, request)
    data["amenityFeature"] = [
        {"@type": "LocationFeatureSpecification", "name": str(label), "value": True}
        for label in amenity_labels(establishment)]
    return data

