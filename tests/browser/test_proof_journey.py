"""A receptionist downloads the PDF receipt; anyone opens its QR link signed out and sees
the proof, never the guests; a receptionist turns a reminder off from the e-mail's link."""

import io
from datetime import timedelta

import zxingcpp
from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from cms.models import Commune
from lodging import reminders
from lodging.models import Establishment, ReminderKind, StaffMembership
from lodging.services import register_stays
from tests.browser.conftest import journey
from tests.lodging.conftest import french_guest, vietnamese_guest

pytestmark = journey
WIDTHS = (390, 1366)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def shoot(page, screenshot, step):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"{step}-{width}")
        assert no_horizontal_scroll(page), f"{step} scrolls sideways at {width}px"


def test_receptionist_downloads_the_pdf_and_anyone_verifies_it(page, browser, live_server,
                                                                screenshot):
    homestay = Establishment.objects.create(
        code="SAPA-0001", name="Cát Cát Valley Homestay", kind="homestay", address="Cát Cát",
        commune=Commune.objects.in_lao_cai().resolve("Sa Pa"), rooms=6)
    user = get_user_model().objects.create_user("mai", password="long-password-1")
    StaffMembership.objects.create(user=user, establishment=homestay, role="receptionist")
    now = timezone.now()
    submission = register_stays(user=user, establishment=homestay, guests=[
        vietnamese_guest(room="203"),
        french_guest(room="203", arrival=now - timedelta(hours=13))])
    names = [stay.full_name for stay in submission.stays.all()]
    numbers = [stay.document_number for stay in submission.stays.all()]

    page.goto(f"/stays/login/?next=/stays/receipts/{submission.receipt_code}/")
    page.fill("#id_username", "mai")
    page.fill("#id_password", "long-password-1")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"**/stays/receipts/{submission.receipt_code}/")
    shoot(page, screenshot, "1-receipt")

    with page.expect_download() as download_info:
        page.get_by_test_id("receipt-pdf").click()
    download = download_info.value
    assert download.suggested_filename == f"receipt-{submission.receipt_code}.pdf"
    pdf = PdfReader(download.path())
    text = pdf.pages[0].extract_text()
    assert submission.receipt_code in text and "Cát Cát Valley Homestay" in text
    [qr] = [code.text for image in pdf.pages[0].images
            for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))]
    assert qr == f"{live_server.url}/verify/{submission.receipt_code}/"

    # Someone else, signed out, scans the QR code.
    stranger = browser.new_context(base_url=live_server.url, locale="vi-VN",
                                   viewport={"width": 390, "height": 900})
    visitor = stranger.new_page()
    visitor.goto(qr)
    assert visitor.get_by_test_id("receipt-code").inner_text() == submission.receipt_code
    body = visitor.locator("main").inner_text()
    assert "Cát Cát Valley Homestay" in body and "Số khách" in body
    assert not [value for value in names + numbers if value in visitor.content()]
    shoot(visitor, screenshot, "2-verification")

    # Typing the code into the form finds it too; a wrong code says so.
    visitor.goto("/en/verify/")
    visitor.fill("#id_code", submission.receipt_code.lower())
    visitor.get_by_role("button", name="Verify").click()
    visitor.wait_for_url(f"**/verify/{submission.receipt_code}/")
    assert "This receipt is genuine" in visitor.locator("h1").inner_text()
    visitor.fill("#id_code", "LC-000000-AAAAAA")
    visitor.get_by_role("button", name="Verify").click()
    assert "No notification has this receipt code" in visitor.locator(".proof-error").inner_text()
    shoot(visitor, screenshot, "3-unknown-code")
    stranger.close()


def test_a_receptionist_turns_late_notices_off_from_the_link_and_checks_the_settings(
        page, screenshot):
    homestay = Establishment.objects.create(
        code="SAPA-0002", name="Sapa Mountain Homestay", kind="homestay", address="Sa Pa",
        commune=Commune.objects.in_lao_cai().resolve("Sa Pa"), rooms=6)
    owner = get_user_model().objects.create_user("chu", password="long-password-1",
                                                 email="chu@example.vn")
    StaffMembership.objects.create(user=owner, establishment=homestay, role="receptionist")
    token = reminders.unsubscribe_token(owner, ReminderKind.LATE_NOTICE)

    page.goto(f"/account/reminders/unsubscribe/{token}/")
    shoot(page, screenshot, "1-unsubscribe")
    page.get_by_role("button", name="Ngừng nhận các thư này").click()
    assert "Đã xong" in page.locator("main").inner_text()
    assert not reminders.preference_for(owner).wants(ReminderKind.LATE_NOTICE)
    shoot(page, screenshot, "2-unsubscribed")

    page.goto("/stays/login/?next=/account/reminders/")
    page.fill("#id_username", "chu")
    page.fill("#id_password", "long-password-1")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/account/reminders/")
    digest = page.get_by_label("Thông báo về việc khai báo trễ hạn")
    assert not digest.is_checked()
    # A receptionist is offered only what is meant for a receptionist.
    assert page.locator("input[name=wanted]").count() == 1
    shoot(page, screenshot, "3-settings")
    digest.check()
    page.select_option("#id_language", "en")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    preference = reminders.preference_for(owner)
    assert preference.wants(ReminderKind.LATE_NOTICE) and preference.language == "en"
