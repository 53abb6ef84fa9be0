"""Reads for the public search page and API: Elasticsearch first, the database if down."""

import logging

from django.conf import settings
from elastic_transport import TransportError
from elasticsearch import ApiError

from search import fallback
from search.client import get_client
from search.outbox import request_rebuild
from search.queries import PublicSearch, suggest
from search.registry import registry

logger = logging.getLogger(__name__)


def _timeout() -> float:
    # Short: a tourist waits less for the slower database answer than for a hung cluster.
    return min(2.0, settings.ELASTICSEARCH["TIMEOUT"])


def _unavailable(exc: Exception) -> bool:
    """Down, timing out, overloaded or not built yet: a reason to answer from the database.
    A 400 (our bug) is not hidden behind the fallback."""
    if isinstance(exc, ApiError):
        return exc.status_code in (404, 429) or exc.status_code >= 500
    return isinstance(exc, TransportError)


def label_facets(facets: dict) -> dict:
    """Add the human label (in the active language) of every facet value we know."""
    from search.forms import TYPE_CHOICES

    labels: dict[str, dict] = {"type": dict(TYPE_CHOICES)}
    for doc_cls in registry.public():
        for field, values in doc_cls.facet_labels().items():
            name = {"kind": f"{doc_cls.doc_type}_kind"}.get(field, field)
            labels.setdefault(name, {}).update(values)
    for name, values in facets.items():
        for value in values:
            label = labels.get(name, {}).get(value["value"])
            if label is not None and "label" not in value:
                value["label"] = str(label)
    return facets


def _rebuild_missing(exc: Exception, docs) -> None:
    """A 404 means an index was never built here: have the worker build it."""
    if not (isinstance(exc, ApiError) and exc.status_code == 404):
        return
    try:
        for doc_cls in docs:
            if not get_client().indices.exists_alias(name=doc_cls.alias()):
                request_rebuild(doc_cls.doc_type)
    except (TransportError, ApiError):
        logger.warning("could not check which search indexes are missing")


def public_search(params: PublicSearch) -> dict:
    try:
        found = params.execute(timeout=_timeout())
        found["facets"] = label_facets(found["facets"])
        return found
    except (TransportError, ApiError) as exc:
        if not _unavailable(exc):
            raise
        _rebuild_missing(exc, params.documents())
        logger.warning("Elasticsearch unavailable (%s); searching the database", exc)
        return fallback.search(params)


def public_suggestions(q: str, *, lang: str | None = None) -> list[dict]:
    try:
        return suggest(q, lang=lang, timeout=_timeout())
    except (TransportError, ApiError) as exc:
        if not _unavailable(exc):
            raise
        _rebuild_missing(exc, registry.public())
        logger.warning("Elasticsearch unavailable (%s); suggesting from the database", exc)
        return fallback.suggest(q, lang=lang)
