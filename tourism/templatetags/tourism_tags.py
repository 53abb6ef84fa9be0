import itertools
import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Site

from cms import fragment_cache
from tourism.models import AccommodationIndexPage, EventIndexPage

register = template.Library()

_map_ids = itertools.count(1)

# json_script's escaping, so a title cannot close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def vnd(amount):
    """A price in đồng grouped the way the visitor reads numbers: 500.000 or 500,000."""
    if amount in (None, ""):
        return ""
    separator = "." if (get_language() or "vi").startswith("vi") else ","
    return f"{int(amount):,}".replace(",", separator)


@register.filter
def ld_json(data):
    """Render a dict as a schema.org JSON-LD script element."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, default=str).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.inclusion_tag("tourism/includes/map.html")
def leaflet_map(points, label="", route=False):
    """An interactive map of points (dicts with lat, lon, title, url); a line if route."""
    return {"points": list(points or []), "route": route, "label": label,
            **_ids()}


@register.inclusion_tag("tourism/includes/map.html")
def point_map(value):
    point = {"lat": float(value["latitude"]), "lon": float(value["longitude"]),
             "title": value["title"], "url": ""}
    return {"points": [point], "route": False, "label": value["title"],
            **_ids()}


@register.simple_tag
def upcoming_events(limit=4):
    """The next events of the active language's event index, for the home page."""
    index = EventIndexPage.for_active_language()
    return index.upcoming(limit=limit) if index else []


@register.simple_tag(takes_context=True)
def establishment_url(context, establishment):
    """The establishment's page under the places-to-stay page of the visitor's language."""
    request = context.get("request")
    if request is None:
        index = AccommodationIndexPage.for_active_language()
    else:  # a page lists several places to stay: look the places-to-stay page up once
        if not hasattr(request, "_accommodation_index"):
            request._accommodation_index = fragment_cache.fragment(
                "accommodation-index", get_language(),
                build=AccommodationIndexPage.for_active_language, request=request)
        index = request._accommodation_index
    return index.establishment_url(establishment) if index else ""


def _ids() -> dict:
    map_id = f"map-{next(_map_ids)}"
    return {"map_id": map_id, "data_id": f"{map_id}-data"}


@register.simple_tag(takes_context=True)
def nav_sections(context):
    """The home page's sections shown in menus, in the visitor's language."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return fragment_cache.fragment(
        "nav-sections", site.pk, get_language(), request=request,
        build=lambda: list(site.root_page.localized.get_children().live().in_menu()))
