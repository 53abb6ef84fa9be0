"""The police stays query: the officer's jurisdiction is a constructor argument and is
always the first filter, so no caller can search outside it.

Field names follow `search.documents.StayFields`; the stays index is never part of the
public search (its document class has `public = False`).
"""

from dataclasses import dataclass, field

from cms.text import compact, fold, normalize, shingles
from search.client import get_client, index_name

STAY_DOC_TYPE = "stay"


@dataclass(frozen=True)
class Jurisdiction:
    """Commune/ward codes an officer may see, or the whole province."""

    commune_codes: frozenset[str] = frozenset()
    province_wide: bool = False

    def __post_init__(self):
        object.__setattr__(self, "commune_codes", frozenset(self.commune_codes))

    def as_filter(self) -> dict:
        if self.province_wide:
            return {"match_all": {}}
        if not self.commune_codes:  # no jurisdiction: sees nothing
            return {"bool": {"must_not": {"match_all": {}}}}
        return {"terms": {"commune": sorted(self.commune_codes)}}


@dataclass
class StayQuery:
    jurisdiction: Jurisdiction
    q: str = ""                      # a name, typed any way
    document_number: str = ""
    nationality: str = ""
    arrival_from: str | None = None  # ISO dates
    arrival_to: str | None = None
    establishment: str = ""
    commune: str = ""
    late: bool | None = None
    page: int = 1
    page_size: int = 50
    extra_filters: list = field(default_factory=list)

    def __post_init__(self):
        if not isinstance(self.jurisdiction, Jurisdiction):
            raise TypeError("StayQuery needs the officer's Jurisdiction")

    def filters(self) -> list[dict]:
        filters = [self.jurisdiction.as_filter()]
        if self.document_number:
            filters.append({"term": {"document_number": normalize(self.document_number)
                                     .replace(" ", "").upper()}})
        if self.nationality:
            filters.append({"term": {"nationality": self.nationality.strip().upper()}})
        if self.arrival_from or self.arrival_to:
            bounds = {"gte": self.arrival_from, "lte": self.arrival_to}
            filters.append({"range": {"arrival": {k: v for k, v in bounds.items() if v}}})
        if self.establishment:
            filters.append({"term": {"establishment": self.establishment}})
        if self.commune:
            filters.append({"term": {"commune": self.commune}})
        if self.late is not None:
            filters.append({"term": {"late": self.late}})
        return filters + list(self.extra_filters)

    def query(self) -> dict:
        boolean: dict = {"filter": self.filters()}
        if fold(self.q):
            folded, joined = fold(self.q), compact(self.q)
            boolean["should"] = [
                {"match_phrase": {"full_name": {"query": normalize(self.q), "boost": 6}}},
                {"match": {"full_name_folded": {"query": folded, "operator": "and",
                                                "boost": 4}}},
                {"match": {"full_name_shingles": {"query": joined, "boost": 3}}},
                {"match": {"full_name_folded": {"query": folded, "operator": "and",
                                                "fuzziness": "AUTO", "prefix_length": 1}}},
            ]
            if shingles(self.q):
                boolean["should"].append({"match": {"full_name_folded": {
                    "query": " ".join(shingles(self.q)), "boost": 2}}})
            boolean["minimum_should_match"] = 1
        return {"bool": boolean}

    def body(self) -> dict:
        return {"query": self.query(), "from": (max(1, self.page) - 1) * self.page_size,
                "size": self.page_size, "track_total_hits": True,
                "sort": ["_score", {"arrival": {"order": "desc", "unmapped_type": "date"}}]}

    def execute(self, *, index: str | None = None) -> dict:
        response = get_client().search(index=index or index_name(STAY_DOC_TYPE), **self.body())
        hits = response["hits"]
        return {"count": hits["total"]["value"],
                "results": [{"id": hit["_id"], **hit["_source"]} for hit in hits["hits"]]}

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

    def ids(self, *, index: str | None = None) -> tuple[int, list[int]]:
        """The total and the ids of the page, without the documents: the police page and
        API read the stays from the database, and fetching 1,000 sources doubled the
        search's time."""
        response = get_client().search(index=index or index_name(STAY_DOC_TYPE),
                                       **self.body(), source=False)
        hits = response["hits"]
        return hits["total"]["value"], [int(hit["_id"]) for hit in hits["hits"]]
