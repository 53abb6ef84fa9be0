"""Police stays search: the jurisdiction is part of the query builder, not an option."""

from datetime import date

import pytest
from elasticsearch.helpers import bulk

from lodging.police.documents import StayDocument, StayQuery, jurisdiction_filter
from lodging.police.permissions import Jurisdiction
from lodging.police.stay_search import StaySearchParams
from search.client import get_client

pytestmark = [pytest.mark.elasticsearch]

GUESTS = [
    # id, name, document number, nationality, commune, arrival, late
    ("1", "Nguyễn Thị Hương", "010190001234", "VNM", "03006", "2026-11-20", False),
    ("2", "Nguyễn Thị Hương", "015190009999", "VNM", "02839", "2026-11-21", True),
    ("3", "Pierre Dubois", "19FR12345", "FRA", "03006", "2026-11-22", True),
    ("4", "Trần Văn Nam", "010090005678", "VNM", "02701", "2026-11-23", False),
]


class StayTestDocument(StayDocument):
    doc_type = "stay"


@pytest.fixture
def stays_index(clean_indexes):
    client = get_client()
    alias = StayTestDocument.alias()
    client.indices.create(index=alias + "-1", **StayTestDocument.index_body())
    client.indices.put_alias(index=alias + "-1", name=alias)
    actions = [{"_index": alias, "_id": i, "_source": {
        "type": "stay", **StayDocument.name_fields(name), "document_number": number,
        "nationality": nationality, "commune": commune, "arrival": arrival, "late": late,
        "establishment": f"EST-{commune}"}}
        for i, name, number, nationality, commune, arrival, late in GUESTS]
    bulk(client, actions, refresh=True)
    return alias


def ids(jurisdiction, **terms):
    query = StayQuery(jurisdiction=jurisdiction, params=StaySearchParams(**terms))
    return sorted(r["id"] for r in query.execute()["results"])


def test_an_officer_of_one_commune_never_sees_another_communes_stays(stays_index):
    sapa = Jurisdiction(commune_codes={"03006"})
    assert ids(jurisdiction=sapa) == ["1", "3"]
    assert ids(jurisdiction=sapa, q="nguyen thi huong") == ["1"]
    # asking for another commune inside the query only narrows, never widens
    assert ids(jurisdiction=sapa, commune="02839") == []
    assert ids(jurisdiction=sapa, document_number="015190009999") == []


def test_the_jurisdiction_cannot_be_skipped():
    with pytest.raises(TypeError):
        StayQuery(q="Hương")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        StayQuery(jurisdiction=None, params=StaySearchParams())
    with pytest.raises(TypeError):
        StayQuery(jurisdiction={"commune_codes": ["03006"]}, params=StaySearchParams())
    assert jurisdiction_filter(Jurisdiction()) == {"bool": {"must_not": {"match_all": {}}}}


def test_an_officer_without_communes_sees_nothing(stays_index):
    assert ids(jurisdiction=Jurisdiction()) == []


def test_province_officers_search_names_without_diacritics_and_with_typos(stays_index):
    province = Jurisdiction(province_wide=True)
    assert ids(jurisdiction=province, q="nguyen thi huong") == ["1", "2"]
    assert ids(jurisdiction=province, q="Nguyen Thi Huongg") == ["1", "2"]
    assert ids(jurisdiction=province, q="tran van nam") == ["4"]
    assert ids(jurisdiction=province, q="pierre dubios") == ["3"]


def test_exact_document_numbers_nationality_dates_and_late_only(stays_index):
    province = Jurisdiction(province_wide=True)
    assert ids(jurisdiction=province, document_number="19fr12345") == ["3"]
    assert ids(jurisdiction=province, document_number="19FR1234") == []
    assert ids(jurisdiction=province, nationality="fra") == ["3"]
    assert ids(jurisdiction=province, arrival_from=date(2026, 11, 21),
               arrival_to=date(2026, 11, 22)) == ["2", "3"]
    assert ids(jurisdiction=province, late=True) == ["2", "3"]
    assert ids(jurisdiction=province, establishment="EST-02701") == ["4"]


def test_the_stays_index_is_not_public():
    from search.registry import registry
    assert StayTestDocument.public is False
    assert all(doc.doc_type != "stay" for doc in registry.public())
