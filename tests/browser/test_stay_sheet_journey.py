"""A guesthouse in Bắc Hà sends its guests as a spreadsheet, on a phone (390 px) and at a
desk (1366 px): it downloads the Vietnamese template, fills it in, sees every mistake of
the sheet after one upload, fixes them, checks the guests listed in the preview and
registers them all at once."""

import io
from datetime import timedelta

import openpyxl
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from cms.models import Commune
from lodging.models import Establishment, StaffMembership, Stay
from tests.browser.conftest import OUTPUT, journey

pytestmark = journey
PASSWORD = "long-password-1"


def _guesthouse():
    place = Establishment.objects.create(
        code="BACHA-0102", name="Nhà nghỉ Hoa Ban", kind="guesthouse", address="Bắc Hà",
        commune=Commune.objects.in_lao_cai().resolve("Bắc Hà"), rooms=8)
    user = get_user_model().objects.create_user("hoa-ban", password=PASSWORD)
    StaffMembership.objects.create(user=user, establishment=place, role="receptionist")
    return user


def _when(delta: timedelta) -> str:
    return (timezone.localtime() + delta).strftime("%d/%m/%Y %H:%M")


def _guest(name, sex, born, number, **cells):
    return {"Họ và tên": name, "Giới tính": sex, "Ngày sinh": born, "Loại giấy tờ": "CCCD",
            "Số giấy tờ": number, "Quốc tịch": "Việt Nam",
            "Địa chỉ thường trú": "Xã Bắc Hà, Lào Cai", "Lý do lưu trú": "Du lịch",
            "Phòng": "3", "Giờ đến": _when(-timedelta(hours=2)),
            "Dự kiến đi": _when(timedelta(days=1)), **cells}


def _filled_in(template: bytes, rows) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for row in rows:
        sheet.append([row.get(header, "") for header in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(page, name: str, content: bytes) -> None:
    page.set_input_files("#id_file", files=[{
        "name": name, "buffer": content,
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_load_state()


def _fits(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide at {width} px"


def test_a_sheet_is_fixed_after_one_upload_previewed_and_registered_on_a_phone_and_a_desk(
        browser, live_server):
    user = _guesthouse()
    for width, height in ((390, 844), (1366, 900)):
        Stay.objects.all().delete()
        context = browser.new_context(base_url=live_server.url, locale="vi-VN",
                                      viewport={"width": width, "height": height},
                                      accept_downloads=True)
        context.set_default_timeout(15_000)
        violations = []
        page = context.new_page()
        page.on("console", lambda message, found=violations: found.append(message.text)
                if "Content Security Policy" in message.text else None)
        page.goto("/stays/upload/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/stays/upload/")
        _fits(page, width)

        with page.expect_download() as download:
            page.get_by_role("link", name="XLSX").click()
        template = open(download.value.path(), "rb").read()  # noqa: SIM115
        assert openpyxl.load_workbook(io.BytesIO(template)).sheetnames[0] == "Lưu trú"

        mistakes = [
            _guest("Sùng A Lử", "Nam", "12/04/1988", "010088000011"),
            _guest("Thào Thị Mỷ", "Nữ", "07/09/1995", "010095000012"),  # a man's card
            _guest("Giàng Seo Pao", "Nam", "30/02/1979", "010079000013"),  # no such day
            _guest("Lù Văn Sử", "Nam", "02/02/1990", "010090000014",
                   **{"Giờ đến": _when(timedelta(hours=3))}),  # not here yet
            _guest("Ly Thị Sai", "Nữ", "03/03/1992", "010192000015",
                   **{"Quốc tịch": "Atlantis"}),
            _guest("Sùng A Lử", "Nam", "12/04/1988", "010088000011"),  # row 2 again
        ]
        _upload(page, "khach-sai.xlsx", _filled_in(template, mistakes))
        summary = page.locator("#error-summary")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text("Có 5 lỗi cần sửa")
        problems = page.locator("table.sheet-problems tbody tr")
        expect(problems).to_have_count(5)
        for row, column in ((3, "Số giấy tờ"), (4, "Ngày sinh"), (5, "Giờ đến"),
                            (6, "Quốc tịch"), (7, "Số giấy tờ")):
            expect(page.locator(f"#row-{row}")).to_contain_text(f"Cột “{column}”")
        _fits(page, width)
        page.screenshot(path=str(OUTPUT / f"stay-sheet-errors-{width}.png"), full_page=True)
        assert Stay.objects.count() == 0

        fixed = [_guest("Sùng A Lử", "Nam", "12/04/1988", "010088000011"),
                 _guest("Thào Thị Mỷ", "nữ", "07/09/1995", "010195000012", **{
                     "Loại giấy tờ": "Căn cước", "Phòng": "4"})]
        _upload(page, "khach.xlsx", _filled_in(template, fixed))
        preview = page.locator(".sheet-preview")
        expect(preview).to_contain_text("2 khách sẽ được đăng ký")
        rows = preview.locator("tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.nth(1)).to_contain_text("Thào Thị Mỷ")
        expect(rows.nth(1)).to_contain_text("Căn cước")
        _fits(page, width)
        page.screenshot(path=str(OUTPUT / f"stay-sheet-preview-{width}.png"), full_page=True)
        assert Stay.objects.count() == 0

        page.get_by_role("button", name="Đăng ký 2 khách và thông báo").click()
        page.wait_for_url("**/stays/receipts/LC-*/")
        expect(page.locator("main")).to_contain_text("Thào Thị Mỷ")
        assert Stay.objects.count() == 2
        _fits(page, width)
        context.close()
        assert not violations, violations
