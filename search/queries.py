"""Public search: one query across every public document type.

Relevance tiers, each a `bool.should` clause with its own boost: exact name (any
spacing) > phrase in the original diacritic form > all words folded > compact forms
("Sapa" ~ "Sa Pa") > prefix > fuzzy > description. Synonym alternatives add the same
tiers slightly lower. A function score multiplies by the document type weight (places
above businesses named after them) plus a modest popularity term.
"""

from dataclasses import dataclass, field

from cms.geo import haversine_km
from cms.text import compact, fold, normalize, shingles, tokens
from search.client import get_client
from search.documents import LANGUAGES
from search.registry import registry
from search.snippets import highlight
from search.synonyms import expand

PAGE_SIZE = 10
MAX_PAGE_SIZE = 50
MAX_RESULT_WINDOW = 10_000
PRICE_BUCKETS = [(None, 500_000), (500_000, 1_000_000), (1_000_000, 2_000_000), (2_000_000, None)]
FACET_SIZE = 30


def price_key(low, high) -> str:
    return f"{low or 0}-{high or ''}"


@dataclass
class PublicSearch:
    """The parameters of one public search (already validated by the caller)."""

    q: str = ""
    lang: str | None = None
    types: list[str] = field(default_factory=list)
    communes: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    stars: list[int] = field(default_factory=list)
    amenities: list[str] = field(default_factory=list)
    price: str | None = None
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    sort: str = "relevance"          # or "distance"
    page: int = 1
    page_size: int = PAGE_SIZE

    def __post_init__(self):
        self.q = normalize(self.q)
        self.page = max(1, int(self.page))
        self.page_size = max(1, min(MAX_PAGE_SIZE, int(self.page_size)))

    # ---- targets --------------------------------------------------------------------
    def documents(self) -> list:
        docs = registry.public()
        if self.types:
            docs = [doc for doc in docs if doc.doc_type in self.types]
        return docs

    def indexes(self) -> list[str]:
        return [doc.alias() for doc in self.documents()]

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def by_distance(self) -> bool:
        return self.has_point and (self.sort == "distance" or not self.q)

    # ---- query ----------------------------------------------------------------------
    def text_clauses(self) -> list[dict]:
        clauses = _tiers(self.q, self.lang, weight=1.0)
        for alternative in expand(self.q):
            clauses += _tiers(alternative, self.lang, weight=0.9)
        return clauses

    def filters(self) -> list[dict]:
        filters: list[dict] = []
        if self.types:
            filters.append({"terms": {"type": self.types}})
        if self.lang:
            filters.append({"term": {"languages": self.lang}})
        if self.communes:
            filters.append({"terms": {"commune": self.communes}})
        if self.kinds:
            filters.append({"terms": {"kind": self.kinds}})
        if self.stars:
            filters.append({"terms": {"stars": self.stars}})
        filters += [{"term": {"amenities": amenity}} for amenity in self.amenities]
        low, high = parse_price(self.price)
        if low is not None:
            filters.append({"range": {"price_max": {"gte": low}}})
        if high is not None:
            filters.append({"range": {"price_min": {"lt": high}}})
        if self.has_point and self.radius_km:
            filters.append({"geo_distance": {"distance": f"{self.radius_km}km",
                                             "location": {"lat": self.lat, "lon": self.lon}}})
        return filters

    def query(self) -> dict:
        boolean: dict = {"filter": self.filters()}
        if self.q:
            boolean["should"] = self.text_clauses()
            boolean["minimum_should_match"] = 1
        return {"function_score": {
            "query": {"bool": boolean},
            "functions": [
                {"field_value_factor": {"field": "type_weight", "missing": 1}},
                {"field_value_factor": {"field": "popularity", "factor": 0.1,
                                        "modifier": "log1p", "missing": 0}},
            ],
            "score_mode": "sum",
            "boost_mode": "multiply",
        }}

    def body(self, *, facets: bool = True) -> dict:
        start = (self.page - 1) * self.page_size
        body: dict = {
            "query": self.query(),
            "from": min(start, MAX_RESULT_WINDOW - self.page_size),
            "size": self.page_size,
            "track_total_hits": True,
            "_source": {"excludes": ["suggest", "title_shingles", "body_folded"]},
        }
        if self.by_distance:
            body["sort"] = [{"_geo_distance": {"location": {"lat": self.lat, "lon": self.lon},
                                               "order": "asc", "unit": "km"}}, "_score"]
        if facets:
            body["aggs"] = facet_aggregations()
        if self.q:
            body["suggest"] = {"text": fold(self.q), "did_you_mean": {"term": {
                "field": "title_folded", "prefix_length": 0, "min_word_length": 3,
                "suggest_mode": "missing", "size": 1}}}
        return body

    # ---- run ------------------------------------------------------------------------
    def execute(self, *, timeout: float | None = None) -> dict:
        """Search Elasticsearch; raises transport errors (the caller may fall back)."""
        client = get_client()
        if timeout is not None:
            client = client.options(request_timeout=timeout, max_retries=0)
        # A missing index is an error (404), not "no results": the caller then answers from
        # the database and asks for a rebuild.
        response = client.search(index=",".join(self.indexes()), **self.body())
        hits = response["hits"]["hits"]
        count = response["hits"]["total"]["value"]
        return {
            "count": count,
            "results": [self.result(hit["_id"], hit["_source"]) for hit in hits],
            "facets": read_facets(response.get("aggregations", {})),
            "did_you_mean": did_you_mean(self.q, response) if not count else None,
            "fallback": False,
        }

    def result(self, object_id: str, source: dict) -> dict:
        lang = self.lang if self.lang in (source.get("titles") or {}) else None
        titles, urls = source.get("titles") or {}, source.get("urls") or {}
        lang = lang or next(iter(titles), "vi")
        body = source.get(f"body_{lang}") or next(
            (source.get(f"body_{other}") for other in ("vi", "en") if source.get(f"body_{other}")),
            "")
        words = tokens(self.q)
        snippet = highlight(body or "", words) if body else ""
        result = {
            "type": source["type"],
            "id": object_id,
            "title": titles.get(lang) or source.get("title", ""),
            "url": urls.get(lang) or next(iter(urls.values()), ""),
            "snippet": snippet,
        }
        location = source.get("location")
        if self.has_point and location:
            result["distance_km"] = round(haversine_km(self.lat, self.lon,
                                                       location["lat"], location["lon"]), 2)
        return result


def _tiers(query: str, lang: str | None, *, weight: float) -> list[dict]:
    folded, joined = fold(query), compact(query)
    if not folded:
        return []
    original = normalize(query)
    languages = [lang] if lang else ["vi", "en"]
    clauses: list[dict] = [{"term": {"title_compact": {"value": joined, "boost": 20 * weight}}}]
    for language in languages:
        clauses.append({"match_phrase": {f"title_{language}": {
            "query": original, "boost": 8 * weight}}})
        clauses.append({"match": {f"title_{language}": {
            "query": original, "operator": "and", "boost": 4 * weight}}})
        clauses.append({"match": {f"body_{language}": {
            "query": original, "operator": "and", "boost": 0.4 * weight}}})
    clauses += [
        {"match": {"title_folded": {"query": folded, "operator": "and", "boost": 4 * weight}}},
        # "Sapa" typed, "Sa Pa" indexed: the compact query meets the title's shingles...
        {"match": {"title_shingles": {"query": joined, "boost": 4 * weight}}},
        {"match_phrase_prefix": {"title_folded": {"query": folded, "boost": 2 * weight}}},
        {"match": {"title_folded": {"query": folded, "operator": "and", "fuzziness": "AUTO",
                                    "prefix_length": 1, "boost": 1 * weight}}},
        {"match": {"title_shingles": {"query": joined, "fuzziness": "AUTO",
                                      "prefix_length": 1, "boost": 0.8 * weight}}},
        {"match": {"body_folded": {"query": folded, "operator": "and", "boost": 0.3 * weight}}},
    ]
    query_shingles = shingles(query)
    if query_shingles:  # ...and "sa pa" typed meets "Sapa" indexed as one word
        clauses.append({"match": {"title_folded": {"query": " ".join(query_shingles),
                                                   "boost": 3 * weight}}})
    return clauses


def parse_price(value: str | None) -> tuple[int | None, int | None]:
    if not value or "-" not in value:
        return None, None
    low, _, high = value.partition("-")
    try:
        return (int(low) if low else None), (int(high) if high else None)
    except ValueError:
        return None, None


def facet_aggregations() -> dict:
    return {
        "type": {"terms": {"field": "type", "size": FACET_SIZE}},
        "commune": {"terms": {"field": "commune", "size": FACET_SIZE},
                    "aggs": {"name": {"terms": {"field": "commune_name", "size": 1}}}},
        "attraction_kind": {"filter": {"term": {"type": "attraction"}},
                            "aggs": {"kind": {"terms": {"field": "kind", "size": FACET_SIZE}}}},
        "accommodation_kind": {"filter": {"term": {"type": "accommodation"}},
                               "aggs": {"kind": {"terms": {"field": "kind",
                                                           "size": FACET_SIZE}}}},
        "stars": {"terms": {"field": "stars", "size": 5, "order": {"_key": "desc"}}},
        "price": {"range": {"field": "price_min", "keyed": False, "ranges": [
            {k: v for k, v in (("from", low), ("to", high), ("key", price_key(low, high)))
             if v is not None} for low, high in PRICE_BUCKETS]}},
        "amenities": {"terms": {"field": "amenities", "size": FACET_SIZE}},
    }


def read_facets(aggregations: dict) -> dict:
    if not aggregations:
        return {}
    facets: dict = {}
    for name, agg in aggregations.items():
        buckets = agg.get("kind", agg).get("buckets", [])
        values = []
        for bucket in buckets:
            if not bucket["doc_count"]:
                continue
            value = {"value": str(bucket["key"]), "count": bucket["doc_count"]}
            label = bucket.get("name", {}).get("buckets")
            if label:
                value["label"] = label[0]["key"]
            values.append(value)
        facets[name] = values
    return facets


def did_you_mean(query: str, response: dict) -> str | None:
    entries = response.get("suggest", {}).get("did_you_mean", [])
    words, changed = [], False
    for entry in entries:
        options = entry.get("options") or []
        if options:
            words.append(options[0]["text"])
            changed = True
        else:
            words.append(entry["text"])
    return " ".join(words) if changed else None


def suggest(q: str, *, lang: str | None = None, size: int = 8,
            timeout: float | None = None) -> list[dict]:
    """Autocomplete: completion suggester on folded inputs, fuzzy once a word is typed."""
    prefix = fold(q)
    if not prefix:
        return []
    completion: dict = {"field": "suggest", "size": size, "skip_duplicates": True}
    if len(prefix) >= 4:
        completion["fuzzy"] = {"fuzziness": "AUTO", "prefix_length": 2}
    # Contexts are mandatory once mapped: no language given means every language.
    completion["contexts"] = {"lang": [lang] if lang else list(LANGUAGES)}
    client = get_client()
    if timeout is not None:
        client = client.options(request_timeout=timeout, max_retries=0)
    indexes = ",".join(doc.alias() for doc in registry.public())
    response = client.search(index=indexes, suggest={"s": {"prefix": prefix,
                                                           "completion": completion}},
                             source=["type", "titles", "urls", "title"])
    seen, suggestions = set(), []
    for option in response.get("suggest", {}).get("s", [{}])[0].get("options", []):
        key = (option["_index"], option["_id"])
        if key in seen:
            continue
        seen.add(key)
        source = option["_source"]
        titles, urls = source.get("titles") or {}, source.get("urls") or {}
        use = lang if lang in titles else next(iter(titles), None)
        suggestions.append({"text": titles.get(use) or source.get("title", ""),
                            "type": source.get("type"),
                            "url": urls.get(use) or next(iter(urls.values()), "")})
    return suggestions
