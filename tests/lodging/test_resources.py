"""`manage.py import`/`export` with the stay and establishment resources."""

import csv

import pytest
from django.core.management import call_command
from django.utils import timezone

from lodging.models import Establishment, Stay
from lodging.resources import STAY_COLUMNS
from tests.lodging.conftest import french_guest, vietnamese_guest

pytestmark = pytest.mark.django_db


def write_csv(path, rows, columns=STAY_COLUMNS):
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in columns})


def sheet(guest):
    return {"establishment_code": "SAPA-0001", **{
        k: (timezone.localtime(v).strftime("%Y-%m-%d %H:%M")
            if k in ("arrival", "expected_departure")
            else v.isoformat() if hasattr(v, "isoformat") else v) for k, v in guest.items()}}


def test_the_import_command_registers_a_good_sheet(tmp_path, receptionist):
    path = tmp_path / "stays.csv"
    write_csv(path, [sheet(vietnamese_guest()), sheet(french_guest())])
    call_command("import", "lodging.resources.StayResource", str(path), "--no-input")
    assert Stay.objects.count() == 2
    assert Stay.objects.first().submission.submitted_by == receptionist


def test_the_import_command_saves_nothing_when_one_row_is_bad(tmp_path, receptionist):
    path = tmp_path / "stays.csv"
    write_csv(path, [sheet(vietnamese_guest()), sheet(french_guest(nationality="ZZZ"))])
    with pytest.raises(SystemExit) as exit_info:
        call_command("import", "lodging.resources.StayResource", str(path), "--no-input")
    assert exit_info.value.code == 1
    assert Stay.objects.count() == 0


def test_establishments_import_by_commune_name_without_diacritics(tmp_path, db):
    columns = ["code", "name", "kind", "stars", "commune", "address", "latitude",
               "longitude", "rooms", "price_min", "price_max", "amenities", "phone", "email",
               "description_vi", "description_en"]
    path = tmp_path / "establishments.csv"
    write_csv(path, [{"code": "YTY-0001", "name": "Nhà nghỉ Y Tý", "kind": "guesthouse",
                      "commune": "xa y ty", "address": "Thôn Hồng Ngài", "rooms": "6",
                      "amenities": "wifi, breakfast", "latitude": "22.6426",
                      "longitude": "103.6125"}], columns)
    call_command("import", "lodging.resources.EstablishmentResource", str(path), "--no-input")
    place = Establishment.objects.get(code="YTY-0001")
    assert place.commune.name == "Xã Y Tý" and place.amenities == ["wifi", "breakfast"]


def test_the_export_command_writes_the_contract_columns(homestay, capsysbinary):
    call_command("export", "CSV", "lodging.resources.EstablishmentResource")
    lines = capsysbinary.readouterr().out.decode("utf-8").splitlines()
    assert lines[0].startswith("code,name,kind,stars,commune")
    assert lines[1].startswith("SAPA-0001,Cát Cát Valley Homestay,homestay")


def test_an_unchanged_row_with_a_value_a_newer_rule_refuses_does_not_stop_the_sheet(homestay):
    """The pre-check refuses stars=9, but the import skips an unchanged row before model
    validation: the other rows must still be imported, not silently skipped."""
    from lodging.resources import EstablishmentResource

    Establishment.objects.filter(pk=homestay.pk).update(stars=9)  # stored before a rule
    dataset = EstablishmentResource().export(Establishment.objects.filter(pk=homestay.pk))
    new = {"code": "YTY-0002", "name": "Nhà nghỉ Hồng Ngài", "kind": "guesthouse",
           "commune": "Xã Y Tý", "address": "Thôn Hồng Ngài", "rooms": "4"}
    dataset.append([new.get(column, "") for column in dataset.headers])
    result = EstablishmentResource().import_data(dataset)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Establishment.objects.get(code="YTY-0002").name == "Nhà nghỉ Hồng Ngài"
    assert Establishment.objects.get(pk=homestay.pk).stars == 9
