"""A receptionist at 23:00 registers a family of three, checks one out, prints the receipt."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from cms.models import Commune
from lodging.models import Establishment, StaffMembership, Stay
from tests.browser.conftest import journey

pytestmark = journey
QR = "010090123456|123456789|Nguyễn Văn An|17051990|Nam|Phường Sa Pa, Lào Cai|01072021"
MRZ = ("P<FRADUBOIS<<MARIE<CLAIRE<<<<<<<<<<<<<<<<<<<\n"
       "15FR123459FRA8503127F3301018<<<<<<<<<<<<<<<2")


def test_receptionist_registers_a_family_checks_one_out_and_prints(page, screenshot):
    homestay = Establishment.objects.create(
        code="SAPA-0001", name="Cát Cát Valley Homestay", kind="homestay", address="Cát Cát",
        commune=Commune.objects.in_lao_cai().resolve("Sa Pa"), rooms=6)
    user = get_user_model().objects.create_user("mai", password="long-password-1")
    StaffMembership.objects.create(user=user, establishment=homestay, role="receptionist")

    page.goto("/en/stays/")
    page.fill("#id_username", "mai")
    page.fill("#id_password", "long-password-1")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/en/stays/")
    screenshot(page, "1-dashboard")

    page.get_by_role("link", name="Register guests").first.click()
    page.fill("#id_room", "201")
    page.fill("#id_arrival", (timezone.localtime() - timedelta(minutes=20))
              .strftime("%Y-%m-%dT%H:%M"))

    # Guest 1: the CCCD QR code is scanned into the scan box and the fields fill in.
    page.fill("#id_guest-0-scan", QR)
    expect(page.locator("#id_guest-0-document_number")).to_have_value("010090123456")
    assert page.input_value("#id_guest-0-full_name") == "Nguyễn Văn An"

    # Guest 2: a French passport's MRZ, then the visa fields typed.
    page.click("#add-guest")
    page.fill("#id_guest-1-scan", MRZ)
    expect(page.locator("#id_guest-1-document_number")).to_have_value("15FR12345")
    assert page.input_value("#id_guest-1-nationality") == "FRA"
    # The MRZ name line has no check digit: the receptionist confirms it.
    page.locator("#guest-2").get_by_role("button", name="The name is correct").click()
    today = timezone.localdate()
    page.fill("#id_guest-1-entry_date", (today - timedelta(days=3)).isoformat())
    page.fill("#id_guest-1-port_of_entry", "Cửa khẩu Quốc tế Lào Cai")
    page.fill("#id_guest-1-visa_type", "EV")
    page.fill("#id_guest-1-visa_number", "E2611200001")
    page.fill("#id_guest-1-permitted_stay_until", (today + timedelta(days=80)).isoformat())

    # Guest 3: a child typed by hand.
    page.click("#add-guest")
    page.fill("#id_guest-2-full_name", "Nguyễn Minh Khôi")
    page.select_option("#id_guest-2-sex", "M")
    page.fill("#id_guest-2-date_of_birth", "2016-04-09")
    page.select_option("#id_guest-2-document_type", "other")
    page.fill("#id_guest-2-document_number", "GKS-2016-0409")
    page.fill("#id_guest-2-address", "Phường Sa Pa, Lào Cai")
    screenshot(page, "2-family-form")
    page.get_by_role("button", name="Register and notify").click()

    page.wait_for_url("**/stays/receipts/**")
    assert page.locator(".receipt .code").inner_text().startswith("LC-")
    assert Stay.objects.count() == 3
    screenshot(page, "3-receipt")

    page.goto("/en/stays/")
    row = page.locator("tr", has_text="DUBOIS MARIE CLAIRE").last
    row.get_by_role("button", name="Check out").click()
    page.get_by_role("dialog").get_by_role("button", name="Check out").click()
    page.wait_for_load_state()
    assert "checked out" in page.locator(".messages").inner_text()
    assert Stay.objects.get(document_number="15FR12345").status == "checked_out"
    screenshot(page, "4-after-checkout")

    code = Stay.objects.first().submission.receipt_code
    page.goto(f"/en/stays/receipts/{code}/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator(".receipt").is_visible()
    screenshot(page, "5-printed-receipt")


def test_a_card_scanned_before_the_page_script_runs_is_still_read(browser, live_server):
    """On a slow phone a USB scanner types the QR text while the page's script is still
    on its way: the text is read when the script starts."""
    # No service worker: it would answer for the script, out of the test's reach.
    context = browser.new_context(base_url=live_server.url, locale="vi-VN",
                                  service_workers="block")
    context.set_default_timeout(15_000)
    page = context.new_page()
    homestay = Establishment.objects.create(
        code="SAPA-0002", name="Tả Phìn Homestay", kind="homestay", address="Tả Phìn",
        commune=Commune.objects.in_lao_cai().resolve("Sa Pa"), rooms=3)
    user = get_user_model().objects.create_user("lan", password="long-password-1")
    StaffMembership.objects.create(user=user, establishment=homestay, role="receptionist")
    page.goto("/en/stays/")
    page.fill("#id_username", "lan")
    page.fill("#id_password", "long-password-1")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/en/stays/")

    held = []
    page.route("**/lodging/register.js*", lambda route: held.append(route))
    page.goto("/en/stays/register/", wait_until="commit")
    page.fill("#id_guest-0-scan", QR)  # typed while the script is held back
    assert held, "the form's script was not requested"
    held[0].continue_()
    expect(page.locator("#id_guest-0-document_number")).to_have_value("010090123456")
    expect(page.locator("#id_guest-0-full_name")).to_have_value("Nguyễn Văn An")
    context.close()
