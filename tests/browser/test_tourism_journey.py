"""A visitor finds Sa Pa in English, sees it on the map and finds the Sunday market."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import journey

pytestmark = journey


@pytest.fixture
def demo_site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo")


def test_visitor_explores_sa_pa_in_english(demo_site, page, screenshot):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", name="Điểm đến nổi bật").is_visible()
    screenshot(page, "home-vi")

    page.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith("/en/")
    assert page.get_by_role("heading", name="Upcoming events").is_visible()
    screenshot(page, "home-en")

    page.get_by_role("navigation", name="Main navigation") \
        .get_by_role("link", name="Destinations").click()
    page.wait_for_load_state()
    assert page.url.endswith("/en/destinations/")
    page.wait_for_selector("#main .leaflet-marker-icon")
    assert page.locator("#main .leaflet-marker-icon").count() >= 25, "overview map"
    page.get_by_role("heading", name="Sa Pa", exact=True).get_by_role("link").click()
    page.wait_for_load_state()
    assert page.url.endswith("/en/destinations/sa-pa/")
    assert page.get_by_role("heading", level=1, name="Sa Pa").is_visible()

    map_element = page.locator(".map.leaflet-container").first
    map_element.wait_for()
    assert map_element.locator(".leaflet-tile-pane").count() == 1, "tiles layer"
    markers = map_element.locator(".leaflet-marker-icon")
    assert markers.count() >= 2, "Sa Pa and nearby attractions"
    assert markers.first.is_visible()
    assert page.get_by_role("heading", name="Nearby attractions").is_visible()
    assert page.get_by_role("link", name="Cát Cát village").first.is_visible()
    map_element.scroll_into_view_if_needed()
    screenshot(page, "destination-en")

    # Markers work from the keyboard: Enter opens the popup with the place's name.
    markers.first.focus()
    page.keyboard.press("Enter")
    assert page.locator(".leaflet-popup-content").first.is_visible()
    assert page.locator(".leaflet-popup-content").first.inner_text() == "Sa Pa"

    page.get_by_role("link", name="Events").first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Bắc Hà Sunday market").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1, name="Bắc Hà Sunday market").is_visible()
    assert page.get_by_text("Every Sunday").first.is_visible()
    assert page.locator(".map .leaflet-marker-icon").count() == 1
    screenshot(page, "event-en")

    page.goto("/en/places-to-stay/?kind=homestay")
    assert page.get_by_role("link", name="Cát Cát Valley Homestay").is_visible()
    screenshot(page, "places-to-stay-en")
