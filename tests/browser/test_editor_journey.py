"""An editor of the tourism department, on a phone and at a desk, changes the Vietnamese
Sa Pa page and publishes it; the admin says the English translation is now out of date,
both on the Vietnamese page and on the English one; the editor syncs, translates the
one changed text in wagtail-localize's editor, publishes in English, and visitors of
the English page read it."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import journey, pass_two_factor
from tourism.models import DestinationPage

pytestmark = journey

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
NEW_SUMMARY_VI = "Thị trấn trong mây, mùa lúa chín tháng Chín."
NEW_SUMMARY_EN = "The town in the clouds, golden with rice in September."


@pytest.fixture
def demo_site(settings, tmp_path, django_user_model):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo")
    django_user_model.objects.create_superuser("bien-tap", "b@example.org", "long-password-1")


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def messages_shown(page) -> None:
    """Wagtail slides its messages in: let them settle at the top for the screenshot."""
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(1000)


@pytest.mark.parametrize("device", VIEWPORTS)
def test_editor_changes_vietnamese_and_brings_the_english_up_to_date(
        demo_site, page, screenshot, device):
    page.set_viewport_size(VIEWPORTS[device])
    page.goto("/cms-admin/")
    page.fill("#id_username", "bien-tap")
    page.fill("#id_password", "long-password-1")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    pass_two_factor(page, setting_up=True)

    sapa = DestinationPage.objects.get(slug="sa-pa", locale__language_code="vi")
    english = sapa.get_translations().get()
    page.goto(f"/cms-admin/pages/{sapa.pk}/edit/")
    assert page.locator("html").get_attribute("lang") == "vi", "the admin speaks Vietnamese"
    assert page.get_by_text("đã lỗi thời").count() == 0, "nothing to sync before the edit"
    page.locator("textarea[name=summary]").fill(NEW_SUMMARY_VI)
    page.locator("button.footer__container button, [data-w-dropdown-target=toggle]") \
        .last.click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_load_state()
    warning = page.locator(".messages").get_by_text(
        "Bản dịch của trang này đã lỗi thời (English)")
    warning.wait_for()
    messages_shown(page)
    screenshot(page, "1-published-english-out-of-date")

    page.goto(f"/cms-admin/pages/{english.pk}/edit/")
    page.locator(".messages").get_by_text(
        "Bản dịch này đã lỗi thời: trang Tiếng Việt “Sa Pa” đã thay đổi").wait_for()
    messages_shown(page)
    screenshot(page, "2-english-marked-out-of-date")

    page.locator(".messages").get_by_role("link", name="Đồng bộ bản dịch").click()
    page.wait_for_load_state()
    assert "/localize/update/" in page.url
    screenshot(page, "3-sync")
    page.locator("form input[type=submit]").click()  # sync, publish after translating
    page.wait_for_load_state()
    assert page.url.endswith(f"/cms-admin/pages/{english.pk}/edit/")
    assert page.locator(".messages").get_by_text("đã lỗi thời").count() == 0

    changed = page.locator("li.incomplete").filter(has_text=NEW_SUMMARY_VI)
    changed.get_by_role("button", name="Dịch").click()
    changed.locator("textarea").fill(NEW_SUMMARY_EN)
    changed.get_by_role("button", name="Lưu").click()
    saved = page.locator("li.complete").filter(has_text=NEW_SUMMARY_EN)
    saved.wait_for()
    saved.get_by_text("Đang lưu").wait_for(state="detached")
    screenshot(page, "4-changed-text-translated")
    page.get_by_role("button", name="Publish in English").click()
    page.wait_for_load_state()

    page.goto("/en/destinations/sa-pa/")
    assert page.locator(".lead").inner_text() == NEW_SUMMARY_EN
    assert page.get_by_text("Photo: Cổng du lịch Lào Cai").is_visible(), "the hero's credit"
    assert no_horizontal_scroll(page)
    screenshot(page, "5-english-page")
    page.goto("/destinations/sa-pa/")
    assert page.locator(".lead").inner_text() == NEW_SUMMARY_VI
    assert page.get_by_text("Ảnh: Cổng du lịch Lào Cai").is_visible()
