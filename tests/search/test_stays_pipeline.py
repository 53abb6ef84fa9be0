"""Registrations reach the police stays index through the outbox, even across an outage."""

import pytest
from django.conf import settings
from django.test import override_settings

from lodging import services
from lodging.police.documents import StayDocument, StayQuery
from lodging.police.permissions import Jurisdiction
from lodging.police.stay_search import StaySearchParams
from search.indexes import ensure_index, indexed_ids
from search.models import IndexOutbox
from search.outbox import drain
from tests.lodging.conftest import make_establishment, make_staff, vietnamese_guest

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]
DEAD = {**settings.ELASTICSEARCH, "URL": "http://127.0.0.1:9", "TIMEOUT": 1}


def test_police_find_a_registered_guest_typed_without_accents_and_with_a_typo(
        clean_indexes, django_user_model):
    sapa = make_establishment("SAPA-0001", "Sa Pa")
    bac_ha = make_establishment("BACHA-0001", "Bắc Hà")
    mai = make_staff(django_user_model, "mai", sapa)
    tuan = make_staff(django_user_model, "tuan", bac_ha)
    ensure_index(StayDocument)
    services.register_stays(user=mai, establishment=sapa, guests=[vietnamese_guest(
        full_name="Nguyễn Thị Hương", sex="F", document_number="010190001234",
        date_of_birth=vietnamese_guest()["date_of_birth"].replace(year=1990))])
    services.register_stays(user=tuan, establishment=bac_ha, guests=[vietnamese_guest(
        full_name="Nguyễn Thị Hường", sex="F", document_number="015190009999",
        date_of_birth=vietnamese_guest()["date_of_birth"].replace(year=1990))])
    drain()
    assert len(indexed_ids(StayDocument)) == 2

    sapa_police = Jurisdiction(commune_codes={sapa.commune.code})
    found = StayQuery(jurisdiction=sapa_police,
                      params=StaySearchParams(q="nguyen thi huogn")).execute()["results"]
    assert [r["id"] for r in found] == [str(sapa.stays.get().pk)]
    province = Jurisdiction(province_wide=True)
    assert StayQuery(jurisdiction=province,
                     params=StaySearchParams(q="nguyen thi huong")).execute()["count"] == 2
    assert StayQuery(jurisdiction=sapa_police, params=StaySearchParams(
        document_number="015190009999")).execute()["count"] == 0


def test_registrations_while_elasticsearch_is_down_are_indexed_when_it_returns(
        clean_indexes, django_user_model):
    sapa = make_establishment("SAPA-0001", "Sa Pa")
    mai = make_staff(django_user_model, "mai", sapa)
    ensure_index(StayDocument)
    drain()  # the establishment's own row, before the outage
    with override_settings(ELASTICSEARCH=DEAD):
        submission = services.register_stays(
            user=mai, establishment=sapa,
            guests=[vietnamese_guest(), vietnamese_guest(
                full_name="Lò Văn Páo", document_number="010095000001",
                date_of_birth=vietnamese_guest()["date_of_birth"].replace(year=1995))])
        assert drain()["failed"] == 2
    assert IndexOutbox.objects.filter(model_label="lodging.stay").count() == 2
    assert drain(include_waiting=True)["indexed"] == 2
    assert indexed_ids(StayDocument) == {str(s.pk) for s in submission.stays.all()}
    stay = submission.stays.first()
    services.checkout_stay(user=mai, stay=stay)
    assert drain()["indexed"] == 1
    assert not IndexOutbox.objects.exists()


ESCTL = [__import__("sys").executable,
         str(__import__("pathlib").Path(__file__).resolve().parents[2]
             / "search" / "engine" / "esctl.py")]
OUTAGE = {"name": "test-outage", "http": 9261, "transport": 9361}


def _esctl(*args):
    import subprocess

    subprocess.run([*ESCTL, *args, "--name", OUTAGE["name"]], check=True, timeout=300)


def _start_outage_node():
    _esctl("start", "--http-port", str(OUTAGE["http"]), "--transport-port",
           str(OUTAGE["transport"]), "--heap", "256m")


@pytest.mark.cluster
def test_a_real_elasticsearch_stopped_and_restarted_during_registrations_loses_nothing(
        django_user_model):
    """The real server, stopped mid-evening: registrations go on, the index catches up."""
    from search.indexes import rebuild

    _esctl("clean")  # a node left from an earlier run must not carry its indexes over
    _start_outage_node()
    conf = {**settings.ELASTICSEARCH, "URL": f"http://127.0.0.1:{OUTAGE['http']}",
            "TIMEOUT": 2}
    try:
        with override_settings(ELASTICSEARCH=conf):
            sapa = make_establishment("SAPA-0001", "Sa Pa")
            mai = make_staff(django_user_model, "mai", sapa)
            rebuild(StayDocument)
            drain(include_waiting=True)
            guests = [vietnamese_guest(full_name=f"Khách Số {n}",
                                       document_number=f"01009000{n:04d}",
                                       date_of_birth=vietnamese_guest()["date_of_birth"])
                      for n in range(6)]
            services.register_stays(user=mai, establishment=sapa, guests=guests[:2])
            drain(include_waiting=True)
            assert len(indexed_ids(StayDocument)) == 2

            _esctl("stop")
            services.register_stays(user=mai, establishment=sapa, guests=guests[2:4])
            services.register_stays(user=mai, establishment=sapa, guests=guests[4:])
            assert drain(include_waiting=True)["failed"] == 4
            assert IndexOutbox.objects.filter(model_label="lodging.stay").count() == 4

            _start_outage_node()
            drain(include_waiting=True)
            assert not IndexOutbox.objects.exists()
            from lodging.models import Stay

            assert indexed_ids(StayDocument) == {str(pk) for pk in
                                                 Stay.objects.values_list("pk", flat=True)}
    finally:
        _esctl("stop")
