"""Page types of the public portal and the rules of the page tree, one module per family.

home → destination index → destination → attraction (attractions may also hang on the index)
home → event index → event;  home → itinerary index → itinerary;  home → article index → article
home → accommodation index (lists the lodging app's active establishments, routable)

The page types use the modules beside this package (choices, geo, calendar, ical, jsonld,
selectors), which know no page type; code above the pages imports them from here.
"""

from tourism.models.accommodation import AccommodationIndexPage
from tourism.models.articles import ArticleIndexPage, ArticlePage
from tourism.models.base import ListingIndexPage, PlaceMixin, PortalPage, SectionIndexPage
from tourism.models.events import EventIndexPage, EventPage
from tourism.models.itineraries import ItineraryIndexPage, ItineraryPage
from tourism.models.places import (
    AttractionPage,
    AttractionPageTag,
    DestinationIndexPage,
    DestinationPage,
    DestinationPageTag,
)

__all__ = [
    "AccommodationIndexPage",
    "ArticleIndexPage",
    "ArticlePage",
    "AttractionPage",
    "AttractionPageTag",
    "DestinationIndexPage",
    "DestinationPage",
    "DestinationPageTag",
    "EventIndexPage",
    "EventPage",
    "ItineraryIndexPage",
    "ItineraryPage",
    "ListingIndexPage",
    "PlaceMixin",
    "PortalPage",
    "SectionIndexPage",
]
