"""Dates as people type them into filters and spreadsheets."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone, translation

from cms.dates import parse_iso_date, spreadsheet_date, spreadsheet_datetime


@pytest.mark.parametrize("text", ["28/11/2026", "28-11-2026", "28.11.2026", "2026-11-28",
                                  " 28/11/2026 "])
def test_a_sheet_date_is_read_day_first_or_iso(text):
    assert spreadsheet_date(text) == date(2026, 11, 28)


def test_a_sheet_date_cell_and_an_empty_cell():
    assert spreadsheet_date(datetime(2026, 11, 28, 21, 30)) == date(2026, 11, 28)
    assert spreadsheet_date(date(2026, 1, 8)) == date(2026, 1, 8)
    assert spreadsheet_date("8/1/2026") == date(2026, 1, 8)
    assert spreadsheet_date("") is None and spreadsheet_date(None) is None


@pytest.mark.parametrize("text", ["31/02/2026", "2026/11/28", "28/11/26", "hôm qua",
                                  "11/28/2026"])
def test_what_is_not_a_date_is_said_in_the_users_language(text):
    with translation.override("vi"), pytest.raises(ValueError) as error:
        spreadsheet_date(text)
    assert str(error.value) == f"“{text}” không phải ngày (viết theo dạng DD/MM/YYYY)."


@pytest.mark.parametrize("text", ["28/11/2026 21:30", "28/11/2026 21:30:00",
                                  "2026-11-28 21:30", "2026-11-28T21:30", "28-11-2026T21:30"])
def test_a_sheet_moment_is_vietnam_time_unless_it_says_otherwise(text):
    moment = spreadsheet_datetime(text)
    assert timezone.localtime(moment).replace(tzinfo=None) == datetime(2026, 11, 28, 21, 30)
    assert moment.utcoffset() == timedelta(hours=7)


def test_a_moment_with_its_own_offset_keeps_it():
    moment = spreadsheet_datetime("2026-11-28T14:30:00+00:00")
    assert timezone.localtime(moment).hour == 21


@pytest.mark.parametrize("text", ["28/11/2026", "28/11/2026 25:00", "2026-13-01T10:00",
                                  "tối nay"])
def test_what_is_not_a_moment_is_refused_with_the_form_to_use(text):
    with translation.override("en"), pytest.raises(ValueError) as error:
        spreadsheet_datetime(text)
    assert "use DD/MM/YYYY HH:MM" in str(error.value)


def test_a_filter_date_that_is_malformed_narrows_nothing():
    assert parse_iso_date("2026-11-28") == date(2026, 11, 28)
    assert parse_iso_date("28/11/2026") is None and parse_iso_date("") is None
