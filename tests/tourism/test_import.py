"""Bulk import of destinations and attractions: CSV and XLSX, admin and command line.

A bad file is reported row by row and nothing at all is saved.
"""

import csv
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import tablib
from django.core.management import call_command
from wagtail.models import Locale

from tourism.models import AttractionPage, DestinationIndexPage, DestinationPage
from tourism.resources import COLUMNS, DestinationResource

pytestmark = pytest.mark.django_db

GOOD_ROWS = [
    {"slug": "sa-pa", "kind": "destination", "title_vi": "Sa Pa", "title_en": "Sa Pa",
     "summary_vi": "Thị trấn trong sương", "summary_en": "The misty town",
     "commune": "03006", "latitude": "22.3363", "longitude": "103.8438",
     "tags": "núi, trekking"},
    {"slug": "ban-cat-cat", "kind": "village", "title_vi": "Bản Cát Cát",
     "title_en": "Cát Cát village", "summary_vi": "Bản người Mông",
     "summary_en": "A Hmong village", "commune": "phuong sa pa", "latitude": "22.3293",
     "longitude": "103.8317", "tags": "bản làng"},
    {"slug": "cho-bac-ha", "kind": "market", "title_vi": "Chợ phiên Bắc Hà",
     "title_en": "Bắc Hà market", "summary_vi": "Chợ Chủ nhật",
     "summary_en": "Sunday market", "commune": "Bắc Hà", "latitude": "22,5414",
     "longitude": "104,2893", "tags": ""},
]


def dataset(rows):
    data = tablib.Dataset(headers=list(COLUMNS))
    for row in rows:
        data.append([row[column] for column in COLUMNS])
    return data


def csv_file(tmp_path, rows, name="places.csv") -> Path:
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def xlsx_file(tmp_path, rows) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row[column] for column in COLUMNS])
    path = tmp_path / "places.xlsx"
    book.save(path)
    return path


def english(page):
    return page.get_translation(Locale.objects.get(language_code="en")).specific


def assert_good_rows_imported():
    vi = Locale.objects.get(language_code="vi")
    sa_pa = DestinationPage.objects.get(locale=vi, slug="sa-pa")
    assert isinstance(sa_pa.get_parent().specific, DestinationIndexPage)
    assert sa_pa.live and sa_pa.commune.name == "Phường Sa Pa"
    assert sorted(t.name for t in sa_pa.tags.all()) == ["núi", "trekking"]
    assert english(sa_pa).summary == "The misty town" and english(sa_pa).live
    village = AttractionPage.objects.get(locale=vi, slug="ban-cat-cat")
    assert village.kind == "village" and village.commune.code == "03006"
    assert english(village).title == "Cát Cát village"
    market = AttractionPage.objects.get(locale=vi, slug="cho-bac-ha")
    assert str(market.latitude) == "22.541400" and market.commune.name == "Xã Bắc Hà"
    assert DestinationPage.objects.count() == 2 and AttractionPage.objects.count() == 4


def test_import_good_dataset_then_update_without_duplicates(sections):
    result = DestinationResource().import_data(dataset(GOOD_ROWS))
    assert not result.has_errors(), [e.error for _n, errs in result.row_errors() for e in errs]
    assert_good_rows_imported()

    changed = [dict(GOOD_ROWS[0], title_en="Sa Pa town"), *GOOD_ROWS[1:]]
    result = DestinationResource().import_data(dataset(changed))
    assert not result.has_errors()
    assert result.totals["update"] == 3
    assert DestinationPage.objects.count() == 2
    assert english(DestinationPage.objects.get(slug="sa-pa", locale__language_code="vi")).title \
        == "Sa Pa town"


def test_import_csv_through_the_management_command(tmp_path, sections):
    path = csv_file(tmp_path, GOOD_ROWS)
    call_command("import", "tourism.resources.DestinationResource", str(path), "--no-input")
    assert_good_rows_imported()


def test_import_xlsx_through_the_management_command(tmp_path, sections):
    path = xlsx_file(tmp_path, GOOD_ROWS)
    call_command("import", "tourism.resources.DestinationResource", str(path), "--no-input")
    assert_good_rows_imported()


BAD_ROWS = [
    GOOD_ROWS[0],
    dict(GOOD_ROWS[1], commune="Hà Nội"),
    dict(GOOD_ROWS[2], kind="castle", latitude="abc"),
]


def test_bad_file_reports_row_numbers_and_saves_nothing(sections):
    before = (DestinationPage.objects.count(), AttractionPage.objects.count())
    result = DestinationResource().import_data(dataset(BAD_ROWS))
    assert result.has_errors()
    errors = {number: " ".join(str(e.error) for e in errs) for number, errs in result.row_errors()}
    assert set(errors) == {2, 3}
    assert "commune" in errors[2] and "Hà Nội" in errors[2]
    assert "kind" in errors[3] and "castle" in errors[3] and "latitude" in errors[3]
    assert (DestinationPage.objects.count(), AttractionPage.objects.count()) == before
    assert not DestinationPage.objects.filter(slug="sa-pa").exists(), "the good row too"


def test_bad_file_through_the_command_exits_with_errors(tmp_path):
    """The real command in a subprocess against a throwaway SQLite database."""
    path = csv_file(tmp_path, BAD_ROWS)
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "laocai.settings.test", "PATH": "/usr/bin:/bin",
           "LAOCAI_VAR_DIR": str(tmp_path)}
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=root, env=env,
                   check=True)

    def page_count():
        count = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c",
             "from wagtail.models import Page; print(Page.objects.count())"],
            cwd=root, env=env, capture_output=True, text=True, check=True)
        return int(count.stdout.strip().splitlines()[-1])

    before = page_count()
    run = subprocess.run([sys.executable, "manage.py", "import",
                          "tourism.resources.DestinationResource", str(path), "--no-input"],
                         cwd=root, env=env, capture_output=True, text=True)
    assert run.returncode == 1
    assert "Line number: 2" in run.stderr and "Hà Nội" in run.stderr
    assert "Line number: 3" in run.stderr
    assert page_count() == before, "nothing saved, not even the section pages"


def test_wrong_columns_are_refused(sections):
    data = tablib.Dataset(headers=["slug", "name"])
    data.append(["sa-pa", "Sa Pa"])
    result = DestinationResource().import_data(data)
    assert result.has_errors()
    message = " ".join(str(e.error) for e in result.base_errors)
    assert "title_vi" in message and "name" in message
    assert not DestinationPage.objects.exists()


def test_export_round_trip(sections):
    DestinationResource().import_data(dataset(GOOD_ROWS))
    exported = DestinationResource().export()
    assert list(exported.headers) == list(COLUMNS)
    rows = {row["slug"]: row for row in exported.dict}
    assert rows["sa-pa"]["kind"] == "destination"
    assert rows["sa-pa"]["summary_en"] == "The misty town"
    assert rows["ban-cat-cat"]["commune"] == "03006"
    assert rows["cho-bac-ha"]["latitude"] == "22.541400"

    class Out(io.StringIO):
        buffer = io.BytesIO()

    out = Out()
    call_command("export", "CSV", "tourism.resources.DestinationResource", stdout=out)
    exported_csv = out.buffer.getvalue().decode()
    assert exported_csv.splitlines()[0] == ",".join(COLUMNS)
    assert "ban-cat-cat,village,Bản Cát Cát,Cát Cát village" in exported_csv


def test_admin_import_view(admin_client, tmp_path, sections):
    bad = csv_file(tmp_path, BAD_ROWS, "bad.csv")
    with bad.open("rb") as handle:
        response = admin_client.post("/cms-admin/tourism/import/", {"file": handle})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Không có gì được lưu" in html and "Dòng 2" in html and "Dòng 3" in html
    assert not DestinationPage.objects.exists()

    good = xlsx_file(tmp_path, GOOD_ROWS)
    with good.open("rb") as handle:
        response = admin_client.post("/cms-admin/tourism/import/", {"file": handle})
    assert "3 mới" in response.content.decode()
    assert_good_rows_imported()

    response = admin_client.get("/cms-admin/tourism/export/xlsx/")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in next(book.active.iter_rows())] == list(COLUMNS)
