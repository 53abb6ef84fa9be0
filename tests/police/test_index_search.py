"""Police search goes through the Elasticsearch stays index, or the database when it is down."""

import pytest
from django.conf import settings
from django.test import override_settings

from lodging import services
from lodging.police.documents import StayDocument
from lodging.police.models import AuditEvent
from search.indexes import ensure_index
from search.outbox import drain
from tests.auth import sign_in
from tests.lodging.conftest import make_establishment, make_staff, vietnamese_guest
from tests.police.conftest import police_search

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]
DEAD = {**settings.ELASTICSEARCH, "URL": "http://127.0.0.1:9", "TIMEOUT": 1}


@pytest.fixture
def registered(es_client, django_user_model):
    pattern = f"{settings.ELASTICSEARCH['INDEX_PREFIX']}-*"
    es_client.options(ignore_status=404).indices.delete(index=pattern, expand_wildcards="all")
    sapa = make_establishment("SAPA-0001", "Sa Pa")
    bac_ha = make_establishment("BACHA-0001", "Bắc Hà")
    ensure_index(StayDocument)
    for place, name, number in ((sapa, "Nguyễn Thị Hương", "010190001234"),
                                (bac_ha, "Nguyễn Thị Hương", "015190009999")):
        staff = make_staff(django_user_model, f"staff-{place.code}", place)
        services.register_stays(user=staff, establishment=place, guests=[vietnamese_guest(
            full_name=name, sex="F", document_number=number,
            date_of_birth=vietnamese_guest()["date_of_birth"].replace(year=1990))])
    drain()
    yield sapa, bac_ha
    es_client.options(ignore_status=404).indices.delete(index=pattern, expand_wildcards="all")


def officer(client, django_user_model, commune_code):
    from django.core.management import call_command

    call_command("create_police_user", "officer", "--password", "long-password-1",
                 "--commune", commune_code)
    return sign_in(client, django_user_model.objects.get(username="officer"))


def test_a_name_with_a_typo_and_no_accents_finds_the_guest_in_the_commune_only(
        client, django_user_model, registered):
    sapa, _bac_ha = registered
    officer(client, django_user_model, sapa.commune.code)
    page = police_search(client, q="nguyen thi huogn")
    body = page.content.decode()
    assert "010190001234" in body and "015190009999" not in body
    assert "search index is unavailable" not in body
    api = client.post("/api/v1/police/stays/search/", {"q": "nguyen thi huogn"},
                      content_type="application/json").json()
    assert [r["document_number"] for r in api["results"]] == ["010190001234"]
    assert AuditEvent.objects.filter(action="search").exists()


def test_with_elasticsearch_down_the_police_see_a_notice_and_database_results(
        client, django_user_model, registered):
    sapa, _bac_ha = registered
    officer(client, django_user_model, sapa.commune.code)
    with override_settings(ELASTICSEARCH=DEAD):
        page = police_search(client, q="nguyen thi huong")
        typo = police_search(client, q="nguyen thi huogn")
    body = page.content.decode()
    assert "search index is unavailable" in body
    assert "010190001234" in body and "015190009999" not in body
    assert "010190001234" not in typo.content.decode()  # no typo tolerance in the fallback
