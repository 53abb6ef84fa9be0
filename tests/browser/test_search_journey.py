"""A tourist in a browser: types a few letters, sees suggestions, searches without
diacritics, narrows by type and opens the English page."""

import pytest

from tests.browser.conftest import journey
from tests.search.conftest import clean_indexes, places, portal  # noqa: F401

pytestmark = [*journey, pytest.mark.elasticsearch]


def test_a_tourist_searches_sapa_without_diacritics(portal, page, screenshot):  # noqa: F811
    page.goto("/search/")
    page.fill("#search-q", "cat c")
    # (No wait_for_function: evaluating a string is eval(), which the CSP forbids.)
    page.locator("#search-suggestions option").first.wait_for(state="attached")
    assert page.locator("#search-suggestions option").first.get_attribute("value") == (
        "Cát Cát Valley Homestay")
    page.fill("#search-q", "sapa")
    page.click("form.search-form button[type=submit]")
    page.wait_for_selector("ol.results li.result")
    screenshot(page, "results")
    assert page.locator("ol.results li.result a").first.inner_text() == "Sa Pa"
    assert "kết quả" in page.locator(".result-count").inner_text()
    page.locator(".facet-type a", has_text="Nơi lưu trú").click()
    page.wait_for_selector("ol.results li.result-accommodation")
    assert page.locator("ol.results li.result-destination").count() == 0
    page.goto("/en/search/?q=bac+ha")
    assert page.locator("ol.results li.result a").first.inner_text() == "Bac Ha"
    screenshot(page, "english")
