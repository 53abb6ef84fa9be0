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

    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, "cong-an-sapa")
    alerts = page.locator("#alerts")
    assert "Nguyễn Văn An" in alerts.inner_text()
    late = page.locator("#late")
    assert "Nguyễn Văn An" in late.inner_text() and "trễ hạn" in late.inner_text()
    screenshot(page, "dashboard")

    page.get_by_role("link", name="Tra cứu", exact=True).click()
    page.fill("#id_q", "nguyen van an")
    page.fill("#id_document_number", "010090123456")
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_load_state()
    assert "Tìm thấy 1 lượt lưu trú" in page.inner_text("p.count")
    # The search was posted: the address holds an opaque id, never the name or number.
    assert "?s=" in page.url and "nguyen" not in page.url and "010090123456" not in page.url
    for link in page.locator("a").evaluate_all("links => links.map(a => a.href)"):
        assert "nguyen" not in link and "010090123456" not in link, link
    screenshot(page, "search")
    on_a_phone(page, screenshot, "search")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Xuất CSV").click()
    exported = download_info.value.path().read_text(encoding="utf-8-sig")
    assert "Nguyễn Văn An" in exported and "010090123456" in exported

    page.locator("table.stays").get_by_role("link", name="Nguyễn Văn An").click()
    page.wait_for_load_state()
    assert "Lịch sử lưu trú của một người" in page.inner_text("h1")
    assert "Cát Cát Valley Homestay" in page.inner_text("table.stays")
    assert "/police/stays/" in page.url and "010090123456" not in page.url
    screenshot(page, "timeline")
    on_a_phone(page, screenshot, "timeline")

    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()
    log_in(page, "thanh-tra")
    table = page.inner_text("table.audit")
    for action in ("Xem bảng tổng hợp", "Tra cứu lưu trú", "Xuất dữ liệu lưu trú",
                   "Xem lịch sử lưu trú của một người"):
        assert action in table, action
    # The auditor sees that a name and a number were searched for, not which.
    assert "nguyen" not in table.lower() and "010090123456" not in table
    assert "tên, số giấy tờ" in table
    screenshot(page, "audit-log")
    on_a_phone(page, screenshot, "audit-log")
    page.select_option("#f-action", "export")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state()
    filtered = page.inner_text("table.audit")
    assert "Xuất dữ liệu lưu trú" in filtered and "Xem bảng tổng hợp" not in filtered
    screenshot(page, "audit-log-exports")

    # A complaint: "did anyone look up CCCD 010090123456?" The auditor types it.
    page.get_by_text("Đối chiếu một khiếu nại").click()
    page.fill("#id_document_number", "010090123456")
    page.get_by_role("button", name="Tìm các sự kiện khớp").click()
    page.wait_for_load_state()
    assert "010090123456" not in page.url and "match_document_number=" in page.url
    matched = page.inner_text("table.audit")
    assert "Tra cứu lưu trú" in matched and "Xem lịch sử lưu trú của một người" in matched
    assert "Xem bảng tổng hợp" not in matched
    screenshot(page, "audit-log-complaint")
    on_a_phone(page, screenshot, "audit-log-complaint")


def on_a_phone(page, screenshot, step):
    """The same page 390 px wide: a screenshot, and no sideways scrolling of the page."""
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, step
        screenshot(page, f"{step}-390")
    finally:
        page.set_viewport_size(size)
