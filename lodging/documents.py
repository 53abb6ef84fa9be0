"""Search documents of the lodging app: places to stay on the public portal, and the
stays index of the police (never public: `StayFields.public` is False)."""

from urllib.parse import urlencode

from django.apps import apps
from django.urls import reverse

from lodging.models import Amenity, Establishment, EstablishmentKind, Stay
from search.documents import PublicDocument, StayFields, iso
from search.registry import registry


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
    """The listing under the portal's "places to stay" page in that language, when the
    portal has one (looked up through the app registry: lodging does not import tourism)."""
    index = _accommodation_index(language)
    if index is not None:
        return index.establishment_url(obj)
    return reverse("search:page") + "?" + urlencode({"q": obj.name, "type": "accommodation"})


def _accommodation_index(language: str):
    try:
        model = apps.get_model("tourism", "AccommodationIndexPage")
    except LookupError:
        return None
    return model.objects.live().public().filter(locale__language_code=language).first()


@registry.register
class StayDocument(StayFields):
    """One stay as the police search it; queried only through search.stays.StayQuery,
    which always applies the officer's jurisdiction."""

    doc_type = "stay"
    model = Stay

    def get_queryset(self):
        return Stay.objects.select_related("establishment", "establishment__commune")

    # The stay's own columns `_source` needs, in its order; a rebuild streams them with
    # values_list() (no Stay instances, no join: the few thousand establishments are
    # read once into a dict), which is what makes millions of stays fast (bulk_sources).
    COLUMNS = ("full_name", "document_number", "document_type", "nationality", "sex",
               "date_of_birth", "arrival", "departure", "expected_departure")

    def prepare(self, obj: Stay) -> dict:
        place = obj.establishment
        return self._source(
            obj.full_name, obj.document_number, obj.document_type, obj.nationality, obj.sex,
            obj.date_of_birth, obj.arrival, obj.departure, obj.expected_departure,
            place.code, place.name, place.commune.code, obj.late)

    def bulk_sources(self, *, batch_size: int = 5000):
        places = {pk: (code, name, commune) for pk, code, name, commune in
                  Establishment.objects.values_list("pk", "code", "name", "commune__code")}
        rows = Stay.objects.order_by("pk").values_list("pk", *self.COLUMNS,
                                                       "establishment_id", "late")
        for pk, *values, establishment_id, late in rows.iterator(batch_size):
            yield str(pk), {"type": self.doc_type,
                            **self._source(*values, *places[establishment_id], late)}

    def _source(self, full_name, document_number, document_type, nationality, sex,
                date_of_birth, arrival, departure, expected_departure, establishment,
                establishment_name, commune, late) -> dict:
        return {
            **self.name_fields(full_name),
            "document_number": document_number,
            "document_type": document_type,
            "nationality": nationality,
            "sex": sex,
            "date_of_birth": iso(date_of_birth),
            "arrival": iso(arrival),
            "departure": iso(departure),
            "expected_departure": iso(expected_departure),
            "establishment": establishment,
            "establishment_name": establishment_name,
            "commune": commune,
            "late": late,
        }
