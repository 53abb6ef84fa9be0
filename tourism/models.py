"""Page types of the public portal and the rules of the page tree.

home → destination index → destination → attraction (attractions may also hang on the index)
home → event index → event;  home → itinerary index → itinerary;  home → article index → article
home → accommodation index (lists the lodging app's active establishments, routable)
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from tourism import geo, jsonld
from tourism.blocks import BaseStreamBlock, ItineraryDaysBlock


class AttractionKind(models.TextChoices):
    MOUNTAIN = "mountain", _("Mountain")
    VILLAGE = "village", _("Village")
    MARKET = "market", _("Market")
    WATERFALL = "waterfall", _("Waterfall")
    TEMPLE = "temple", _("Temple")
    PASS = "pass", _("Mountain pass")
    LAKE = "lake", _("Lake")
    TERRACES = "terraces", _("Rice terraces")
    HOT_SPRING = "hot_spring", _("Hot spring")
    HERITAGE = "heritage", _("Heritage site")
    BORDER = "border", _("Border gate")
    VIEWPOINT = "viewpoint", _("Viewpoint")


class Season(models.TextChoices):
    ALL_YEAR = "all_year", _("All year")
    SPRING = "spring", _("Spring (February–April)")
    SUMMER = "summer", _("Summer (May–August)")
    AUTUMN = "autumn", _("Autumn (September–November)")
    WINTER = "winter", _("Winter (December–January)")


class Difficulty(models.TextChoices):
    EASY = "easy", _("Easy")
    MODERATE = "moderate", _("Moderate")
    CHALLENGING = "challenging", _("Challenging")


class Recurrence(models.TextChoices):
    NONE = "none", _("Once")
    WEEKLY = "weekly", _("Every week")
    YEARLY = "yearly", _("Every year")


class PortalPage(Page):
    """What every content page of the portal shares: a summary, a hero picture, SEO."""

    summary = models.TextField(_("summary"), max_length=500, blank=True,
                               help_text=_("One or two sentences, shown on cards and in search."))
    hero_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("hero image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    hero_image_alt = models.CharField(
        _("hero image alternative text"), max_length=250, blank=True,
        help_text=_("Required with a hero image: describe the picture."))

    search_fields = [*Page.search_fields, index.SearchField("summary")]
    hero_panels = [FieldPanel("summary"), MultiFieldPanel(
        [FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading=_("Hero image"))]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError(
                {"hero_image_alt": _("Describe the hero image for people who cannot see it.")})

    @property
    def meta_description(self) -> str:
        return self.search_description or self.summary

    def structured_data(self, request=None) -> dict | None:
        return None


class PlaceMixin(models.Model):
    """A place on the map, inside one commune or ward of Lào Cai."""

    commune = models.ForeignKey(
        "cms.Commune", verbose_name=_("commune or ward"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+")
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))])
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))])

    place_panels = [FieldPanel("commune"), FieldRowPanel(
        [FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Location"))]

    class Meta:
        abstract = True

    @cached_property
    def tag_list(self):
        """The place's tags, read once per page view: the key facts and the JSON-LD both
        show them (each place type declares its own `tags`)."""
        return list(self.tags.all())

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def map_point(self) -> dict | None:
        if not self.has_location:
            return None
        return {"lat": float(self.latitude), "lon": float(self.longitude),
                "title": self.title, "url": self.url}


class DestinationIndexPage(PortalPage):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, *PortalPage.hero_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["tourism.DestinationPage", "tourism.AttractionPage"]
    max_count_per_parent = 1

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
        FieldPanel("how_to_get_there"), *PlaceMixin.place_panels, FieldPanel("tags"),
    ]
    search_fields = [*PortalPage.search_fields, index.SearchField("body"),
                     index.FilterField("commune")]
    parent_page_types = ["tourism.DestinationIndexPage"]
    subpage_types = ["tourism.AttractionPage"]

    class Meta:
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")

    NEARBY_KM = 25
    # Radii of the rings `_nearest` widens through. Among a destination's own attractions,
    # when it has many, the search starts smaller: the benchmark has 7,000 around a town,
    # 2,400 of them within 3 km; elsewhere the small ring would only cost a query.
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
        # At most `limit` rows: a count read all 7,000 of a dense destination (20 ms).
        own = list(below.values_list("pk", "latitude", "longitude")[:limit])
        if len(own) >= limit:  # the nearest of this destination's own attractions
            found = self._nearest(below, limit, anywhere=True)
        else:
            own.sort(key=lambda row: geo.distance_km(self, geo.Point(*row[1:])) or 0)
            children = [pk for pk, _latitude, _longitude in own]
            found = [*children, *self._nearest(located.exclude(pk__in=children),
                                               limit - len(children), anywhere=False)]
        # The pages found, with their pictures and communes, in one query: joining those
        # to every candidate of a ring cost 30 ms where attractions are dense.
        loaded = pages.in_bulk(found)
        return [loaded[pk] for pk in found if pk in loaded]

    def _nearest(self, located, count, *, anywhere):
        """Keys of the `count` attractions nearest this page within NEARBY_KM (or, with
        `anywhere`, the nearest wherever they are), by rings: where attractions are dense
        a small circle already holds enough and the database sorts a few hundred rows,
        not every attraction within NEARBY_KM (tens of thousands in the benchmark); each
        ring gives the nearest first, so the answer does not depend on the rings. Only
        keys and coordinates are read."""
        within = []
        for radius in self.DENSE_RINGS_KM if anywhere else self.RINGS_KM:
            candidates = geo.nearest_first(located, self, radius_km=radius)
            within = []
            for pk, latitude, longitude in (
                    candidates.order_by(*candidates.query.order_by, "path")
                    .values_list("pk", "latitude", "longitude")[:count * 3]):
                distance = geo.distance_km(self, geo.Point(latitude, longitude))
                if distance is not None and distance <= radius:
                    within.append((distance, pk))
            if len(within) >= count:
                break
        within.sort(key=lambda item: item[0])
        found = [pk for _distance, pk in within[:count]]
        if anywhere and len(found) < count:
            everywhere = geo.nearest_first(located, self, radius_km=self.NEARBY_KM,
                                           anywhere=True)
            found = list(everywhere.order_by(*everywhere.query.order_by, "path")
                         .values_list("pk", flat=True)[:count])
        return found

    def nearby_places_to_stay(self, limit=6):
        from tourism.selectors import establishments_near

        return establishments_near(self, radius_km=self.NEARBY_KM, limit=limit)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        attractions = self.nearby_attractions()
        context["attractions"] = attractions
        context["places_to_stay"] = self.nearby_places_to_stay()
        events = EventIndexPage.objects.live().filter(locale=self.locale).first()
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
        *PlaceMixin.place_panels, FieldPanel("tags"),
    ]
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


class EventIndexPage(RoutablePageMixin, PortalPage):
    """Upcoming events at its root, a calendar of one month at /<year>/<month>/."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, *PortalPage.hero_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["tourism.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event index")

    def events(self):
        return EventPage.objects.child_of(self).live().public()

    def upcoming(self, today=None, limit=None):
        from tourism.calendar import upcoming_events

        return upcoming_events(self.events(), today=today or timezone.localdate(), limit=limit)

    @path("")
    def upcoming_view(self, request):
        today = timezone.localdate()
        return self.render(request, context_overrides={
            "upcoming": self.upcoming(today),
            "this_month_url": self.month_url(today),
        })

    @path("ical/")
    def ical_view(self, request):
        from tourism import ical

        calendar = ical.events_calendar(self.events(), name=self.title, request=request)
        return ical.feed_response(calendar, filename=self.slug)

    @path("ical/<slug:destination>/")
    def destination_ical_view(self, request, destination):
        """The events in one destination's commune or ward."""
        from tourism import ical

        place = (DestinationPage.objects.live().public().filter(locale=self.locale,
                                                                slug=destination).first())
        if place is None or place.commune_id is None:
            raise Http404
        calendar = ical.events_calendar(self.events().filter(commune_id=place.commune_id),
                                        name=f"{self.title} · {place.title}", request=request)
        return ical.feed_response(calendar, filename=f"{self.slug}-{place.slug}")

    def ical_url(self, destination=None) -> str:
        if destination is None:
            return self.url + self.reverse_subpage("ical_view")
        return self.url + self.reverse_subpage("destination_ical_view",
                                               kwargs={"destination": destination.slug})

    def month_url(self, day: datetime.date) -> str:
        return self.url + self.reverse_subpage(
            "month_view", kwargs={"year": f"{day.year:04d}", "month": f"{day.month:02d}"})

    @re_path(r"^(?P<year>\d{4})/(?P<month>\d{1,2})/$")
    def month_view(self, request, year, month):
        from tourism.calendar import month_calendar

        try:
            first = datetime.date(int(year), int(month), 1)
        except ValueError as exc:
            raise Http404 from exc
        calendar = month_calendar(self.events(), first)
        return self.render(request, template="tourism/event_month.html", context_overrides={
            "calendar": calendar,
            "previous_url": self.month_url(calendar.previous),
            "next_url": self.month_url(calendar.next),
        })


class EventPage(PlaceMixin, PortalPage):  # noqa: DJ008 - Page.__str__ is the title
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True,
                                help_text=_("Empty for a one-day event."))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    recurrence = models.CharField(_("repeats"), max_length=10, choices=Recurrence.choices,
                                  default=Recurrence.NONE)
    repeat_until = models.DateField(_("repeats until"), null=True, blank=True)
    location_name = models.CharField(_("location"), max_length=200, blank=True)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    organiser_url = models.URLField(_("organiser's website"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels, *PortalPage.hero_panels,
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
            FieldRowPanel([FieldPanel("recurrence"), FieldPanel("repeat_until")]),
        ], heading=_("Dates")),
        FieldPanel("location_name"), *PlaceMixin.place_panels,
        FieldRowPanel([FieldPanel("organiser"), FieldPanel("organiser_url")]),
        FieldPanel("body"),
    ]
    search_fields = [*PortalPage.search_fields, index.SearchField("body"),
                     index.FilterField("start_date")]
    parent_page_types = ["tourism.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The event cannot end before it starts.")})
        if self.repeat_until and self.recurrence == Recurrence.NONE:
            raise ValidationError(
                {"repeat_until": _("Only a repeating event has an end of repeats.")})

    @property
    def last_date(self) -> datetime.date:
        return self.end_date or self.start_date

    def next_occurrence(self, today=None):
        from tourism.calendar import next_occurrence

        return next_occurrence(self, today or timezone.localdate())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["next_date"] = self.next_occurrence()
        context["map_points"] = [p for p in [self.map_point()] if p]
        return context

    def structured_data(self, request=None):
        return jsonld.event(self, request)


class ItineraryIndexPage(PortalPage):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, *PortalPage.hero_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["tourism.ItineraryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("itinerary index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["itineraries"] = ItineraryPage.objects.child_of(self).live().public() \
            .select_related("hero_image").order_by("title")
        return context


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


class ArticleIndexPage(PortalPage):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, *PortalPage.hero_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["tourism.ArticlePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("article index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = ArticlePage.objects.child_of(self).live().public() \
            .select_related("hero_image").order_by("-date")
        return context


class ArticlePage(PortalPage):
    date = models.DateField(_("date"), default=datetime.date.today)
    author = models.CharField(_("author"), max_length=120, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldRowPanel([FieldPanel("date"),
                      FieldPanel("author")]), *PortalPage.hero_panels, FieldPanel("body")]
    search_fields = [*PortalPage.search_fields, index.SearchField("body")]
    parent_page_types = ["tourism.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def structured_data(self, request=None):
        return jsonld.article(self, request)


class AccommodationIndexPage(RoutablePageMixin, PortalPage):
    """Public listing of the lodging app's active establishments; never any guest data."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, *PortalPage.hero_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("places to stay")

    @path("")
    def listing_view(self, request):
        from tourism import selectors
        from tourism.forms import AccommodationFilterForm

        form = AccommodationFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        establishments = selectors.public_establishments(**filters)
        return self.render(request, context_overrides={
            "filter_form": form,
            "establishments": establishments,
            "map_points": [p for p in (selectors.establishment_map_point(e, self)
                                       for e in establishments) if p],
        })

    @path("<slug:code>/")
    def detail_view(self, request, code):
        from tourism import selectors

        establishment = selectors.public_establishment(code)
        if establishment is None:
            raise Http404
        point = selectors.establishment_map_point(establishment, self)
        return self.render(request, template="tourism/accommodation_detail.html",
                           context_overrides={
                               "establishment": establishment,
                               "description": selectors.establishment_description(establishment),
                               "amenities": selectors.amenity_labels(establishment),
                               "map_points": [point] if point else [],
                               "structured_data": jsonld.lodging_business(
                                   establishment, self, request),
                               "detail_code": establishment.code,
                           })

    def establishment_url(self, establishment) -> str:
        return self.url + self.reverse_subpage("detail_view", kwargs={"code": establishment.code})

    def get_sitemap_urls(self, request=None):
        from tourism import selectors

        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for establishment in selectors.public_establishments():
            urls.append({"location": base + self.reverse_subpage(
                "detail_view", kwargs={"code": establishment.code}),
                "lastmod": establishment.updated_at})
        return urls
