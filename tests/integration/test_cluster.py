"""`ES_NODES=3 make es` forms a real three-node cluster on consecutive ports."""

import subprocess
import sys
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

pytestmark = [pytest.mark.elasticsearch, pytest.mark.cluster]

ROOT = Path(__file__).resolve().parents[2]
ESCTL = [sys.executable, str(ROOT / "search" / "engine" / "esctl.py")]
NAME, HTTP, TRANSPORT = "test-trio", 9241, 9341


def test_three_nodes_form_one_cluster():
    try:
        subprocess.run([*ESCTL, "start", "--name", NAME, "--nodes", "3", "--http-port",
                        str(HTTP), "--transport-port", str(TRANSPORT), "--heap", "256m"],
                       check=True, timeout=300)
        client = Elasticsearch(f"http://127.0.0.1:{HTTP}", request_timeout=30)
        nodes = client.cat.nodes(format="json", h="name,ip")
        assert sorted(n["name"] for n in nodes) == [f"{NAME}-node-{i}" for i in (1, 2, 3)]
        assert {n["ip"] for n in nodes} == {"127.0.0.1"}
        for port in (HTTP + 1, HTTP + 2):  # every node answers for the same cluster
            other = Elasticsearch(f"http://127.0.0.1:{port}", request_timeout=30)
            assert other.cluster.health()["number_of_nodes"] == 3
    finally:
        subprocess.run([*ESCTL, "stop", "--name", NAME], check=False, timeout=120)
