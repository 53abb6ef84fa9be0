"""The public endpoints: contract of DESIGN.md section 5, page in both languages,
and the database fallback when Elasticsearch is unreachable."""

import pytest
from django.conf import settings
from django.test import override_settings

from search.models import Synonym

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]

DEAD = {**settings.ELASTICSEARCH, "URL": "http://127.0.0.1:9", "TIMEOUT": 1}


def test_search_api_contract(portal, client):
    response = client.get("/api/v1/search/", {"q": "sapa", "lat": 22.3364, "lon": 103.8438})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "results", "facets", "fallback"}
    assert data["fallback"] is False
    first = data["results"][0]
    assert set(first) == {"type", "id", "title", "url", "snippet", "distance_km"}
    assert (first["type"], first["title"], first["distance_km"]) == ("destination", "Sa Pa", 0.0)
    assert {f["value"] for f in data["facets"]["type"]} == {"destination", "accommodation"}


def test_search_api_filters_by_type_and_language(portal, client):
    data = client.get("/api/v1/search/", {"q": "bac ha", "type": "accommodation",
                                          "lang": "en"}).json()
    assert [r["title"] for r in data["results"]] == ["Bắc Hà Market Guesthouse"]
    assert "distance_km" not in data["results"][0]


def test_search_api_rejects_bad_input_clearly(portal, client):
    response = client.get("/api/v1/search/", {"type": "casino", "lat": "north"},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "type" in response.json() and "lat" in response.json()


def test_suggest_api(portal, client):
    data = client.get("/api/v1/search/suggest/", {"q": "cat c"}).json()
    assert data["suggestions"][0]["text"] == "Cát Cát Valley Homestay"
    assert set(data["suggestions"][0]) == {"text", "type", "url"}


def test_database_fallback_when_elasticsearch_is_unreachable(portal, client):
    with override_settings(ELASTICSEARCH=DEAD):
        data = client.get("/api/v1/search/", {"q": "BAC HA"}).json()
        assert data["fallback"] is True
        assert data["facets"] == {}
        assert [r["title"] for r in data["results"]][:2] == ["Bắc Hà", "Bắc Hà Market Guesthouse"]
        near = client.get("/api/v1/search/", {"lat": 22.5365, "lon": 104.2921,
                                              "radius_km": 5}).json()
        assert {r["title"] for r in near["results"]} == {"Bắc Hà", "Bắc Hà Market Guesthouse"}
        assert client.get("/api/v1/search/", {"q": "sapa"}).json()["results"][0]["title"] == (
            "Sa Pa")
        suggestions = client.get("/api/v1/search/suggest/", {"q": "cat"}).json()["suggestions"]
        assert "Cát Cát Valley Homestay" in [s["text"] for s in suggestions]
        page = client.get("/search/", {"q": "bắc hà"})
        assert "reduced mode" not in page.content.decode()  # Vietnamese page
        assert "chế độ rút gọn" in page.content.decode()


def test_search_page_in_vietnamese_and_english(portal, client):
    page = client.get("/search/", {"q": "sapa"}).content.decode()
    assert '<html lang="vi">' in page and "kết quả" in page
    assert "Sa Pa Horizon Hotel" in page and "facet-type" in page
    english = client.get("/en/search/", {"q": "sapa"}).content.decode()
    assert '<html lang="en">' in english and "results" in english
    assert "/en/03006/" in english  # English URL of the place


def test_search_page_did_you_mean_and_pagination(portal, client):
    page = client.get("/en/search/", {"q": "xapa"}).content.decode()
    assert "Did you mean" in page and "?q=sapa" in page
    paged = client.get("/en/search/", {"type": "accommodation", "page_size": 2}).content.decode()
    assert "Page 1 of 3" in paged and 'rel="next"' in paged


def test_editors_manage_synonyms_in_the_wagtail_admin(portal, admin_client):
    listing = admin_client.get("/cms-admin/snippets/search/synonym/")
    assert listing.status_code == 200 and "Phan Xi Păng" in listing.content.decode()
    response = admin_client.post("/cms-admin/snippets/search/synonym/add/", {
        "terms": "Nhà Mây\nCloud House", "note": ""})
    assert response.status_code == 302
    assert Synonym.objects.filter(terms="Nhà Mây\nCloud House").exists()
    invalid = admin_client.post("/cms-admin/snippets/search/synonym/add/", {
        "terms": "only one", "note": ""})
    assert invalid.status_code == 200 and not Synonym.objects.filter(terms="only one").exists()
    page = admin_client.get("/api/v1/search/", {"q": "Cloud House"})
    assert page.status_code == 200


def test_an_index_never_built_answers_from_the_database_and_gets_built(clean_indexes, client):
    from django_tasks_db.models import DBTaskResult

    from search.outbox import rebuild_index_task
    from search.registry import registry
    from tests.factories import make_establishment

    make_establishment("NEW-1", "02701", name="Homestay Mây Y Tý")
    data = client.get("/api/v1/search/", {"q": "may y ty"}).json()
    assert data["fallback"] is True
    assert [r["title"] for r in data["results"]] == ["Homestay Mây Y Tý"]
    requested = DBTaskResult.objects.filter(task_path__endswith="rebuild_index_task")
    assert {task.args_kwargs["args"][0] for task in requested} == {
        doc.doc_type for doc in registry.public()}
    client.get("/api/v1/search/", {"q": "again"})
    assert requested.count() == len(registry.public())  # asked once, not per search
    for doc in registry.public():
        rebuild_index_task.call(doc.doc_type)
    data = client.get("/api/v1/search/", {"q": "may y ty"}).json()
    assert data["fallback"] is False
    assert [r["title"] for r in data["results"]] == ["Homestay Mây Y Tý"]
