"""Search documents of the tourism portal. Places weigh more than the businesses and events
named after them: "sapa" finds Sa Pa before the hotels called Sapa-something."""

from urllib.parse import urlencode

from django.urls import reverse

from lodging.models import Amenity, Establishment, EstablishmentKind
from search.documents import PageDocument, PublicDocument
from search.registry import registry
from tourism.choices import AttractionKind
from tourism.models import AccommodationIndexPage, AttractionPage, DestinationPage, EventPage


def _tags(page) -> list[str]:
    return [tag.name for tag in page.tags.all()] if hasattr(page, "tags") else []


@registry.register
class DestinationDocument(PageDocument):
    doc_type = "destination"
    model = DestinationPage
    type_boost = 2.0
    body_fields = ("summary", "body", "best_season_note", "how_to_get_there")

    def prepare(self, obj) -> dict:
        return self.page_fields(obj, tags=_tags(obj))


@registry.register
class AttractionDocument(PageDocument):
    doc_type = "attraction"
    model = AttractionPage
    type_boost = 1.6
    body_fields = ("summary", "body", "tips")

    @classmethod
    def facet_labels(cls):
        return {"kind": dict(AttractionKind.choices)}

    def prepare(self, obj) -> dict:
        return self.page_fields(obj, kind=obj.kind, tags=_tags(obj))


@registry.register
class EventDocument(PageDocument):
    doc_type = "event"
    model = EventPage
    type_boost = 1.0
    body_fields = ("summary", "body", "location_name", "organiser")


@registry.register
class AccommodationDocument(PublicDocument):
    """An active establishment, listed in both languages under its own name."""

    doc_type = "accommodation"
    model = Establishment
    type_boost = 1.0
    auto_signals = True  # admin edits and spreadsheet imports reindex too

    @classmethod
    def facet_labels(cls):
        return {"kind": dict(EstablishmentKind.choices), "amenities": dict(Amenity.choices)}

    def get_queryset(self):
        return Establishment.objects.active().select_related("commune")

    def prepare(self, obj: Establishment) -> dict:
        return self.public_fields(
            titles={"vi": obj.name, "en": obj.name},
            bodies={"vi": obj.description_vi, "en": obj.description_en},
            urls={"vi": _url(obj, "vi"), "en": _url(obj, "en")},
            commune=obj.commune,
            kind=obj.kind,
            stars=obj.stars,
            price_min=obj.price_min,
            price_max=obj.price_max,
            amenities=obj.amenities or [],
            latitude=obj.latitude,
            longitude=obj.longitude,
            popularity=obj.stars or 0,
        )


def _url(obj: Establishment, language: str) -> str:
    """The listing under the portal's "places to stay" page in that language, or a search
    for the name while the portal has no such page."""
    index = (AccommodationIndexPage.objects.live().public()
             .filter(locale__language_code=language).first())
    if index is not None:
        return index.establishment_url(obj)
    return reverse("search:page") + "?" + urlencode({"q": obj.name, "type": "accommodation"})
