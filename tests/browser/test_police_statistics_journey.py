"""A provincial officer opens the statistics in Vietnamese and sees bars in every chart."""

from datetime import timedelta

from django.utils import timezone

from lodging.police.models import PoliceRole
from lodging.services import register_stays
from tests.browser.conftest import journey
from tests.browser.test_police_journey import log_in
from tests.lodging.conftest import french_guest, make_establishment, make_staff, vietnamese_guest
from tests.police.conftest import make_officer

pytestmark = journey


def test_statistics_charts_draw_bars_in_vietnamese_on_desktop_and_phone(
        page, screenshot, django_user_model):
    homestay = make_establishment("SAPA-0001", "Sa Pa", name="Cát Cát Valley Homestay")
    receptionist = make_staff(django_user_model, "mai", homestay)
    make_officer(django_user_model, "cong-an-tinh", PoliceRole.PROVINCIAL_OFFICER)
    now = timezone.now()
    register_stays(user=receptionist, establishment=homestay, guests=[
        vietnamese_guest(arrival=now - timedelta(hours=2),
                         expected_departure=now + timedelta(days=2)),
        french_guest(arrival=now - timedelta(hours=1),
                      expected_departure=now + timedelta(days=3))])

    log_in(page, "cong-an-tinh")
    page.goto("/police/statistics/")
    charts = page.locator("svg.chart")
    assert charts.count() >= 5
    for width, name in ((1366, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        for index in range(charts.count()):
            bars = charts.nth(index).locator("rect")
            drawn = [bars.nth(i).bounding_box()["width"] for i in range(bars.count())]
            assert max(drawn) > 10, f"chart {index} draws no bar at {width} px: {drawn}"
        screenshot(page, f"statistics-{name}")
