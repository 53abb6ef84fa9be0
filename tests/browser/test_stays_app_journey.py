"""A homestay in Tả Van on a phone (390 px): camera scans of CCCD cards, a passport
whose name is confirmed, registrations made with no signal and sent when it returns
(exactly once, with two tabs open or a page closed mid-send), and staff screens that
fit the phone."""

import io
import os
from datetime import date, timedelta
from pathlib import Path

import pytest
import qrcode
from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from cms.models import Commune
from lodging.models import Establishment, StaffMembership, Stay
from lodging.services import register_stays
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, OUTPUT, journey

pytestmark = journey
PHONE = {"width": 390, "height": 844}
PASSWORD = "long-password-1"
# Chip cards: issued 2021 (a "CCCD") and 2024-08 (a "Căn cước").
QR_AN = "010090123456|123456789|Nguyễn Văn An|17051990|Nam|Phường Sa Pa, Lào Cai|01072021"
QR_BINH = "015191234567||Trần Thị Bình|02021991|Nữ|Phường Yên Bái, Lào Cai|15082024"
# 999 is no province code; the card's fourth digit says male, the QR says female.
QR_IMPOSSIBLE = "999090123456||Lê Văn Giả|17051990|Nữ|Hà Nội|01072021"
MRZ = ("P<FRADUBOIS<<MARIE<CLAIRE<<<<<<<<<<<<<<<<<<<\n"
       "15FR123459FRA8503127F3301018<<<<<<<<<<<<<<<2")


def _homestay(code="SAPA-0101", name="Tả Van Riverside Homestay"):
    homestay = Establishment.objects.create(
        code=code, name=name, kind="homestay", address="Tả Van",
        commune=Commune.objects.in_lao_cai().resolve("Sa Pa"), rooms=6)
    user = get_user_model().objects.create_user(f"mai-{code.lower()}", password=PASSWORD)
    StaffMembership.objects.create(user=user, establishment=homestay, role="receptionist")
    return homestay, user


def _watch_csp(page, violations):
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)


def _context(browser, live_server, violations, viewport=PHONE, **kwargs):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN",
                                  viewport=viewport, **kwargs)
    context.set_default_timeout(15_000)
    context.on("page", lambda page: _watch_csp(page, violations))
    return context


def _login(page, user):
    page.goto("/en/stays/")  # the sign-in, and back here after it
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/en/stays/")


def _shot(page, name):
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"stays-app-{name}.png"), full_page=True)


def _qr_frame(text, size=(640, 480)) -> bytes:
    code = qrcode.QRCode(border=4, box_size=4)
    code.add_data(text)
    code.make()
    image = code.make_image().convert("RGB")
    image.thumbnail((440, 440))
    frame = Image.new("RGB", size, "white")
    frame.paste(image, ((size[0] - image.width) // 2, (size[1] - image.height) // 2))
    out = io.BytesIO()
    frame.save(out, "JPEG", quality=90)
    return out.getvalue()


def _show_card(camera: Path, text: str) -> None:
    """What the fake camera films from now on: an MJPEG file is concatenated JPEGs.
    Chromium opens the file each time the page starts the camera; it is swapped whole."""
    frame = _qr_frame(text)
    partial = camera.with_suffix(".part")
    partial.write_bytes(frame * 5)
    os.replace(partial, camera)


@pytest.fixture
def camera(browser, tmp_path):
    """A second Chromium whose camera films a card we choose (see _show_card)."""
    path = tmp_path / "camera.mjpeg"
    _show_card(path, QR_AN)
    chromium = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True, args=[
            *CHROMIUM_ARGS, "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream", f"--use-file-for-fake-video-capture={path}"])
    yield chromium, path
    chromium.close()


def _scan_with_camera(page, guest):
    page.locator(f"#guest-{guest}").get_by_role(
        "button", name="Scan CCCD QR with the camera").click()
    expect(page.locator("#camera-dialog")).not_to_be_visible(timeout=20_000)


def test_a_family_registered_by_camera_with_a_passport_name_confirmed_and_a_bad_card_refused(
        camera, live_server):
    chromium, film = camera
    homestay, user = _homestay()
    violations = []
    context = _context(chromium, live_server, violations, permissions=["camera"])
    page = context.new_page()
    _login(page, user)
    page.goto("/en/stays/register/")
    page.fill("#id_room", "3")
    page.fill("#id_arrival", (timezone.localtime() - timedelta(minutes=30))
              .strftime("%Y-%m-%dT%H:%M"))

    # Guest 1: the phone films An's card (issued 2021: a CCCD).
    _scan_with_camera(page, 1)
    expect(page.locator("#id_guest-0-document_number")).to_have_value("010090123456")
    assert page.input_value("#id_guest-0-full_name") == "Nguyễn Văn An"
    assert page.input_value("#id_guest-0-date_of_birth") == "1990-05-17"
    assert page.input_value("#id_guest-0-sex") == "M"
    assert page.input_value("#id_guest-0-card_name") == "cccd"
    assert page.locator("#id_guest-0-document_number").get_attribute("inputmode") == "numeric"
    # Vietnamese guests do not see the five foreigner fields.
    assert not page.locator("#id_guest-0-visa_number").is_visible()

    # Guest 2: Bình's card, issued August 2024: a "Căn cước".
    page.click("#add-guest")
    _show_card(film, QR_BINH)
    _scan_with_camera(page, 2)
    expect(page.locator("#id_guest-1-full_name")).to_have_value("Trần Thị Bình")
    assert page.input_value("#id_guest-1-card_name") == "can_cuoc"
    assert page.input_value("#id_guest-0-full_name") == "Nguyễn Văn An"  # untouched

    # Guest 3: an impossible card is refused, says why, and fills nothing anywhere.
    page.click("#add-guest")
    _show_card(film, QR_IMPOSSIBLE)
    _scan_with_camera(page, 3)
    status = page.locator("#guest-3 .scan-status")
    expect(status).to_contain_text("999")
    expect(status).to_contain_text("not a province code")
    expect(status).to_contain_text("fourth digit")
    for field in ("full_name", "document_number", "date_of_birth", "address"):
        assert page.input_value(f"#id_guest-2-{field}") == ""
    assert page.input_value("#id_guest-1-full_name") == "Trần Thị Bình"
    _shot(page, "camera-refused-390")

    # Scanning the bad card over Bình's leaves her fields empty too, not half-old.
    _scan_with_camera(page, 2)
    expect(page.locator("#guest-2 .scan-status")).to_contain_text("not a province code")
    assert page.input_value("#id_guest-1-full_name") == ""
    assert page.input_value("#id_guest-1-document_number") == ""
    _show_card(film, QR_BINH)
    _scan_with_camera(page, 2)
    expect(page.locator("#id_guest-1-full_name")).to_have_value("Trần Thị Bình")

    # Guest 3 instead: a French passport's MRZ from the USB scanner; its name must be
    # confirmed before the family can be sent.
    page.fill("#id_guest-2-scan", MRZ)
    expect(page.locator("#id_guest-2-document_number")).to_have_value("15FR12345")
    confirm = page.locator("#guest-3 .name-confirm")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("DUBOIS MARIE CLAIRE")
    assert page.locator("#id_guest-2-visa_number").is_visible()  # a foreigner's fields
    today = timezone.localdate()
    page.fill("#id_guest-2-entry_date", (today - timedelta(days=2)).isoformat())
    page.fill("#id_guest-2-port_of_entry", "Cửa khẩu Quốc tế Lào Cai")
    page.fill("#id_guest-2-visa_type", "EV")
    page.fill("#id_guest-2-visa_number", "E2611200002")
    page.fill("#id_guest-2-permitted_stay_until", (today + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Register and notify").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Confirm the name")
    assert Stay.objects.count() == 0
    _shot(page, "camera-confirm-name-390")
    confirm.get_by_role("button", name="The name is correct").click()
    expect(confirm).to_be_hidden()
    page.get_by_role("button", name="Register and notify").click()

    page.wait_for_url("**/stays/receipts/**")
    stays = {stay.full_name: stay for stay in Stay.objects.all()}
    assert set(stays) == {"Nguyễn Văn An", "Trần Thị Bình", "DUBOIS MARIE CLAIRE"}
    assert stays["Trần Thị Bình"].flags == ["can_cuoc"]
    assert stays["Nguyễn Văn An"].flags == []
    assert stays["DUBOIS MARIE CLAIRE"].nationality == "FRA"
    assert stays["Nguyễn Văn An"].submission.channel == "form"
    receipt = page.locator(".receipt")
    expect(receipt).to_contain_text("Căn cước")
    expect(receipt).to_contain_text("Passport")
    _shot(page, "camera-receipt-390")
    context.close()
    assert not violations, violations


def _passport_page_png() -> bytes:
    """A passport data page: a photo box, printed fields and the two MRZ lines."""
    from PIL import ImageDraw, ImageFont

    image = Image.new("RGB", (1400, 900), "#f4f1e8")
    draw = ImageDraw.Draw(image)
    draw.rectangle([(60, 120), (420, 560)], fill="#c9c2b0")
    font = ImageFont.truetype("DejaVuSansMono.ttf", 40)
    draw.text((480, 150), "DUBOIS / MARIE CLAIRE", fill="#222", font=font)
    for number, line in enumerate(MRZ.splitlines()):
        draw.text((60, 700 + number * 70), line, fill="#111", font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_a_passport_photo_fills_the_guest_and_its_name_waits_for_confirmation(
        browser, live_server, tmp_path):
    homestay, user = _homestay()
    violations = []
    context = _context(browser, live_server, violations)
    page = context.new_page()
    _login(page, user)
    page.goto("/en/stays/register/")
    photo = tmp_path / "passport.png"
    photo.write_bytes(_passport_page_png())
    page.set_input_files("#guest-1 .scan-photo", str(photo))
    expect(page.locator("#id_guest-0-document_number")).to_have_value("15FR12345",
                                                                      timeout=30_000)
    assert page.input_value("#id_guest-0-nationality") == "FRA"
    expect(page.locator("#guest-1 .name-confirm")).to_be_visible()
    expect(page.locator("#id_guest-0-full_name")).to_have_class("needs-review")
    _shot(page, "passport-photo-390")
    context.close()
    assert not violations, violations


def test_a_photo_of_a_cccd_is_read_in_the_phone_and_a_photo_without_a_code_is_refused(
        browser, live_server, tmp_path):
    homestay, user = _homestay()
    violations = []
    context = _context(browser, live_server, violations)
    page = context.new_page()
    _login(page, user)
    page.goto("/en/stays/register/")
    card = tmp_path / "card.jpg"
    card.write_bytes(_qr_frame(QR_BINH, size=(1200, 900)))
    # No connection: the QR in a photo is read on the phone itself.
    context.set_offline(True)
    page.set_input_files("#guest-1 .scan-photo", str(card))
    expect(page.locator("#id_guest-0-full_name")).to_have_value("Trần Thị Bình")
    # A photo with no code, offline: it says what is wrong and leaves the guest empty.
    blank = tmp_path / "blank.jpg"
    Image.new("RGB", (800, 600), "#ddd").save(blank, "JPEG")
    page.set_input_files("#guest-1 .scan-photo", str(blank))
    expect(page.locator("#guest-1 .scan-status")).to_contain_text("no connection")
    assert page.input_value("#id_guest-0-full_name") == ""
    context.close()
    assert not violations, violations


def _wait_for_offline_ready(page):
    # Ready for the offline form means an active worker with the form in its cache; the
    # open page itself may stay uncontrolled (a worker that activates while the page is
    # still loading cannot claim it), and the next navigation is served by the worker.
    # Functions, not bare expressions: Playwright evals an expression, which the page's
    # Content Security Policy (no 'unsafe-eval') may refuse while it polls.
    # A loaded CI machine may need a retried install (app.js registers again on failure).
    try:
        page.wait_for_function("""async () => {
            const r = await navigator.serviceWorker.getRegistration();
            if (!r || !r.active || r.active.state !== "activated") return false;
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                if (await cache.match(location.pathname)) return true;
            }
            return false;
        }""", timeout=45_000)
    except PlaywrightTimeoutError:
        state = page.evaluate("""async () => {
            const r = await navigator.serviceWorker.getRegistration();
            if (!r) return "no registration";
            const w = r.installing || r.waiting || r.active;
            return (w ? w.scriptURL + " " + w.state : "no worker") + "; caches: "
                + (await caches.keys()).join(",");
        }""")
        raise AssertionError(f"the worker is not ready with the form: {state}") from None


def _fill_family(page, room="7"):
    page.fill("#id_room", room)
    page.fill("#id_arrival", (timezone.localtime() - timedelta(minutes=45))
              .strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_guest-0-scan", QR_AN)
    expect(page.locator("#id_guest-0-full_name")).to_have_value("Nguyễn Văn An")
    page.click("#add-guest")
    page.fill("#id_guest-1-scan", QR_BINH)
    expect(page.locator("#id_guest-1-full_name")).to_have_value("Trần Thị Bình")


def _queued(page):
    return page.evaluate("StaysOutbox.list()")


def test_a_family_registered_offline_is_sent_once_when_the_signal_returns_with_two_tabs(
        browser, live_server):
    homestay, user = _homestay()
    violations = []
    context = _context(browser, live_server, violations)
    posts = []
    # Requests that reached the server (those made while offline fail in the browser).
    context.on("response", lambda response: posts.append(response.url)
               if response.request.method == "POST" and "/api/v1/stays/" in response.url
               else None)
    page = context.new_page()
    _login(page, user)
    page.goto("/en/stays/register/")
    _wait_for_offline_ready(page)
    other = context.new_page()
    other.goto("/en/stays/")

    # The signal drops; the form still opens (from the phone) and takes the family.
    context.set_offline(True)
    opened = page.goto("/en/stays/register/")
    assert opened.from_service_worker  # the form kept on the phone, not the server's
    expect(page.locator("#connection")).to_be_visible()
    _fill_family(page)
    page.get_by_role("button", name="Register and notify").click()
    expect(page.locator("#connection")).to_contain_text("Kept on this phone")
    item = page.locator("#outbox .outbox-item")
    expect(item).to_contain_text("Room 7, 2 guests")
    expect(item).to_contain_text("Waiting for")
    expect(item).to_contain_text("deadline")
    assert page.input_value("#id_guest-0-full_name") == ""  # ready for the next family
    _shot(page, "offline-queued-390")
    assert Stay.objects.count() == 0
    [record] = _queued(page)
    assert record["state"] == "waiting" and record["key"].startswith("form-")
    # The other tab shows the same family waiting.
    expect(other.locator("#outbox .outbox-item")).to_contain_text("Room 7", timeout=20_000)

    # The signal returns: both tabs try; one sends, the family is registered once.
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    other.evaluate("window.dispatchEvent(new Event('online'))")
    expect(item).to_contain_text("receipt", timeout=20_000)
    expect(other.locator("#outbox .outbox-item")).to_contain_text("receipt")
    assert Stay.objects.count() == 2
    code = Stay.objects.first().submission.receipt_code
    expect(item.locator(".receipt-code")).to_have_text(code)
    assert len(posts) == 1, posts
    # Sent: no personal data is left in the queue, only the receipt.
    [record] = _queued(page)
    assert record["state"] == "sent" and record["receipt_code"] == code
    assert "payload" not in record and "names" not in record
    _shot(page, "offline-sent-390")
    page.reload()
    other.reload()
    assert Stay.objects.count() == 2 and len(posts) == 1
    context.close()
    assert not violations, violations


def test_a_page_closed_while_sending_still_ends_with_exactly_one_registration(
        browser, live_server):
    homestay, user = _homestay()
    violations = []
    context = _context(browser, live_server, violations)
    page = context.new_page()
    _login(page, user)
    page.goto("/en/stays/register/")
    _fill_family(page, room="12")

    # The server gets the family, but the phone never hears the answer: the page is
    # closed while the request is in flight.
    answered = []

    def lose_the_answer(route):
        answered.append(route.fetch())  # reaches the server; the page never sees it

    context.route("**/api/v1/stays/", lose_the_answer)
    page.get_by_role("button", name="Register and notify").click()
    page.wait_for_function("() => StaysOutbox.list().then(r => r.length === 1 && "
                           "r[0].state === 'sending')")
    for _ in range(100):
        if answered:
            break
        page.wait_for_timeout(100)
    assert answered and answered[0].status == 201
    assert Stay.objects.count() == 2
    page.close()
    context.unroute("**/api/v1/stays/")

    # Opened again: the family is sent again with the same key and gets the same receipt.
    again = context.new_page()
    again.goto("/en/stays/")
    item = again.locator("#outbox .outbox-item")
    expect(item).to_contain_text("receipt", timeout=20_000)
    assert Stay.objects.count() == 2
    code = Stay.objects.first().submission.receipt_code
    expect(item.locator(".receipt-code")).to_have_text(code)
    context.close()
    assert not violations, violations


def test_a_family_refused_after_queueing_is_fixed_in_the_form_and_sign_out_empties_the_queue(
        browser, live_server):
    homestay, user = _homestay()
    violations = []
    context = _context(browser, live_server, violations)
    page = context.new_page()
    _login(page, user)
    page.goto("/en/stays/register/")
    _wait_for_offline_ready(page)
    context.set_offline(True)
    page.goto("/en/stays/register/")
    page.fill("#id_room", "5")
    page.fill("#id_arrival", (timezone.localtime() - timedelta(minutes=10))
              .strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_guest-0-full_name", "Phạm Thị Hoa")
    page.select_option("#id_guest-0-sex", "F")
    page.fill("#id_guest-0-date_of_birth", "1990-03-04")
    page.fill("#id_guest-0-document_number", "010090123456")  # says male, born 1990
    page.fill("#id_guest-0-address", "Tả Van, Lào Cai")
    page.get_by_role("button", name="Register and notify").click()
    expect(page.locator("#outbox .outbox-item")).to_contain_text("Waiting")
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    item = page.locator("#outbox .outbox-item")
    expect(item).to_contain_text("Refused", timeout=20_000)
    expect(item).to_contain_text("fourth digit")
    _shot(page, "offline-refused-390")
    item.get_by_role("link", name="Fix in the form").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Guest 1, Document number")
    assert page.input_value("#id_guest-0-full_name") == "Phạm Thị Hoa"
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_guest-0-document_number")).to_be_focused()
    page.select_option("#id_guest-0-sex", "M")
    page.fill("#id_guest-0-full_name", "Phạm Văn Hoà")
    page.get_by_role("button", name="Register and notify").click()
    page.wait_for_url("**/stays/receipts/**")
    assert Stay.objects.get().full_name == "Phạm Văn Hoà"
    assert [r["state"] for r in _queued(page)] == ["sent"]  # the refused one is gone

    # One more family kept offline, then sign-out: it is named, then deleted.
    page.goto("/en/stays/register/")
    context.set_offline(True)
    _fill_family(page, room="9")
    page.get_by_role("button", name="Register and notify").click()
    expect(page.locator("#outbox .state-waiting")).to_have_count(1)
    context.set_offline(False)
    page.route("**/api/v1/stays/", lambda route: route.abort())  # still no signal for it
    page.get_by_role("button", name="Log out").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("1 family has not been sent")
    dialog.get_by_role("button", name="Sign out and delete").click()
    page.wait_for_url("**/stays/login/**")
    assert page.evaluate("StaysOutbox.list()") == []
    assert Stay.objects.count() == 1
    context.close()
    assert not violations, violations


def _stays_pages(live_server, browser):
    """Every page of /stays/ with real content, as (name, url)."""
    homestay, user = _homestay()
    now = timezone.now()
    base = {"sex": "M", "date_of_birth": date(1990, 5, 17), "document_type": "cccd",
            "nationality": "VNM", "address": "Phường Sa Pa, Lào Cai",
            "arrival": now - timedelta(hours=1), "expected_departure": now + timedelta(days=2),
            "reason": "du lịch"}
    register_stays(user=user, establishment=homestay, guests=[
        {**base, "full_name": "Nguyễn Văn Một Tên Rất Dài Để Thử Màn Hình Hẹp",
         "document_number": "010090123456", "room": "Phòng gia đình 101"},
        {**base, "full_name": "MÜLLER-LÜDENSCHEIDT JOHANNA", "sex": "F",
         "date_of_birth": date(1985, 3, 12), "document_type": "passport",
         "document_number": "C01X00T47", "nationality": "DEU", "address": "",
         "entry_date": timezone.localdate() - timedelta(days=2),
         "port_of_entry": "Nội Bài", "visa_type": "EV", "visa_number": "E2611200009",
         "permitted_stay_until": timezone.localdate() + timedelta(days=80),
         "room": "Phòng gia đình 101"},
    ])
    earlier = register_stays(user=user, establishment=homestay, guests=[
        {**base, "full_name": "Trần Thị Bình", "sex": "F", "date_of_birth": date(1991, 2, 2),
         "document_number": "015191234567", "room": "2",
         "arrival": now - timedelta(days=3), "expected_departure": now + timedelta(days=1)}],
        now=now - timedelta(days=3) + timedelta(minutes=5))
    stay = Stay.objects.order_by("id").first()
    return user, [
        ("dashboard", "/en/stays/"), ("register", "/en/stays/register/"),
        ("history", "/en/stays/history/"), ("stay", f"/en/stays/{stay.pk}/"),
        ("receipt", f"/en/stays/receipts/{stay.submission.receipt_code}/"),
        ("receipt-earlier", f"/en/stays/receipts/{earlier.receipt_code}/"),
        ("upload", "/en/stays/upload/"), ("offline", "/en/stays/offline/"),
        ("dashboard-vi", "/stays/"), ("register-vi", "/stays/register/"),
    ]


def test_every_stays_page_fits_a_phone_and_a_desk_and_is_an_installable_app(
        browser, live_server):
    user, pages = _stays_pages(live_server, browser)
    violations = []
    for width in (360, 390, 1366):
        context = _context(browser, live_server, violations,
                           viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto("/en/stays/login/")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, "login"
        if width != 360:
            _shot(page, f"login-{width}")
        manifest_link = page.locator("link[rel=manifest]").get_attribute("href")
        _login(page, user)
        for name, url in pages:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            assert page.locator("link[rel=manifest]").count() == 1, name
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{name} is {scroll} px wide at {width} px"
            if width != 360:
                _shot(page, f"{name}-{width}")
        # A failed submit: the summary at the top, focused, linking to the fields.
        page.goto("/en/stays/register/")
        page.fill("#id_room", "")
        page.fill("#id_guest-0-full_name", "Lò Thị Mai")
        page.get_by_role("button", name="Register and notify").click()
        expect(page.locator("#error-summary")).to_be_focused()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width != 360:
            _shot(page, f"register-errors-{width}")
        context.close()

    manifest = page_json(browser, live_server, manifest_link)
    assert manifest["display"] == "standalone"
    assert manifest["start_url"].startswith("/en/stays/")
    assert manifest["scope"] == "/en/stays/"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    assert not violations, violations


def page_json(browser, live_server, url):
    context = browser.new_context(base_url=live_server.url)
    response = context.request.get(url)
    assert response.ok and "manifest+json" in response.headers["content-type"]
    data = response.json()
    for icon in data["icons"]:
        image = context.request.get(icon["src"])
        assert image.ok and image.headers["content-type"] == "image/png"
        size = Image.open(io.BytesIO(image.body())).size
        assert f"{size[0]}x{size[1]}" == icon["sizes"]
    worker = context.request.get("/stays/sw.js")
    assert worker.ok and "javascript" in worker.headers["content-type"]
    context.close()
    return data


def test_staff_screens_speak_words_ask_before_check_out_and_list_each_guest_once(
        browser, live_server):
    user, pages = _stays_pages(live_server, browser)
    violations = []
    context = _context(browser, live_server, violations)
    page = context.new_page()
    _login(page, user)
    page.goto("/stays/")
    # Each guest once: two arrived today, one staying on from earlier.
    names = page.locator("td.guest-name a").all_inner_texts()
    assert sorted(names) == sorted(["Nguyễn Văn Một Tên Rất Dài Để Thử Màn Hình Hẹp",
                                    "MÜLLER-LÜDENSCHEIDT JOHANNA", "Trần Thị Bình"])
    body = page.locator("main").inner_text()
    assert "Hộ chiếu" in body and "CCCD" in body and "Đức" in body
    assert "passport" not in body and "cccd" not in body and "DEU" not in body

    card = page.locator("tr", has_text="Trần Thị Bình")
    card.get_by_role("button", name="Trả phòng").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Trần Thị Bình")
    dialog.get_by_role("button", name="Quay lại").click()
    assert Stay.objects.get(full_name="Trần Thị Bình").status == "registered"
    card.get_by_role("button", name="Trả phòng").click()
    _shot(page, "checkout-confirm-390")
    page.get_by_role("dialog").get_by_role("button", name="Trả phòng").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_be_visible()
    assert Stay.objects.get(full_name="Trần Thị Bình").status == "checked_out"
    # Now she is under "left today", and only there.
    assert page.locator("td.guest-name a", has_text="Trần Thị Bình").count() == 1

    # The country picker: typed in Vietnamese, stored as the ISO code.
    page.goto("/stays/register/")
    nationality = page.locator("#id_guest-0-nationality")
    assert nationality.get_attribute("list") == "countries"
    assert page.locator("#countries option[value=FRA]").get_attribute("label") \
        == "Pháp · France"
    assert not page.locator("#id_guest-0-entry_date").is_visible()
    nationality.fill("Pháp")
    nationality.dispatch_event("change")
    expect(nationality).to_have_value("FRA")
    expect(page.locator("#guest-1 .country-name")).to_have_text("Pháp · France")
    assert page.locator("#id_guest-0-entry_date").is_visible()
    context.close()
    assert not violations, violations
