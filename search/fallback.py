"""Database search for when Elasticsearch is unreachable: slower, no facets, same folding.

Every public document type is scanned through its own `get_queryset()` and `prepare()`,
so the fallback matches exactly what would have been indexed, folded in Python by
`cms.text` (works the same on SQLite and PostgreSQL, no unaccent extension needed).
"""

from cms.geo import haversine_km
from cms.text import compact, fold, tokens
from search.queries import PublicSearch, parse_price
from search.synonyms import expand

SCAN_LIMIT = 20_000


def _matches_filters(params: PublicSearch, body: dict) -> bool:
    if params.lang and params.lang not in body.get("languages", []):
        return False
    if params.communes and body.get("commune") not in params.communes:
        return False
    if params.kinds and body.get("kind") not in params.kinds:
        return False
    if params.stars and body.get("stars") not in params.stars:
        return False
    if any(a not in (body.get("amenities") or []) for a in params.amenities):
        return False
    low, high = parse_price(params.price)
    if low is not None and (body.get("price_max") is None or body["price_max"] < low):
        return False
    if high is not None and (body.get("price_min") is None or body["price_min"] >= high):
        return False
    if params.has_point and params.radius_km:
        location = body.get("location")
        if not location or haversine_km(params.lat, params.lon, location["lat"],
                                        location["lon"]) > params.radius_km:
            return False
    return True


def _score(query: str, body: dict) -> float:
    """Rough tiers: exact name, every word in the title, every word anywhere."""
    words = tokens(query)
    if compact(query) in body.get("title_compact", []):
        return 10.0
    title_words = set(body.get("title_folded", "").split())
    title_words.update(body.get("title_shingles", "").split())
    if all(w in title_words for w in words):
        return 5.0
    if words and all(w in title_words for w in words[:-1]) and any(
            t.startswith(words[-1]) for t in title_words):
        return 3.0
    everything = title_words | set(body.get("body_folded", "").split())
    if all(w in everything for w in words):
        return 1.0
    return 0.0


def search(params: PublicSearch) -> dict:
    queries = [params.q, *expand(params.q)] if params.q else []
    scored = []
    for doc_cls in params.documents():
        doc = doc_cls()
        for obj in doc.get_queryset()[:SCAN_LIMIT]:
            body = doc.body_for(obj)
            if not _matches_filters(params, body):
                continue
            score = max((_score(q, body) for q in queries), default=1.0)
            if score <= 0:
                continue
            scored.append((score * doc_cls.type_boost, str(obj.pk), body))
    if params.by_distance:
        def key(item):
            location = item[2].get("location")
            return (haversine_km(params.lat, params.lon, location["lat"], location["lon"])
                    if location else float("inf"))
        scored.sort(key=key)
    else:
        scored.sort(key=lambda item: (-item[0], fold(item[2].get("title", ""))))
    start = (params.page - 1) * params.page_size
    page = scored[start:start + params.page_size]
    return {
        "count": len(scored),
        "results": [params.result(object_id, body) for _score_, object_id, body in page],
        "facets": {},
        "did_you_mean": None,
        "fallback": True,
    }


def suggest(q: str, *, lang: str | None = None, size: int = 8) -> list[dict]:
    prefix = fold(q)
    found = []
    for doc_cls in PublicSearch().documents():
        doc = doc_cls()
        for obj in doc.get_queryset()[:SCAN_LIMIT]:
            body = doc.body_for(obj)
            if lang and lang not in body.get("languages", []):
                continue
            if any(i.startswith(prefix) for i in body["suggest"]["input"]):
                use = lang if lang in body["titles"] else next(iter(body["titles"]), None)
                found.append((-body["suggest"]["weight"], body["titles"].get(use, ""),
                              body["type"], body["urls"].get(use, "")))
    found.sort()
    return [{"text": t, "type": ty, "url": u} for _w, t, ty, u in found[:size]]
