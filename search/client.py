"""The one Elasticsearch client of the process, configured from settings.ELASTICSEARCH."""

from functools import cache

from django.conf import settings
from elasticsearch import Elasticsearch


def _options() -> dict:
    conf = settings.ELASTICSEARCH
    options: dict = {
        "request_timeout": conf["TIMEOUT"],
        "retry_on_timeout": False,
        "max_retries": 1,
    }
    if conf.get("API_KEY"):
        options["api_key"] = conf["API_KEY"]
    elif conf.get("USERNAME"):
        options["basic_auth"] = (conf["USERNAME"], conf["PASSWORD"])
    if conf.get("CA_CERTS"):
        options["ca_certs"] = conf["CA_CERTS"]
    return options


@cache
def _client_for(url: str) -> Elasticsearch:
    return Elasticsearch(url, **_options())


def get_client() -> Elasticsearch:
    return _client_for(settings.ELASTICSEARCH["URL"])


def index_name(name: str) -> str:
    """Index (or alias) name under the configured prefix, so tests never touch dev data."""
    return f"{settings.ELASTICSEARCH['INDEX_PREFIX']}-{name}"


def cluster_health() -> dict:
    """Health of the cluster for /healthz; never raises, answers within HEALTH_TIMEOUT."""
    timeout = settings.ELASTICSEARCH["HEALTH_TIMEOUT"]
    try:
        health = get_client().options(request_timeout=timeout, max_retries=0).cluster.health()
    except Exception as exc:  # any transport or API error means "down" for the health page
        return {"ok": False, "error": type(exc).__name__}
    return {
        "ok": health["status"] in ("green", "yellow"),
        "status": health["status"],
        "nodes": health["number_of_nodes"],
        "cluster_name": health["cluster_name"],
    }
