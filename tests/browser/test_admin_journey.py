"""An administrator signs in to the Wagtail admin with a second factor, edits Sa Pa with
the live preview, publishes, and sees the change on the public page (all under the CSP:
the `page` fixture fails the journey on any violation, in the admin or on the site)."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import journey, pass_two_factor
from tourism.models import DestinationPage

pytestmark = journey


@pytest.fixture
def demo_site(settings, tmp_path, django_user_model):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo")
    django_user_model.objects.create_superuser("quan-tri", "q@example.org", "long-password-1")


def test_administrator_edits_a_destination_with_two_factor(demo_site, page, screenshot):
    page.goto("/cms-admin/")
    page.fill("#id_username", "quan-tri")
    page.fill("#id_password", "long-password-1")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/account/two-factor/setup/" in page.url, "a superuser needs the second factor"
    screenshot(page, "two-factor-setup")
    pass_two_factor(page, setting_up=True)
    assert page.url.endswith("/cms-admin/")

    sapa = DestinationPage.objects.get(slug="sa-pa", locale__language_code="vi")
    page.goto(f"/cms-admin/pages/{sapa.pk}/edit/")
    summary = page.locator("textarea[name=summary]")
    summary.fill("Thị xã trong mây, mùa lúa chín tháng Chín.")
    page.get_by_role("button", name="Toggle preview").or_(
        page.locator("[data-side-panel-toggle=preview]")).first.click()
    preview = page.frame_locator("iframe").first
    preview.locator("h1", has_text="Sa Pa").wait_for()  # framed by its own admin: allowed
    assert "Thị xã trong mây" in preview.locator("body").inner_text()
    screenshot(page, "edit-with-preview")

    page.locator("button.footer__container button, [data-w-dropdown-target=toggle]") \
        .last.click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_load_state()
    screenshot(page, "published")

    page.goto(sapa.url)
    assert "Thị xã trong mây" in page.content()
