"""Exports neutralise spreadsheet formulas; create_police_user sets the jurisdiction."""

import csv
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from lodging.police.models import AuditEvent, PoliceOfficer, PoliceRole
from lodging.resources import neutralise_formula
from lodging.services import register_stays
from tests.auth import sign_in
from tests.lodging.conftest import french_guest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"),
    ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Nguyễn", "Nguyễn"), ("", ""), (5, 5)])
def test_neutralise(value, expected):
    assert neutralise_formula(value) == expected


def test_a_hostile_room_is_exported_as_text(client, homestay, receptionist, sapa_officer):
    register_stays(user=receptionist, establishment=homestay,
                   guests=[french_guest(room="=1+2", full_name="@DUBOIS MARIE")])
    sign_in(client, sapa_officer)
    row = next(csv.DictReader(io.StringIO(
        client.get("/en/police/export/csv/").content.decode("utf-8-sig"))))
    assert row["room"] == "'=1+2" and row["full_name"] == "'@DUBOIS MARIE"
    sheet = openpyxl.load_workbook(io.BytesIO(
        client.get("/en/police/export/xlsx/").content)).active
    header = [cell.value for cell in sheet[1]]
    values = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert values["room"] == "'=1+2" and values["full_name"] == "'@DUBOIS MARIE"
    assert sheet.cell(2, header.index("room") + 1).data_type == "s"
    assert list(AuditEvent.objects.values_list("row_count", flat=True)) == [1, 1]


def test_create_police_user_for_a_commune_by_name_without_accents(db):
    call_command("create_police_user", "ca-bac-ha", "--password", "long-password-1",
                 "--commune", "xa bac ha", "--watchlist")
    officer = PoliceOfficer.objects.get(user__username="ca-bac-ha")
    assert officer.role == PoliceRole.COMMUNE_OFFICER and officer.commune.name.endswith("Bắc Hà")
    assert officer.can_manage_watchlist
    assert officer.user.check_password("long-password-1")


def test_create_police_user_for_a_commune_by_code_province_and_auditor(db):
    from cms.models import Commune

    sapa = Commune.objects.in_lao_cai().resolve("Sa Pa")
    call_command("create_police_user", "ca-sapa", "--password", "long-password-1",
                 "--commune", sapa.code)
    assert PoliceOfficer.objects.get(user__username="ca-sapa").commune == sapa
    call_command("create_police_user", "ca-tinh", "--password", "long-password-1",
                 "--province")
    assert PoliceOfficer.objects.get(user__username="ca-tinh").role == "provincial_officer"
    call_command("create_police_user", "thanh-tra", "--password", "long-password-1",
                 "--province", "--role", "auditor", "--watchlist")
    auditor = PoliceOfficer.objects.get(user__username="thanh-tra")
    assert auditor.role == "auditor" and not auditor.can_manage_watchlist


@pytest.mark.parametrize("args, message", [
    (["--commune", "Atlantis"], "No single commune"),
    ([], "Give --commune"),
    (["--province", "--role", "commune_officer"], "needs --commune"),
])
def test_create_police_user_refuses_bad_input(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_police_user", "x", "--password", "long-password-1", *args)
    assert not PoliceOfficer.objects.exists()
