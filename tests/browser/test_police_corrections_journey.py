"""A hotel corrects a late stay's arrival; the commune officer opens the stay and sees it
still late, with who corrected what, when and why (phone and desktop widths)."""

from datetime import timedelta

from django.utils import timezone

from lodging import services
from lodging.police.models import PoliceRole
from tests.browser.conftest import journey
from tests.browser.test_police_journey import log_in
from tests.lodging.conftest import make_establishment, make_staff, vietnamese_guest
from tests.police.conftest import make_officer

pytestmark = journey


def test_the_officer_sees_the_correction_and_the_lateness_stays(page, screenshot,
                                                                django_user_model):
    homestay = make_establishment("SAPA-0001", "Sa Pa", name="Cát Cát Valley Homestay")
    receptionist = make_staff(django_user_model, "mai", homestay)
    make_officer(django_user_model, "cong-an-sapa", PoliceRole.COMMUNE_OFFICER, "Sa Pa")
    now = timezone.now()
    stay = services.register_stays(user=receptionist, establishment=homestay, guests=[
        vietnamese_guest(arrival=now - timedelta(days=2))]).stays.get()
    services.correct_stay(user=receptionist, stay=stay, reason="Sửa giờ đến cho đúng",
                          changes={"arrival": stay.notified_at})

    log_in(page, "cong-an-sapa")
    page.goto(f"/police/stays/{stay.pk}/")
    facts = page.inner_text("dl.stay-facts")
    assert "muộn" in facts  # "late", fixed at notification
    history = page.inner_text("table.history")
    assert "mai" in history and "Sửa giờ đến cho đúng" in history
    screenshot(page, "desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 390, scroll
    screenshot(page, "phone")
