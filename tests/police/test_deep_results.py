"""More than 1,000 matching stays: pages go as deep as the count says, exports hold every
row (from the index and from the database fallback), in CSV and XLSX."""

import csv
import io

import openpyxl
import pytest
from django.conf import settings
from django.test import override_settings

from lodging import services
from lodging.police.documents import StayDocument, StayQuery
from lodging.police.permissions import Jurisdiction, jurisdiction_for
from lodging.police.stay_search import StaySearchParams, find_stays
from search.client import get_client, index_name
from search.indexes import ensure_index
from search.outbox import drain
from tests.auth import sign_in
from tests.lodging.conftest import vietnamese_guest

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]
DEAD = {**settings.ELASTICSEARCH, "URL": "http://127.0.0.1:9", "TIMEOUT": 1}
MANY = 1_150


@pytest.fixture
def many_stays(es_client, receptionist, homestay):
    pattern = f"{settings.ELASTICSEARCH['INDEX_PREFIX']}-*"
    es_client.options(ignore_status=404).indices.delete(index=pattern, expand_wildcards="all")
    ensure_index(StayDocument)
    services.register_stays(user=receptionist, establishment=homestay, guests=[
        vietnamese_guest(document_number=f"0100901{n:05d}", room=str(n % 40),
                         full_name=f"Nguyễn Văn An {n}") for n in range(MANY)])
    drain()
    get_client().indices.refresh(index=index_name("stay"))
    yield homestay
    es_client.options(ignore_status=404).indices.delete(index=pattern, expand_wildcards="all")


def _api_ids(client, pages, page_size=500):
    ids = []
    for page in range(1, pages + 1):
        answer = client.get("/api/v1/police/stays/", {"nationality": "VNM", "page": page,
                                                      "page_size": page_size}).json()
        assert answer["count"] == MANY
        ids += [row["id"] for row in answer["results"]]
    return ids


def _csv_rows(response) -> list[list[str]]:
    content = (b"".join(response.streaming_content) if response.streaming
               else response.content)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _xlsx_rows(response) -> int:
    content = (b"".join(response.streaming_content) if response.streaming
               else response.content)
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return sum(1 for _row in sheet.iter_rows(values_only=True))


@pytest.mark.parametrize("engine", ["index", "database"])
def test_every_page_and_every_export_row_is_there(engine, client, many_stays, sapa_officer):
    sign_in(client, sapa_officer)
    with override_settings(**({"ELASTICSEARCH": DEAD} if engine == "database" else {})):
        ids = _api_ids(client, pages=3)
        assert len(ids) == MANY and len(set(ids)) == MANY
        search = _posted_search(client)
        page = client.get("/en/police/search/", {"s": search, "page": 23})
        assert page.status_code == 200
        assert page.content.decode().count("<tr class=") == MANY - 22 * 50
        exported = _csv_rows(client.get("/en/police/export/csv/", {"s": search}))
        assert len(exported) == MANY + 1
        assert {int(row[0]) for row in exported[1:]} == set(ids)
        assert _xlsx_rows(client.get("/en/police/export/xlsx/", {"s": search})) == MANY + 1


def _posted_search(client) -> str:
    """The opaque id a posted search is kept under (the terms never go in the URL)."""
    posted = client.post("/en/police/search/", {"nationality": "VNM"})
    assert posted.status_code == 302
    return posted["Location"].split("s=", 1)[1]


@override_settings(EXPORT_STREAM_ABOVE_ROWS=100)
def test_a_large_export_is_streamed(client, many_stays, sapa_officer):
    sign_in(client, sapa_officer)
    search = _posted_search(client)
    response = client.get("/en/police/export/csv/", {"s": search})
    assert response.streaming
    assert len(_csv_rows(response)) == MANY + 1
    xlsx = client.get("/en/police/export/xlsx/", {"s": search})
    assert xlsx.streaming and _xlsx_rows(xlsx) == MANY + 1


def test_the_walk_past_the_window_keeps_the_index_order(many_stays, sapa_officer):
    """search_after inside a point in time, in small batches here, gives the same ids in
    the same order as from/size does within the window."""
    query = StayQuery(jurisdiction=Jurisdiction(commune_codes={many_stays.commune.code}),
                      params=StaySearchParams(nationality="VNM"), page_size=MANY)
    count, direct = query.ids()
    walked = [pk for batch in query.walk_ids(batch=100) for pk in batch]
    assert count == MANY and walked == direct


def test_deep_slices_of_the_search_result(many_stays, sapa_officer):
    found = find_stays(jurisdiction_for(sapa_officer), StaySearchParams(nationality="VNM"))
    assert found.count == len(found.stays) == MANY
    tail = found.stays[1100:1150]
    assert len(tail) == 50
    assert len({stay.pk for stay in found.stays[0:1000]} | {s.pk for s in tail}) == 1050
