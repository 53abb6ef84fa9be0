"""The police stays index: its mapping, its document and its query, in one place.

Never public (`StayDocument.public` is False): the public listing of places to stay is
the portal's document (tourism/documents.py). The search registry finds this module as
every app's `documents.py`. The query cannot be built without the officer's
`Jurisdiction`, and the jurisdiction is always its first filter.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from elasticsearch_dsl import Boolean, Date, Keyword, Text

from cms.dates import start_of_day
from cms.text import compact, fold, normalize, shingles, shingles_of
from lodging.models import Establishment, Stay
from lodging.police.permissions import Jurisdiction
from search.client import get_client, index_name
from search.documents import SearchDocument, iso
from search.registry import registry

if TYPE_CHECKING:
    from lodging.police.stay_search import StaySearchParams

STAY_DOC_TYPE = "stay"


@registry.register
class StayDocument(SearchDocument):
    """One stay as the police search it."""

    doc_type = STAY_DOC_TYPE
    model = Stay
    public = False

    full_name = Text(analyzer="standard")
    full_name_folded = Text(analyzer="standard")
    full_name_shingles = Text(analyzer="standard")
    document_number = Keyword()
    document_type = Keyword()
    nationality = Keyword()
    sex = Keyword()
    date_of_birth = Date()
    arrival = Date()
    departure = Date()
    expected_departure = Date()
    establishment = Keyword()
    establishment_name = Text(analyzer="standard")
    commune = Keyword()
    late = Boolean()

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

    @staticmethod
    def name_fields(full_name: str) -> dict:
        name = normalize(full_name)
        folded = fold(name)
        return {"full_name": name, "full_name_folded": folded,
                "full_name_shingles": " ".join(shingles_of(folded.split(" ") if folded
                                                           else []))}


def jurisdiction_filter(jurisdiction: Jurisdiction) -> dict:
    """The jurisdiction as a filter of the stays index."""
    if jurisdiction.province_wide:
        return {"match_all": {}}
    if not jurisdiction.commune_codes:  # no jurisdiction: sees nothing
        return {"bool": {"must_not": {"match_all": {}}}}
    return {"terms": {"commune": sorted(jurisdiction.commune_codes)}}


@dataclass
class StayQuery:
    """The stays of a jurisdiction that match `params`, best first."""

    jurisdiction: Jurisdiction
    params: "StaySearchParams"
    page_size: int = 50

    def __post_init__(self):
        if not isinstance(self.jurisdiction, Jurisdiction):
            raise TypeError("StayQuery needs the officer's Jurisdiction")

    def filters(self) -> list[dict]:
        params = self.params
        filters = [jurisdiction_filter(self.jurisdiction)]
        if params.document_number:
            filters.append({"term": {"document_number": params.document_number}})
        if params.date_of_birth:
            filters.append({"term": {"date_of_birth": params.date_of_birth.isoformat()}})
        if params.nationality:
            filters.append({"term": {"nationality": params.nationality}})
        arrival = {}
        if params.arrival_from:
            arrival["gte"] = start_of_day(params.arrival_from).isoformat()
        if params.arrival_to:
            arrival["lt"] = start_of_day(params.arrival_to + timedelta(days=1)).isoformat()
        if arrival:
            filters.append({"range": {"arrival": arrival}})
        if params.establishment:
            filters.append({"term": {"establishment": params.establishment}})
        if params.commune:
            filters.append({"term": {"commune": params.commune}})
        if params.late:
            filters.append({"term": {"late": True}})
        return filters

    def query(self) -> dict:
        boolean: dict = {"filter": self.filters()}
        q = self.params.q
        if fold(q):
            folded, joined = fold(q), compact(q)
            boolean["should"] = [
                {"match_phrase": {"full_name": {"query": q, "boost": 6}}},
                {"match": {"full_name_folded": {"query": folded, "operator": "and",
                                                "boost": 4}}},
                {"match": {"full_name_shingles": {"query": joined, "boost": 3}}},
                {"match": {"full_name_folded": {"query": folded, "operator": "and",
                                                "fuzziness": "AUTO", "prefix_length": 1}}},
            ]
            if shingles(q):
                boolean["should"].append({"match": {"full_name_folded": {
                    "query": " ".join(shingles(q)), "boost": 2}}})
            boolean["minimum_should_match"] = 1
        return {"bool": boolean}

    def body(self) -> dict:
        return {"query": self.query(), "size": self.page_size, "track_total_hits": True,
                "sort": ["_score", {"arrival": {"order": "desc", "unmapped_type": "date"}}]}

    def execute(self, *, index: str | None = None) -> dict:
        response = get_client().search(index=index or index_name(STAY_DOC_TYPE), **self.body())
        hits = response["hits"]
        return {"count": hits["total"]["value"],
                "results": [{"id": hit["_id"], **hit["_source"]} for hit in hits["hits"]]}

    def ids(self, *, index: str | None = None) -> tuple[int, list[int]]:
        """The total and the ids of the first page, without the documents: the police
        page and API read the stays from the database."""
        response = get_client().search(index=index or index_name(STAY_DOC_TYPE),
                                       **self.body(), source=False)
        hits = response["hits"]
        return hits["total"]["value"], [int(hit["_id"]) for hit in hits["hits"]]

    def walk_ids(self, *, batch: int = 10_000, index: str | None = None,
                 keep_alive: str = "2m"):
        """Every matching id, best first, in batches (lists), as deep as the count goes.

        `from` + `size` stops at the index's result window (10,000); beyond it the
        answer is walked with `search_after` inside a point in time, so the order stays
        the same from the first batch to the last (its `_shard_doc` breaks ties) while
        stays keep being registered.
        """
        client = get_client()
        pit = client.open_point_in_time(index=index or index_name(STAY_DOC_TYPE),
                                        keep_alive=keep_alive)["id"]
        try:
            after = None
            while True:
                body = {"query": self.query(), "size": batch, "track_total_hits": False,
                        "sort": self.body()["sort"],
                        "pit": {"id": pit, "keep_alive": keep_alive}}
                if after is not None:
                    body["search_after"] = after
                response = client.search(**body, source=False)
                pit = response.get("pit_id", pit)  # the cluster may hand a newer id back
                hits = response["hits"]["hits"]
                if not hits:
                    return
                yield [int(hit["_id"]) for hit in hits]
                if len(hits) < batch:
                    return
                after = hits[-1]["sort"]
        finally:
            client.options(ignore_status=404).close_point_in_time(id=pit)
