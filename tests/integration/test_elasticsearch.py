"""The official Python client talks to the real Elasticsearch 8 unchanged."""

import pytest
from django.test import Client

from search.client import cluster_health, index_name

pytestmark = pytest.mark.elasticsearch


def test_create_index_search_and_delete(es_client):
    name = index_name("smoke")
    es_client.options(ignore_status=404).indices.delete(index=name)
    es_client.indices.create(
        index=name,
        settings={"number_of_shards": 1, "auto_expand_replicas": "0-1"},
        mappings={"properties": {
            "title": {"type": "text"},
            "title_folded": {"type": "text"},
            "location": {"type": "geo_point"},
            "suggest": {"type": "completion"},
        }},
    )
    es_client.index(index=name, id="sapa", document={
        "title": "Sa Pa", "title_folded": "sa pa",
        "location": {"lat": 22.336, "lon": 103.844}, "suggest": ["Sa Pa"],
    }, refresh=True)
    hits = es_client.search(index=name, query={"match": {"title_folded": "sa pa"}})["hits"]
    assert hits["total"]["value"] == 1
    assert hits["hits"][0]["_id"] == "sapa"
    near = es_client.search(index=name, query={"geo_distance": {
        "distance": "5km", "location": {"lat": 22.34, "lon": 103.84}}})
    assert near["hits"]["total"]["value"] == 1
    es_client.indices.delete(index=name)
    assert not es_client.indices.exists(index=name)


def test_the_server_is_elasticsearch_8(es_client):
    response = es_client.nodes.info(filter_path="nodes.*.version")
    versions = {node["version"] for node in response["nodes"].values()}
    assert versions and all(v.startswith("8.") for v in versions)
    assert response.meta.headers["X-Elastic-Product"] == "Elasticsearch"


@pytest.mark.django_db
def test_healthz_reports_elasticsearch_up(es_client):
    assert cluster_health()["ok"] is True
    data = Client().get("/healthz").json()
    assert data["status"] == "ok"
    assert data["elasticsearch"]["status"] in ("green", "yellow")
