"""Search documents of the tourism portal. Places weigh more than the businesses and events
named after them: "sapa" finds Sa Pa before the hotels called Sapa-something."""

from search.documents import PageDocument
from search.registry import registry
from tourism.models import AttractionKind, AttractionPage, DestinationPage, EventPage


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
