"""Suggested itineraries: days of stops on a map, under the itinerary index."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from tourism import jsonld
from tourism.blocks import BaseStreamBlock, ItineraryDaysBlock
from tourism.choices import Difficulty, Season
from tourism.models.base import ListingIndexPage, PortalPage, synchronized


class ItineraryPage(PortalPage):
    days = StreamField(ItineraryDaysBlock(), verbose_name=_("days"), blank=True)
    distance_km = models.DecimalField(_("distance (km)"), max_digits=7, decimal_places=1,
                                      null=True, blank=True)
    best_season = models.CharField(_("best season"), max_length=20, choices=Season.choices,
                                   default=Season.ALL_YEAR)
    difficulty = models.CharField(_("difficulty"), max_length=12, choices=Difficulty.choices,
                                  default=Difficulty.MODERATE)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels, *PortalPage.hero_panels,
        FieldRowPanel([FieldPanel("distance_km"), FieldPanel("best_season"),
                       FieldPanel("difficulty")]),
        FieldPanel("days"), FieldPanel("body"),
    ]
    override_translatable_fields = synchronized("distance_km", "best_season", "difficulty")
    search_fields = [*PortalPage.search_fields, index.SearchField("body")]
    parent_page_types = ["tourism.ItineraryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("itinerary")
        verbose_name_plural = _("itineraries")

    @property
    def duration_days(self) -> int:
        return len(self.days)

    def route_points(self) -> list[dict]:
        """The stops of every day, in order, as map points."""
        points = []
        for day_number, day in enumerate(self.days, start=1):
            for stop in day.value["stops"]:
                points.append({
                    "lat": float(stop["latitude"]), "lon": float(stop["longitude"]),
                    "title": f"{day_number}. {stop['name']}",
                    "url": stop["place"].localized.url if stop["place"] else "",
                })
        return points

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["map_points"] = self.route_points()
        return context

    def structured_data(self, request=None):
        return jsonld.tourist_trip(self, request)


class ItineraryIndexPage(ListingIndexPage):
    subpage_types = ["tourism.ItineraryPage"]
    listing_model = ItineraryPage
    listing_name = "itineraries"
    listing_order = "title"

    class Meta:
        verbose_name = _("itinerary index")
