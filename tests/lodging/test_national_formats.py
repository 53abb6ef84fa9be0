"""The national portal's two files, re-read the way the portal reads them: the Vietnamese
guests' workbook by position (openpyxl) and the foreigners' XML (an XML parser), both
compared with golden files written by hand from NATIONAL-PORTAL.md."""

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from defusedxml import ElementTree
from openpyxl import Workbook, load_workbook
from openpyxl.workbook.defined_name import DefinedName

from lodging import services as stay_services
from lodging.models import Stay
from lodging.national import catalogue, exporters, services
from lodging.national.models import BatchKind
from lodging.national.records import vietnamese_row

from .national_support import NOW, TODAY, foreigner, register, vietnamese

pytestmark = pytest.mark.django_db
GOLDEN = Path(__file__).with_name("golden")


def _vn_batch(receptionist, homestay):
    *_, border = register(receptionist, homestay,
             vietnamese(),
             vietnamese(full_name="Trần Văn Bình", sex="M", date_of_birth=date(1988, 12, 30),
                        document_number="015088000123", reason="Leo núi Fansipan & chụp ảnh",
                        room="102", address="Thôn Lao Chải"),
             vietnamese(full_name="Lê Minh", sex="M", date_of_birth=date(1970, 1, 1),
                        document_type="cmnd", document_number="012345678", reason="CÔNG TÁC",
                        room="103", issue_date=None),
             vietnamese(full_name="Vàng Thị Mỷ", date_of_birth=date(2001, 6, 15),
                        document_number="010301000456", reason="thăm thân", room="104",
                        address="Bản Phùng, Lào Cai"))
    # A border pass (giấy thông hành): registration takes it only from foreigners today,
    # but Vietnamese border residents hold one too (older or imported stays): the portal
    # wants "9 - Giấy Tờ Khác" with the document's name in G.
    Stay.objects.filter(pk=border.pk).update(document_type="border_pass",
                                             document_number="B0123456")
    return services.create_batch(user=receptionist, establishment=homestay,
                                 kind=BatchKind.VIETNAMESE, date_from=TODAY, date_to=TODAY,
                                 now=NOW)


def _sheet_grid(content: bytes):
    sheet = load_workbook(io.BytesIO(content))[exporters.VN_SHEET]
    return sheet, [[sheet.cell(row, column).value or "" for column in range(1, 20)]
                   for row in range(5, sheet.max_row + 1)]


def test_the_vietnamese_workbook_matches_the_golden_rows_by_position(receptionist, homestay):
    batch = _vn_batch(receptionist, homestay)
    sheet, grid = _sheet_grid(bytes(batch.content))
    golden = json.loads((GOLDEN / "vn_rows.json").read_text(encoding="utf-8"))
    # Receipt codes are random: the note column (S) is checked apart.
    assert [row[:18] for row in grid] == golden
    assert [row[18] for row in grid] == list(
        batch.items.order_by("position").values_list("stay__receipt_code", flat=True))
    assert batch.count == 4 and sheet.max_row == 8  # no blank row between records
    # Row 4 is the example the portal skips by position; the data continue its numbering.
    assert sheet["A4"].value == "1" and sheet["A5"].value == "2"
    for row in sheet.iter_rows(min_row=5, max_row=8):
        for cell in row:
            if cell.value is not None:
                assert cell.data_type == "s" and cell.number_format == "@", cell.coordinate
    # Leading zeros kept: the number is text, 12 characters.
    assert sheet["H5"].value == "001195012345" and sheet["H7"].value == "012345678"
    assert sheet["C5"].value == "03/02/1995"
    # G (document name) only when F is "9 - Giấy Tờ Khác"; empty in the other rows.
    assert (sheet["F8"].value, sheet["G8"].value, sheet["H8"].value) == (
        "9 - Giấy Tờ Khác", "Giấy thông hành", "B0123456")
    assert [sheet.cell(row, 7).value for row in range(5, 8)] == [None, None, None]


def test_the_vietnamese_workbook_goes_into_a_copy_of_the_official_template(
        receptionist, homestay, tmp_path, settings):
    template = Workbook()
    data = template.active
    data.title = exporters.VN_SHEET
    data["A1"], data["A4"], data["B4"] = "MẪU", "1", "Nguyễn Văn A"
    data["B9"] = "left over from the template"
    provinces = template.create_sheet("TINH_THANH")
    provinces["A1"] = "205 - Lào Cai"
    template.create_sheet("PHUONG_XA")["A1"] = "205000001 - Phường Sa Pa"
    template.defined_names["DM_TINH"] = DefinedName("DM_TINH", attr_text="TINH_THANH!$A$1:$A$34")
    path = tmp_path / "tblt_vn_import.xlsx"
    template.save(path)
    settings.NATIONAL_VN_TEMPLATE = str(path)

    batch = _vn_batch(receptionist, homestay)
    workbook = load_workbook(io.BytesIO(bytes(batch.content)))
    assert workbook.sheetnames == [exporters.VN_SHEET, "TINH_THANH", "PHUONG_XA"]
    assert "DM_TINH" in workbook.defined_names
    assert workbook["TINH_THANH"]["A1"].value == "205 - Lào Cai"
    sheet = workbook[exporters.VN_SHEET]
    assert sheet["A1"].value == "MẪU" and sheet["B4"].value == "Nguyễn Văn A"
    assert [sheet.cell(row, 2).value for row in range(5, 9)] == [
        "Nguyễn Thị Ánh", "Trần Văn Bình", "Lê Minh", "Vàng Thị Mỷ"]
    assert sheet.max_row == 8  # the template's old rows below the data are gone


def test_the_foreign_xml_matches_the_golden_file(receptionist, homestay):
    staying, leaving = register(
        receptionist, homestay, foreigner(room='A&B "<2>"'),
        foreigner(full_name="Müller Jürgen", document_number="C01X00T47",
                  nationality="DEU", sex="M", room="204", reason="cong tac",
                  expected_departure=NOW + timedelta(days=1)),
        now=NOW)
    stay_services.checkout_stay(user=receptionist, stay=leaving,
                                departure=NOW - timedelta(minutes=30), now=NOW)
    batch = services.create_batch(user=receptionist, establishment=homestay,
                                  kind=BatchKind.FOREIGN, date_from=TODAY, date_to=TODAY,
                                  now=NOW)
    content = bytes(batch.content)
    assert content == (GOLDEN / "foreign.xml").read_bytes()

    root = ElementTree.fromstring(content)
    assert root.tag == "KHAI_BAO_TAM_TRU"
    first, second = root.findall("THONG_TIN_KHACH")
    # The guest still in the house has no ngay_tra_phong at all (never an empty one).
    assert [child.tag for child in first] == [
        "so_thu_tu", "ho_ten", "ngay_sinh", "ngay_sinh_dung_den", "gioi_tinh", "ma_quoc_tich",
        "so_ho_chieu", "so_phong", "ngay_den", "ngay_di_du_kien", "thoi_han_tam_tru"]
    assert [child.tag for child in second][10] == "ngay_tra_phong"
    assert len(second) == 12
    # Escaped in the file (& < > " '), whole once parsed.
    assert first.findtext("so_phong") == 'A&B "<2>"'
    assert b"<so_phong>A&amp;B &quot;&lt;2&gt;&quot;</so_phong>" in content
    assert first.findtext("ho_ten") == "O'NEIL SEAN"
    assert second.findtext("ho_ten") == "MULLER JURGEN"
    assert second.findtext("ma_quoc_tich") == "D"  # the portal's code for Germany
    assert b"<ho_ten>O&apos;NEIL SEAN</ho_ten>" in content


def test_a_skipped_first_xml_record_is_a_setting_not_code(receptionist, homestay, settings):
    settings.NATIONAL_XML_SKIPS_FIRST_RECORD = True
    register(receptionist, homestay, foreigner())
    batch = services.create_batch(user=receptionist, establishment=homestay,
                                  kind=BatchKind.FOREIGN, date_from=TODAY, date_to=TODAY,
                                  now=NOW)
    records = ElementTree.fromstring(bytes(batch.content)).findall("THONG_TIN_KHACH")
    assert [r.findtext("so_thu_tu") for r in records] == ["1", "2"]
    assert records[1].findtext("so_ho_chieu") == "PA1234567" and batch.count == 1


def test_the_catalogue_is_data_with_its_source_and_the_portals_own_codes():
    assert len(catalogue.entries("nationalities")) == 198
    assert catalogue.source()["date"] == "2026-07-26"
    assert catalogue.portal_nationality("VNM").display == "VNM - Viet Nam"
    assert catalogue.portal_nationality("DEU").display == "D - Germany"
    assert catalogue.portal_nationality("ATA") is None
    assert len(catalogue.entries("reasons")) == 20
    assert catalogue.document_type("cccd").display == "1 - Thẻ CCCD"
    assert catalogue.document_type("cccd", can_cuoc=True).display == "8 - Thẻ Căn Cước"
    assert catalogue.document_type("border_pass").display == "9 - Giấy Tờ Khác"
    assert catalogue.document_name("border_pass") == "Giấy thông hành"


def test_the_portal_names_the_card_as_staff_chose_else_as_its_issue_date_says(
        receptionist, homestay):
    new_card = date(2025, 3, 1)
    by_date, chosen_old, chosen_new, undated = register(
        receptionist, homestay,
        vietnamese(issue_date=new_card),
        vietnamese(document_number="001195012346", issue_date=new_card, card_name="cccd"),
        vietnamese(document_number="001195012347", card_name="can_cuoc"),
        vietnamese(document_number="001195012348"))
    document = {stay.document_number: vietnamese_row(stay, 1)[5]
                for stay in (by_date, chosen_old, chosen_new, undated)}
    assert document == {"001195012345": "8 - Thẻ Căn Cước", "001195012346": "1 - Thẻ CCCD",
                        "001195012347": "8 - Thẻ Căn Cước", "001195012348": "1 - Thẻ CCCD"}


def test_a_stored_control_character_cannot_break_either_file(receptionist, homestay):
    """Identity text is cleaned at the boundary; a row stored before that rule (or by
    hand) still gives files the portal can read, without the character."""
    vn, = register(receptionist, homestay, vietnamese(), now=NOW)
    guest, = register(receptionist, homestay, foreigner(), now=NOW)
    Stay.objects.filter(pk__in=[vn.pk, guest.pk]).update(room="2\x1b01")
    workbook = services.create_batch(user=receptionist, establishment=homestay,
                                     kind=BatchKind.VIETNAMESE, date_from=TODAY, date_to=TODAY,
                                     now=NOW)
    xml = services.create_batch(user=receptionist, establishment=homestay,
                                kind=BatchKind.FOREIGN, date_from=TODAY, date_to=TODAY,
                                now=NOW)
    sheet = load_workbook(io.BytesIO(bytes(workbook.content))).active
    assert "201" in [cell.value for cell in sheet[5]]
    record = ElementTree.fromstring(bytes(xml.content)).find("THONG_TIN_KHACH")
    assert record.findtext("so_phong") == "201"
