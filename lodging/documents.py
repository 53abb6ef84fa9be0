"""The stays index of the police (never public: `StayFields.public` is False). The public
listing of places to stay is the portal's document (tourism/documents.py): stay
registration knows no CMS pages."""

from lodging.models import Establishment, Stay
from search.documents import StayFields, iso
from search.registry import registry


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
