"""A visitor opens the empty portal and switches it to English."""

import pytest

from tests.browser.conftest import journey

pytestmark = journey


def test_visitor_opens_the_portal_and_switches_to_english(page, screenshot):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("link", name="Du lịch Lào Cai").is_visible()
    screenshot(page, "home-vi")

    page.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Skip to content").count() == 1
    screenshot(page, "home-en")


@pytest.mark.django_db
def test_units_survive_the_journeys():
    from cms.models import Commune

    assert Commune.objects.in_lao_cai().count() == 99
