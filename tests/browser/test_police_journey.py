"""A commune officer starts a shift; an auditor then checks what the officer looked at."""

from datetime import timedelta

from django.utils import timezone

from lodging.police.models import PoliceRole
from lodging.police.watchlist import add_watchlist_entry
from lodging.services import register_stays
from tests.browser.conftest import journey, pass_two_factor
from tests.lodging.conftest import make_establishment, make_staff, vietnamese_guest
from tests.police.conftest import PASSWORD, make_officer

pytestmark = journey


def log_in(page, username):
    """Password, then the second factor every police account sets up on first sign-in."""
    page.goto("/police/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    assert "/account/two-factor/setup/" in page.url
    pass_two_factor(page, setting_up=True)


def test_officer_shift_then_audit(page, screenshot, django_user_model):
    homestay = make_establishment("SAPA-0001", "Sa Pa", name="Cát Cát Valley Homestay")
    receptionist = make_staff(django_user_model, "mai", homestay)
    officer = make_officer(django_user_model, "cong-an-sapa", PoliceRole.COMMUNE_OFFICER,
                           "Sa Pa", watchlist=True)
    make_officer(django_user_model, "thanh-tra", PoliceRole.AUDITOR)
    add_watchlist_entry(user=officer, document_type="cccd", document_number="010090123456",
                        reason="Cần xác minh nhân thân")
    now = timezone.now()
    # Arrived yesterday morning, declared only now: past the 23:00 deadline.
    register_stays(user=receptionist, establishment=homestay, guests=[vietnamese_guest(
        arrival=now - timedelta(days=1), expected_departure=now + timedelta(days=2))])

    log_in(page, "cong-an-sapa")
    alerts = page.locator("#alerts")
    assert "Nguyễn Văn An" in alerts.inner_text()
    late = page.locator("#late")
    assert "Nguyễn Văn An" in late.inner_text() and "trễ hạn" in late.inner_text()
    screenshot(page, "dashboard")

    page.get_by_role("link", name="Tra cứu", exact=True).click()
    page.fill("#id_q", "nguyen van an")
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_load_state()
    assert "Tìm thấy 1 lượt lưu trú" in page.inner_text("p.count")
    screenshot(page, "search")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Xuất CSV").click()
    exported = download_info.value.path().read_text(encoding="utf-8-sig")
    assert "Nguyễn Văn An" in exported and "010090123456" in exported

    page.locator("table.stays").get_by_role("link", name="Nguyễn Văn An").click()
    page.wait_for_load_state()
    assert "Lịch sử lưu trú của một người" in page.inner_text("h1")
    assert "Cát Cát Valley Homestay" in page.inner_text("table.stays")
    screenshot(page, "timeline")

    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()
    log_in(page, "thanh-tra")
    table = page.inner_text("table.audit")
    for action in ("Xem bảng tổng hợp", "Tra cứu lưu trú", "Xuất dữ liệu lưu trú",
                   "Xem lịch sử lưu trú của một người"):
        assert action in table, action
    assert "q=nguyen van an" in table
    screenshot(page, "audit-log")
    page.select_option("#f-action", "export")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state()
    filtered = page.inner_text("table.audit")
    assert "Xuất dữ liệu lưu trú" in filtered and "Xem bảng tổng hợp" not in filtered
    screenshot(page, "audit-log-exports")
