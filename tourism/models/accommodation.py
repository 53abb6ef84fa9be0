"""The places-to-stay section: the lodging app's active establishments, listed and shown
one by one at /<code>/ (routable), with public business data only, never guest data."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Locale

from tourism import jsonld, selectors
from tourism.forms import AccommodationFilterForm
from tourism.models.base import SectionIndexPage


class AccommodationIndexPage(RoutablePageMixin, SectionIndexPage):
    """Public listing of the lodging app's active establishments; never any guest data."""

    subpage_types = []

    class Meta:
        verbose_name = _("places to stay")

    @classmethod
    def published(cls, locale=None):
        """The live, public places-to-stay page of a language, or of any when locale is None."""
        pages = cls.objects.live().public()
        if locale is not None:
            pages = pages.filter(locale=locale)
        # Not in tree order: with many pages PostgreSQL would walk the whole page tree to
        # find the one index page; there is one per language anyway.
        return pages.order_by("pk").first()

    @classmethod
    def for_active_language(cls):
        """The page in the visitor's language, else any language's."""
        try:
            locale = Locale.get_active()
        except Locale.DoesNotExist:
            return cls.published()
        return cls.published(locale) or cls.published()

    @path("")
    def listing_view(self, request):
        form = AccommodationFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        establishments = selectors.public_establishments(**filters)
        return self.render(request, context_overrides={
            "filter_form": form,
            "establishments": establishments,
            "map_points": [p for p in (self.establishment_map_point(e)
                                       for e in establishments) if p],
        })

    @path("<slug:code>/")
    def detail_view(self, request, code):
        establishment = selectors.public_establishment(code)
        if establishment is None:
            raise Http404
        point = self.establishment_map_point(establishment)
        return self.render(request, template="tourism/accommodation_detail.html",
                           context_overrides={
                               "establishment": establishment,
                               "description": selectors.establishment_description(establishment),
                               "amenities": selectors.amenity_labels(establishment),
                               "map_points": [point] if point else [],
                               "structured_data": jsonld.lodging_business(
                                   establishment, self, request),
                           })

    def establishment_path(self, establishment) -> str:
        """The establishment's page, relative to this one."""
        return self.reverse_subpage("detail_view", kwargs={"code": establishment.code})

    def establishment_url(self, establishment) -> str:
        return self.url + self.establishment_path(establishment)

    def establishment_map_point(self, establishment) -> dict | None:
        if establishment.latitude is None or establishment.longitude is None:
            return None
        return {"lat": float(establishment.latitude), "lon": float(establishment.longitude),
                "title": establishment.name, "url": self.establishment_url(establishment)}

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for establishment in selectors.public_establishments():
            urls.append({"location": base + self.establishment_path(establishment),
                         "lastmod": establishment.updated_at})
        return urls
