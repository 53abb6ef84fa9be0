"""Invisible characters in identity text: removed at the boundary, matched in their
cleaned form, never able to break an export or reach a log.

A name with an ESC sequence broke every XLSX export of its commune (IllegalCharacterError,
a 500, the name in the log); a zero-width space or a right-to-left override let a name
slip past a name-only watchlist entry.
"""

import io
import logging

import openpyxl
import pytest
from django.apps import apps as django_apps
from rest_framework.test import APIClient

from cms.text import clean_identity_text, fold
from lodging import services
from lodging.models import Stay, StayHistory
from lodging.police.models import WatchlistAlert, WatchlistEntry
from lodging.police.watchlist import add_watchlist_entry
from search.models import IndexOutbox
from tests.auth import sign_in
from tests.lodging.conftest import as_json, owner, vietnamese_guest  # noqa: F401

pytestmark = pytest.mark.django_db

ZWSP, RLO, ESC, LRM = "\u200b", "\u202e", "\x1b", "\u200e"
DIRTY_NAMES = [f"Ng{ZWSP}uyễn Văn An", f"{RLO}Nguyễn Văn An", f"Nguyễn{ESC}[31m Văn An",
               f"Nguyễn\u2060 Văn{LRM} An\ufeff", "Nguyễn\u00ad Văn\u200d An"]


@pytest.mark.parametrize("dirty", DIRTY_NAMES)
def test_the_rule_removes_invisible_characters_and_keeps_the_words(dirty):
    cleaned = clean_identity_text(dirty)
    assert cleaned.isprintable(), repr(cleaned)
    # the ESC is removed; what followed it is visible text and stays
    assert fold(dirty) in ("nguyen van an", "nguyen 31m van an")
    assert fold(cleaned) == fold(dirty)


@pytest.mark.parametrize("dirty", DIRTY_NAMES)
def test_the_api_stores_the_cleaned_name(dirty, receptionist):
    api = APIClient()
    api.force_authenticate(receptionist)
    response = api.post("/api/v1/stays/", as_json(vietnamese_guest(
        full_name=dirty, address=f"Phường{ZWSP} Sa Pa{ESC}", room=f"10{RLO}1")),
        format="json")
    assert response.status_code == 201, response.content
    stay = Stay.objects.get()
    for value in (stay.full_name, stay.address, stay.room):
        assert value.isprintable(), repr(value)
    assert stay.room == "101" and stay.address == "Phường Sa Pa"


def test_scanned_qr_text_is_cleaned_too(receptionist, homestay):
    qr = f"010090123456|123456789|Nguyễn{ZWSP} Văn{RLO} An|17051990|Nam|Phường Sa Pa|01072021"
    guest = {k: v for k, v in vietnamese_guest().items()
             if k in ("room", "arrival", "expected_departure")}
    stay = services.register_stays(user=receptionist, establishment=homestay,
                                   guests=[{**guest, "qr": qr}]).stays.get()
    assert stay.full_name == "Nguyễn Văn An"


def test_a_spreadsheet_name_is_cleaned(receptionist, homestay):
    from cms.spreadsheets import read_dataset
    from lodging.resources import StayResource
    from tests.hardening.test_hostile_files import stay_row
    from tests.hardening.xlsx_files import workbook

    row = {**stay_row(1), "full_name": f"Lò{ZWSP} Thị{RLO} Mai"}
    dataset = read_dataset("stays.xlsx", workbook(list(row), [row]))
    result = StayResource(user=receptionist, establishments=[homestay]).import_data(dataset)
    assert not result.has_errors()
    assert Stay.objects.get().full_name == "Lò Thị Mai"


@pytest.mark.parametrize("dirty", DIRTY_NAMES[:2] + DIRTY_NAMES[3:])
def test_an_invisible_character_does_not_slip_past_a_name_only_watchlist_entry(
        dirty, receptionist, homestay, sapa_officer):
    add_watchlist_entry(user=sapa_officer, full_name="Nguyễn Văn An", reason="Lệnh truy nã")
    stay = services.register_stays(user=receptionist, establishment=homestay,
                                   guests=[vietnamese_guest(full_name=dirty)]).stays.get()
    assert WatchlistAlert.objects.filter(stay=stay).exists()


def test_a_watchlist_entry_with_invisible_characters_still_matches(
        receptionist, homestay, sapa_officer):
    add_watchlist_entry(user=sapa_officer, full_name=f"Nguyễn{ZWSP} Văn{RLO} An",
                        reason="Lệnh truy nã")
    assert WatchlistEntry.objects.get().full_name == "Nguyễn Văn An"
    stay = services.register_stays(user=receptionist, establishment=homestay,
                                   guests=[vietnamese_guest()]).stays.get()
    assert WatchlistAlert.objects.filter(stay=stay).exists()


def _stored_raw(receptionist, homestay, name) -> Stay:
    """A stay as one stored before the rule: the dirty name written behind the services."""
    stay = services.register_stays(user=receptionist, establishment=homestay,
                                   guests=[vietnamese_guest()]).stays.get()
    Stay.objects.filter(pk=stay.pk).update(full_name=name, room=f"={ESC}1",
                                           full_name_folded="nguyen van an")
    return stay


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_no_export_fails_on_a_stored_control_character(
        fmt, client, receptionist, owner, homestay, sapa_officer, caplog):  # noqa: F811
    caplog.set_level(logging.DEBUG)
    secret = f"Đinh{ESC}[2J Bí Mật"
    _stored_raw(receptionist, homestay, secret)
    sign_in(client, sapa_officer)
    posted = client.post("/en/police/search/", {"nationality": "VNM"})
    search = posted["Location"].split("s=", 1)[1]  # the terms live behind an opaque id
    police = client.get(f"/en/police/export/{fmt}/", {"s": search})
    sign_in(client, owner)  # exports are the owner's
    staff = client.get(f"/stays/export.{fmt}")
    for response in (police, staff):
        assert response.status_code == 200
        content = response.content
        if fmt == "xlsx":
            sheet = openpyxl.load_workbook(io.BytesIO(content)).active
            values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
        else:
            values = content.decode("utf-8-sig").split(",")
        assert any("Đinh[2J Bí Mật" in str(value) for value in values)
        assert not any(ESC in str(value) for value in values)
    assert "Bí Mật" not in caplog.text


def test_stored_rows_are_cleaned_by_the_migration(receptionist, homestay, sapa_officer):
    import importlib

    stay = _stored_raw(receptionist, homestay, f"Ng{ZWSP}uyễn{RLO} Văn An")
    entry = add_watchlist_entry(user=sapa_officer, full_name="Lò Văn Sáng", reason="x")
    WatchlistEntry.objects.filter(pk=entry.pk).update(full_name=f"Lò{ZWSP} Văn Sáng",
                                                      full_name_folded="lo van sang")
    IndexOutbox.objects.all().delete()
    stays = importlib.import_module("lodging.migrations.0004_clean_invisible_identity_text")
    police = importlib.import_module(
        "lodging.police.migrations.0003_clean_invisible_watchlist_text")
    stays.clean_stays(django_apps, None)
    police.clean_entries(django_apps, None)
    stay.refresh_from_db()
    assert (stay.full_name, stay.full_name_folded, stay.room) == (
        "Nguyễn Văn An", "nguyen van an", "=1")
    history = StayHistory.objects.get(stay=stay, action="corrected")
    assert history.changes["full_name"] == [f"Ng{ZWSP}uyễn{RLO} Văn An", "Nguyễn Văn An"]
    assert "Automatic cleaning" in history.reason
    assert IndexOutbox.objects.filter(object_id=str(stay.pk)).exists()
    entry.refresh_from_db()
    assert (entry.full_name, entry.full_name_folded) == ("Lò Văn Sáng", "lo van sang")
