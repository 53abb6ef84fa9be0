"""What the portal's page types share: the content page, the place on the map, and the
section index page that hangs under the home page."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.models import HeroImage


def synchronized(*names: str) -> list[SynchronizedField]:
    """Fields every translation takes from its source page, never offered to translators
    (not even to override): numbers, dates, places and choices mean the same in every
    language. Each page type lists them in `override_translatable_fields`."""
    return [SynchronizedField(name, overridable=False) for name in names]


class PortalPage(HeroImage, Page):
    """What every content page of the portal shares: a summary, a hero picture, SEO."""

    summary = models.TextField(_("summary"), max_length=500, blank=True,
                               help_text=_("One or two sentences, shown on cards and in search."))
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    hero_panels = [FieldPanel("summary"), HeroImage.hero_image_panel]

    class Meta:
        abstract = True

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
    place_synchronized_fields = synchronized("commune", "latitude", "longitude")
    # Said here: taggit's own help text has no Vietnamese.
    tags_panel = FieldPanel("tags", help_text=_("Words visitors can find the place by, "
                                                "separated by commas."))

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


class SectionIndexPage(PortalPage):
    """A section of the site under the home page, one per language: an introduction above
    the section's pages (each section says which pages it holds in `subpage_types`)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, *PortalPage.hero_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True


class ListingIndexPage(SectionIndexPage):
    """A section that lists its live child pages with their hero pictures: the pages of
    `listing_model` in `listing_order`, as `listing_name` in the template."""

    listing_model: type[PortalPage]
    listing_name: str
    listing_order: str

    class Meta:
        abstract = True

    def listing(self):
        return (self.listing_model.objects.child_of(self).live().public()
                .select_related("hero_image").order_by(self.listing_order))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context[self.listing_name] = self.listing()
        return context
