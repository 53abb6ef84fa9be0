"""Indexes with one replica keep answering every query after one node of three stops."""

import subprocess
import sys
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch
from elasticsearch.helpers import bulk

from search.documents import INDEX_SETTINGS
from search.queries import PublicSearch

pytestmark = [pytest.mark.elasticsearch, pytest.mark.cluster, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
ESCTL = [sys.executable, str(ROOT / "search" / "engine" / "esctl.py")]
NAME, HTTP, TRANSPORT = "test-replicas", 9251, 9351


def test_one_node_down_every_query_still_answers():
    from tourism.documents import AccommodationDocument

    try:
        subprocess.run([*ESCTL, "start", "--name", NAME, "--nodes", "3", "--http-port",
                        str(HTTP), "--transport-port", str(TRANSPORT), "--heap", "256m"],
                       check=True, timeout=300)
        hosts = [f"http://127.0.0.1:{HTTP + i}" for i in range(3)]
        client = Elasticsearch(hosts, request_timeout=10, retry_on_timeout=True,
                               max_retries=3)
        # The cluster keeps its data between runs (esctl status says where): start from nothing.
        client.options(ignore_status=404).indices.delete(index="replicas-*",
                                                         expand_wildcards="all")
        body = AccommodationDocument.index_body()
        assert body["settings"] == INDEX_SETTINGS  # the production settings, unchanged
        for name in ("replicas-a", "replicas-b"):
            client.indices.create(index=name, **body)
        bulk(client, ({"_index": name, "_id": str(i), "_source": {
            "type": "accommodation", "title_folded": f"sapa lodge {i}",
            "title_compact": [f"sapalodge{i}"], "languages": ["vi"]}}
            for name in ("replicas-a", "replicas-b") for i in range(50)), refresh=True)
        health = client.cluster.health(wait_for_status="green", timeout="60s")
        assert health["number_of_nodes"] == 3
        shards = client.cat.shards(index="replicas-*", format="json")
        assert sorted(s["prirep"] for s in shards) == ["p", "p", "r", "r"]
        query = PublicSearch(q="sapa lodge").query()
        subprocess.run([*ESCTL, "stop", "--name", NAME, "--node", "1"], check=True,
                       timeout=120)
        survivors = Elasticsearch(hosts[1:], request_timeout=10, max_retries=3)
        survivors.cluster.health(wait_for_nodes="2", timeout="60s")
        for _ in range(20):
            response = survivors.search(index="replicas-a,replicas-b", query=query, size=3)
            assert response["hits"]["total"]["value"] == 100
            assert response["_shards"]["failed"] == 0
    finally:
        subprocess.run([*ESCTL, "stop", "--name", NAME], check=False, timeout=120)
