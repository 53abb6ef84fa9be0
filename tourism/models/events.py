"""Events (one-off, weekly markets, yearly festivals) under the event index, which also
serves a month calendar and iCalendar feeds, one per destination."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from tourism import calendar, ical, jsonld
from tourism.blocks import BaseStreamBlock
from tourism.choices import Recurrence
from tourism.models.base import PlaceMixin, PortalPage, SectionIndexPage, synchronized
from tourism.models.places import DestinationPage


class EventIndexPage(RoutablePageMixin, SectionIndexPage):
    """Upcoming events at its root, a calendar of one month at /<year>/<month>/."""

    subpage_types = ["tourism.EventPage"]

    class Meta:
        verbose_name = _("event index")

    @classmethod
    def for_active_language(cls):
        return cls.objects.live().filter(locale=Locale.get_active()).first()

    def events(self):
        return EventPage.objects.child_of(self).live().public()

    def upcoming(self, today=None, limit=None):
        return calendar.upcoming_events(self.events(), today=today or timezone.localdate(),
                                        limit=limit)

    @path("")
    def upcoming_view(self, request):
        today = timezone.localdate()
        return self.render(request, context_overrides={
            "upcoming": self.upcoming(today),
            "this_month_url": self.month_url(today),
        })

    @path("ical/")
    def ical_view(self, request):
        feed = ical.events_calendar(self.events(), name=self.title, request=request)
        return ical.feed_response(feed, filename=self.slug)

    @path("ical/<slug:destination>/")
    def destination_ical_view(self, request, destination):
        """The events in one destination's commune or ward."""
        place = (DestinationPage.objects.live().public().filter(locale=self.locale,
                                                                slug=destination).first())
        if place is None or place.commune_id is None:
            raise Http404
        feed = ical.events_calendar(self.events().filter(commune_id=place.commune_id),
                                    name=f"{self.title} · {place.title}", request=request)
        return ical.feed_response(feed, filename=f"{self.slug}-{place.slug}")

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
        try:
            first = datetime.date(int(year), int(month), 1)
        except ValueError as exc:
            raise Http404 from exc
        shown = calendar.month_calendar(self.events(), first)
        return self.render(request, template="tourism/event_month.html", context_overrides={
            "calendar": shown,
            "previous_url": self.month_url(shown.previous),
            "next_url": self.month_url(shown.next),
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
    override_translatable_fields = [
        *PlaceMixin.place_synchronized_fields,
        *synchronized("start_date", "end_date", "start_time", "end_time", "recurrence",
                      "repeat_until"),
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
        return calendar.next_occurrence(self, today or timezone.localdate())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["next_date"] = self.next_occurrence()
        context["map_points"] = [p for p in [self.map_point()] if p]
        return context

    def structured_data(self, request=None):
        return jsonld.event(self, request)
