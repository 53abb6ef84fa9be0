"""A receptionist registers a Vietnamese and a French guest, downloads both national portal
files, types the counts the portal showed and sees them verified; a correction of one
guest makes exactly one "send again". The police see the share verified in time."""

import io
from datetime import timedelta
from pathlib import Path

from defusedxml import ElementTree
from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from cms.models import Commune
from lodging.models import Establishment, NationalStatus, StaffMembership, Stay
from tests.browser.conftest import journey

pytestmark = journey
QR = "001195012345|123456789|Nguyễn Thị Ánh|03021995|Nữ|Phường Sa Pa, Lào Cai|01072021"
MRZ = ("P<FRADUBOIS<<MARIE<CLAIRE<<<<<<<<<<<<<<<<<<<\n"
       "15FR123459FRA8503127F3301018<<<<<<<<<<<<<<<2")


def _sizes(page, screenshot, step, *, within=None):
    """Screenshots at a phone's and a laptop's width. Our page may not scroll sideways;
    on a page of others (the dashboard), the badge at least fits the phone."""
    for width, height in ((390, 844), (1366, 900)):
        page.set_viewport_size({"width": width, "height": height})
        if within is None:
            assert page.evaluate("document.documentElement.scrollWidth") <= width, width
        else:
            box = page.locator(within).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (width, box)
        screenshot(page, f"{step}-{width}")


def _register(page):
    page.goto("/stays/register/")
    page.fill("#id_room", "201")
    page.fill("#id_arrival", (timezone.localtime() - timedelta(minutes=20))
              .strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_reason", "du lich")
    page.fill("#id_guest-0-scan", QR)
    expect(page.locator("#id_guest-0-document_number")).to_have_value("001195012345")
    page.click("#add-guest")
    page.fill("#id_guest-1-scan", MRZ)
    expect(page.locator("#id_guest-1-document_number")).to_have_value("15FR12345")
    # The MRZ name line has no check digit: the receptionist confirms it.
    page.locator("#guest-2").get_by_role("button", name="Họ tên đúng").click()
    today = timezone.localdate()
    page.fill("#id_guest-1-entry_date", (today - timedelta(days=3)).isoformat())
    page.fill("#id_guest-1-port_of_entry", "Cửa khẩu Quốc tế Lào Cai")
    page.fill("#id_guest-1-visa_type", "EV")
    page.fill("#id_guest-1-visa_number", "E2611200001")
    page.fill("#id_guest-1-permitted_stay_until", (today + timedelta(days=80)).isoformat())
    page.get_by_role("button", name="Đăng ký và thông báo").click()
    page.wait_for_url("**/stays/receipts/**")


def _export_and_download(page, kind):
    page.get_by_test_id(f"export-{kind}").click()
    page.wait_for_load_state()
    batch = page.locator(".national-batch.new")
    expect(batch.get_by_test_id("batch-state")).to_have_text("Đã xuất, chưa đối soát")
    with page.expect_download() as download:
        batch.get_by_test_id("download").click()
    return batch, download.value


def test_receptionist_delivers_to_the_national_portal_and_a_correction_resends(
        page, screenshot, tmp_path):
    homestay = Establishment.objects.create(
        code="SAPA-0001", name="Cát Cát Valley Homestay", kind="homestay", address="Cát Cát",
        commune=Commune.objects.in_lao_cai().resolve("Sa Pa"), rooms=6)
    user = get_user_model().objects.create_user("mai", password="long-password-1")
    StaffMembership.objects.create(user=user, establishment=homestay, role="receptionist")

    page.goto("/stays/")
    page.fill("#id_username", "mai")
    page.fill("#id_password", "long-password-1")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/stays/")
    _register(page)
    assert Stay.objects.filter(reason_code="1").count() == 2

    page.goto("/stays/")
    badge = page.get_by_test_id("national-badge")
    expect(badge).to_contain_text("2 khách chờ khai báo")
    _sizes(page, screenshot, "1-dashboard-badge", within="[data-testid=national-badge]")
    badge.get_by_role("link").click()
    page.wait_for_url("**/stays/national/")
    expect(page.get_by_test_id("waiting-guest")).to_have_count(2)
    expect(page.get_by_role("note")).to_contain_text("Excel")
    _sizes(page, screenshot, "2-national-page")

    # The Vietnamese guests' workbook: the portal's sheet, text cells, leading zeros.
    vn_batch, download = _export_and_download(page, "vn")
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    sheet = load_workbook(path)["DS_KHACH_VIET_NAM_LUU_TRU"]
    assert sheet["H5"].value == "001195012345" and sheet["Q5"].value == "1 - Du lịch"
    # The foreign guests' XML.
    foreign_batch, download = _export_and_download(page, "foreign")
    assert download.suggested_filename.endswith(".xml")
    xml = ElementTree.parse(io.BytesIO(Path(download.path()).read_bytes()))
    assert xml.getroot().findtext("THONG_TIN_KHACH/so_ho_chieu") == "15FR12345"
    expect(page.get_by_test_id("waiting-guest")).to_have_count(0)
    _sizes(page, screenshot, "3-two-batches")

    # The portal showed one record for each file: typed, checked, verified.
    for batch in (page.get_by_test_id("batch").nth(1), page.get_by_test_id("batch").nth(0)):
        batch.get_by_test_id("seen").fill("1")
        batch.get_by_test_id("reconcile").click()
        page.wait_for_load_state()
    expect(page.get_by_test_id("batch-state")).to_have_text(
        ["Đã xác nhận trên Cổng", "Đã xác nhận trên Cổng"])
    assert set(Stay.objects.values_list("national_status", flat=True)) == {
        NationalStatus.VERIFIED}
    expect(page.get_by_test_id("national-summary")).to_contain_text("0 khách")
    _sizes(page, screenshot, "4-verified")

    # A correction of the Vietnamese guest's room: that guest, and only that one, again.
    stay = Stay.objects.get(document_number="001195012345")
    page.goto(f"/stays/{stay.pk}/")
    page.locator("details:has(form.correction) > summary").click()
    page.fill("#id_fix-room", "202")
    page.fill("#id_fix-reason", "Khách đổi phòng")
    page.locator("form.correction button[type=submit]").click()
    page.wait_for_load_state()
    assert Stay.objects.get(pk=stay.pk).national_status == NationalStatus.RESEND
    assert Stay.objects.filter(national_status=NationalStatus.RESEND).count() == 1
    page.goto("/stays/")
    expect(page.get_by_test_id("national-badge")).to_contain_text("1 khách chờ khai báo")
    page.goto("/stays/national/")
    waiting = page.get_by_test_id("waiting-guest")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("cần gửi lại")
    _sizes(page, screenshot, "5-resend")

    # A wrong count fails the new batch: the guest is waiting again, never "delivered".
    page.get_by_test_id("export-vn").click()
    page.wait_for_load_state()
    batch = page.locator(".national-batch.new")
    batch.get_by_test_id("seen").fill("0")
    batch.get_by_test_id("reconcile").click()
    page.wait_for_load_state()
    expect(page.locator(".messages .error")).to_contain_text("0 trên 1")
    expect(page.get_by_test_id("waiting-guest")).to_have_count(1)
    assert Stay.objects.get(pk=stay.pk).national_status == NationalStatus.PENDING
    _sizes(page, screenshot, "6-failed")
