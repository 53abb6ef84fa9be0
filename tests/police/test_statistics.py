"""Statistics totals against known stays, scoped to the jurisdiction."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from lodging.police.permissions import jurisdiction_for
from lodging.police.statistics import statistics
from lodging.services import cancel_stay, register_stays
from tests.auth import sign_in
from tests.lodging.conftest import french_guest, vietnamese_guest

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, hour):
    return datetime(2026, 11, day, hour, tzinfo=VN)


@pytest.fixture
def known_stays(homestay, other_hotel, receptionist, other_receptionist):
    # Sa Pa: a Vietnamese guest 20→22 (2 nights), a French guest 21→24 (3 nights),
    # a same-day guest on the 22nd (1 night), and a cancelled stay (nothing).
    register_stays(user=receptionist, establishment=homestay, guests=[
        vietnamese_guest(arrival=at(20, 14), expected_departure=at(22, 11))],
        now=at(20, 15))
    register_stays(user=receptionist, establishment=homestay, guests=[
        french_guest(arrival=at(21, 14), expected_departure=at(24, 11), room="2",
                     entry_date=date(2026, 11, 19))], now=at(21, 15))
    register_stays(user=receptionist, establishment=homestay, guests=[
        vietnamese_guest(full_name="Trong Ngày", document_number="010090000005", room="3",
                         arrival=at(22, 9), expected_departure=at(22, 17))], now=at(22, 9))
    cancelled = register_stays(user=receptionist, establishment=homestay, guests=[
        vietnamese_guest(document_number="010090000006", room="4",
                         arrival=at(22, 9), expected_departure=at(23, 17))], now=at(22, 9))
    cancel_stay(user=receptionist, stay=cancelled.stays.get(), reason="nhầm", now=at(22, 10))
    # Bắc Hà: one guest 21→23 (2 nights).
    register_stays(user=other_receptionist, establishment=other_hotel, guests=[
        vietnamese_guest(document_number="010090000007", arrival=at(21, 12),
                         expected_departure=at(23, 10))], now=at(21, 12))


def test_totals_for_the_province(provincial_officer, known_stays):
    tables = statistics(jurisdiction_for(provincial_officer),
                        start=date(2026, 11, 1), end=date(2026, 11, 30))
    assert tables["month"].rows() == [("2026-11", 4, 8)]
    # Monday 23 November starts week 48: the French guest's last night falls in it.
    assert tables["week"].rows() == [("2026-W47", 4, 7), ("2026-W48", 0, 1)]
    assert {k: (a, n) for k, a, n in tables["kind"].rows()} == {
        "homestay": (3, 6), "hotel": (1, 2)}
    assert {k: (a, n) for k, a, n in tables["origin"].rows()} == {
        "foreigners": (1, 3), "vietnamese": (3, 5)}
    assert {k: n for k, _a, n in tables["nationality"].rows()} == {"FRA": 3, "VNM": 5}
    days = {k: (a, n) for k, a, n in tables["day"].rows()}
    assert days[date(2026, 11, 21)] == (2, 3) and days[date(2026, 11, 23)] == (0, 1)
    assert sum(a for a, _n in days.values()) == 4 and sum(n for _a, n in days.values()) == 8


def test_a_period_cuts_nights_and_a_commune_sees_only_its_own(sapa_officer, known_stays):
    tables = statistics(jurisdiction_for(sapa_officer),
                        start=date(2026, 11, 22), end=date(2026, 11, 22))
    # Arrived that day: the same-day guest. Nights of the 22nd: the French guest's
    # second and the same-day guest's (the Vietnamese guest leaves that morning).
    assert tables["day"].rows() == [(date(2026, 11, 22), 1, 2)]
    assert len(tables["commune"].rows()) == 1


def test_statistics_page_and_xlsx(client, provincial_officer, known_stays):
    sign_in(client, provincial_officer)
    page = client.get("/en/police/statistics/?from=2026-11-01&to=2026-11-30")
    assert page.status_code == 200 and "Guest-nights" in page.content.decode()
    response = client.get("/en/police/statistics/?from=2026-11-01&to=2026-11-30&format=xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    month = book["By month"]
    assert [c.value for c in month[2]] == ["2026-11", 4, 8]


def test_the_statistics_page_draws_its_charts_in_svg(client, provincial_officer, known_stays):
    sign_in(client, provincial_officer)
    body = client.get("/en/police/statistics/?from=2026-11-01&to=2026-11-30").content.decode()
    assert body.count('<svg class="chart"') == 7
    month_chart = body[body.index('id="stats-month"'):]
    month_chart = month_chart[:month_chart.index("</svg>")]
    assert "<title>2026-11: 4</title>" in month_chart and "<title>2026-11: 8</title>" in month_chart
    assert 'width="200"' in month_chart  # the largest bar fills the scale
    assert "cdn" not in body.lower()


SVG_NUMBER_ATTRIBUTES = ("x", "y", "width", "height", "viewBox", "transform")


def test_charts_draw_in_every_language_no_localised_number_in_the_svg(
        client, provincial_officer, known_stays):
    """Vietnamese writes 60,0 for 60.0, which a browser reads as 0: a chart of no bars."""
    import re
    from xml.etree import ElementTree

    sign_in(client, provincial_officer)
    for prefix in ("", "/en"):
        body = client.get(f"{prefix}/police/statistics/?from=2026-11-01&to=2026-11-30"
                          ).content.decode()
        charts = re.findall(r'<svg class="chart".*?</svg>', body, flags=re.S)
        assert len(charts) == 7
        for chart in charts:
            widths = []
            for element in ElementTree.fromstring(chart).iter():
                for name in SVG_NUMBER_ATTRIBUTES:
                    value = element.get(name)
                    if value is None:
                        continue
                    numbers = re.sub(r"translate\(|\)", "", value).split()
                    for number in numbers:
                        assert re.fullmatch(r"-?\d+(\.\d+)?", number), (prefix, name, value)
                    if name == "width" and element.tag.endswith("rect"):
                        widths.append(float(value))
            assert max(widths) == 200  # every chart has a bar that fills its scale
        assert "<th scope=\"row\">" + ("Tổng" if prefix == "" else "Total") in body
