"""Destinations and the attractions in and around them, under the destination index."""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from tourism import geo, jsonld, selectors
from tourism.blocks import BaseStreamBlock
from tourism.choices import AttractionKind, Season
from tourism.models.base import PlaceMixin, PortalPage, SectionIndexPage, synchronized


class DestinationIndexPage(SectionIndexPage):
    subpage_types = ["tourism.DestinationPage", "tourism.AttractionPage"]

    class Meta:
        verbose_name = _("destination index")

    def destinations(self):
        return DestinationPage.objects.child_of(self).live().public().order_by("title")

    def attractions(self):
        return AttractionPage.objects.descendant_of(self).live().public().order_by("title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        destinations = list(self.destinations().select_related("hero_image", "commune"))
        attractions = list(self.attractions().select_related("commune"))
        context["destinations"] = destinations
        context["attractions"] = attractions
        context["map_points"] = [p for p in (d.map_point() for d in destinations + attractions)
                                 if p]
        return context


class DestinationPageTag(TaggedItemBase):
    content_object = ParentalKey("tourism.DestinationPage", related_name="tagged_items",
                                 on_delete=models.CASCADE)


class DestinationPage(PlaceMixin, PortalPage):  # noqa: DJ008 - Page.__str__ is the title
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    best_season = models.CharField(_("best season"), max_length=20, choices=Season.choices,
                                   default=Season.ALL_YEAR)
    best_season_note = models.CharField(_("about the seasons"), max_length=250, blank=True)
    how_to_get_there = RichTextField(_("how to get there"), blank=True,
                                     features=["bold", "italic", "link", "ul"])
    tags = ClusterTaggableManager(through=DestinationPageTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *Page.content_panels, *PortalPage.hero_panels, FieldPanel("body"),
        MultiFieldPanel([FieldPanel("best_season"), FieldPanel("best_season_note")],
                        heading=_("When to go")),
        FieldPanel("how_to_get_there"), *PlaceMixin.place_panels, PlaceMixin.tags_panel,
    ]
    override_translatable_fields = [*PlaceMixin.place_synchronized_fields,
                                    *synchronized("best_season")]
    search_fields = [*PortalPage.search_fields, index.SearchField("body"),
                     index.FilterField("commune")]
    parent_page_types = ["tourism.DestinationIndexPage"]
    subpage_types = ["tourism.AttractionPage"]

    class Meta:
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")

    NEARBY_KM = 25
    # Radii of the rings `geo.nearest_keys` widens through. Among a destination's own
    # attractions, when it has many, the search starts smaller: they crowd around the town,
    # most within a few kilometres; elsewhere the small ring would only cost a query.
    RINGS_KM = (NEARBY_KM / 8, NEARBY_KM / 2, NEARBY_KM)
    DENSE_RINGS_KM = (NEARBY_KM / 32, *RINGS_KM)

    def nearby_attractions(self, limit=8):
        """Attractions below this destination, then others within NEARBY_KM, nearest first.

        The database narrows the candidates (children, or inside the bounding box of the
        circle) and orders them by an equirectangular distance, so only a handful of pages
        are loaded however many attractions the province has; the exact great-circle
        distance then decides. Computed once per page view.
        """
        cache = self.__dict__.setdefault("_nearby_cache", {})
        if limit not in cache:
            cache[limit] = self._nearby_attractions(limit)
        return cache[limit]

    def _nearby_attractions(self, limit):
        pages = (AttractionPage.objects.live().public().filter(locale_id=self.locale_id)
                 .select_related("hero_image", "commune"))
        located = pages.select_related(None)
        # The range lets PostgreSQL use the path index (LIKE 'prefix%' cannot under a
        # non-C collation); startswith keeps it exact.
        below = located.filter(
            path__range=(self.path, self.path + "Z" * (255 - len(self.path))),
            path__startswith=self.path)
        # At most `limit` rows: a count would read every attraction of a dense destination.
        own = list(below.values_list("pk", "latitude", "longitude")[:limit])
        if len(own) >= limit:  # the nearest of this destination's own attractions
            found = geo.nearest_keys(below, self, limit, rings_km=self.DENSE_RINGS_KM,
                                     then_anywhere=True, tiebreak="path")
        else:
            own.sort(key=lambda row: geo.distance_km(self, geo.Point(*row[1:])) or 0)
            children = [pk for pk, _latitude, _longitude in own]
            found = [*children, *geo.nearest_keys(
                located.exclude(pk__in=children), self, limit - len(children),
                rings_km=self.RINGS_KM, tiebreak="path")]
        # The pages found, with their pictures and communes, in one query: joining those
        # to every candidate of a ring is what is slow where attractions are dense.
        loaded = pages.in_bulk(found)
        return [loaded[pk] for pk in found if pk in loaded]

    def nearby_places_to_stay(self, limit=6):
        return selectors.establishments_near(self, radius_km=self.NEARBY_KM, limit=limit)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        attractions = self.nearby_attractions()
        context["attractions"] = attractions
        context["places_to_stay"] = self.nearby_places_to_stay()
        # Named, not imported: the events section builds on this page type (its feeds are
        # per destination), so it imports this module.
        event_index = apps.get_model("tourism", "EventIndexPage")
        events = event_index.objects.live().filter(locale=self.locale).first()
        if events is not None and self.commune_id:
            context["events_ical_url"] = events.ical_url(self)
        points = [self.map_point(), *(a.map_point() for a in attractions)]
        context["map_points"] = [p for p in points if p]
        return context

    def structured_data(self, request=None):
        return jsonld.tourist_destination(self, request)


class AttractionPageTag(TaggedItemBase):
    content_object = ParentalKey("tourism.AttractionPage", related_name="tagged_items",
                                 on_delete=models.CASCADE)


class AttractionPage(PlaceMixin, PortalPage):  # noqa: DJ008 - Page.__str__ is the title
    kind = models.CharField(_("kind"), max_length=20, choices=AttractionKind.choices)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    price = models.CharField(_("price"), max_length=200, blank=True,
                             help_text=_("Entrance fee, e.g. 150,000 VND; empty if free."))
    tips = RichTextField(_("tips"), blank=True, features=["bold", "italic", "link", "ul"])
    tags = ClusterTaggableManager(through=AttractionPageTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *Page.content_panels, FieldPanel("kind"), *PortalPage.hero_panels, FieldPanel("body"),
        MultiFieldPanel([FieldPanel("opening_hours"), FieldPanel("price"), FieldPanel("tips")],
                        heading=_("Practical information")),
        *PlaceMixin.place_panels, PlaceMixin.tags_panel,
    ]
    # The price stays translatable: it is text ("Cáp treo từ 750.000 đ", "Free"), written
    # with each language's words and number format.
    override_translatable_fields = [*PlaceMixin.place_synchronized_fields,
                                    *synchronized("kind")]
    search_fields = [*PortalPage.search_fields, index.SearchField("body"),
                     index.FilterField("kind"), index.FilterField("commune")]
    parent_page_types = ["tourism.DestinationIndexPage", "tourism.DestinationPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("attraction")
        verbose_name_plural = _("attractions")
        # "Nearby" looks attractions up by bounding box (DestinationPage.nearby_attractions).
        indexes = [models.Index(fields=["latitude", "longitude"],
                                name="attraction_location")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["map_points"] = [p for p in [self.map_point()] if p]
        return context

    def structured_data(self, request=None):
        return jsonld.tourist_attraction(self, request)
