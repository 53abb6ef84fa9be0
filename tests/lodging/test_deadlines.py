"""Notification deadlines in Asia/Ho_Chi_Minh, at every boundary."""

from datetime import UTC, datetime, timedelta

import pytest

from lodging.deadlines import VIETNAM_TZ, is_late, notification_deadline


def vn(day, hour, minute=0, second=0):
    return datetime(2026, 11, day, hour, minute, second, tzinfo=VIETNAM_TZ)


@pytest.mark.parametrize(("arrival", "deadline"), [
    (vn(28, 0, 5), vn(28, 23)),
    (vn(28, 14, 30), vn(28, 23)),
    (vn(28, 22, 59, 59), vn(28, 23)),      # one second before the boundary: same evening
    (vn(28, 23, 0, 0), vn(29, 8)),         # at 23:00: next morning
    (vn(28, 23, 45), vn(29, 8)),
    (datetime(2026, 12, 31, 23, 30, tzinfo=VIETNAM_TZ),
     datetime(2027, 1, 1, 8, tzinfo=VIETNAM_TZ)),  # across the year
])
def test_vietnamese_guest_deadlines(arrival, deadline):
    assert notification_deadline(arrival=arrival, is_foreigner=False, remote=False) == deadline


def test_the_arrival_day_is_the_day_in_vietnam_not_in_utc():
    # 16:30 UTC is 23:30 in Lào Cai: the next-morning rule applies.
    arrival = datetime(2026, 11, 28, 16, 30, tzinfo=UTC)
    assert notification_deadline(arrival=arrival, is_foreigner=False,
                                 remote=False) == vn(29, 8)


def test_a_foreign_guest_has_twelve_hours_and_twenty_four_in_a_remote_place():
    arrival = vn(28, 21, 15)
    assert notification_deadline(arrival=arrival, is_foreigner=True,
                                 remote=False) == vn(29, 9, 15)
    assert notification_deadline(arrival=arrival, is_foreigner=True,
                                 remote=True) == vn(29, 21, 15)


def test_a_homestay_registers_a_french_guest_after_23_and_is_on_time_until_the_rule_says():
    arrival = vn(28, 23, 20)
    deadline = notification_deadline(arrival=arrival, is_foreigner=True, remote=False)
    assert not is_late(notified_at=vn(29, 11, 20), deadline=deadline)
    assert is_late(notified_at=vn(29, 11, 20, 1), deadline=deadline)


def test_notified_exactly_at_the_deadline_is_on_time_and_a_second_later_is_late():
    deadline = notification_deadline(arrival=vn(28, 10), is_foreigner=False, remote=False)
    assert not is_late(notified_at=deadline, deadline=deadline)
    assert is_late(notified_at=deadline + timedelta(seconds=1), deadline=deadline)


def test_a_deadline_is_never_before_arrival():
    start = vn(27, 0)
    for minutes in range(0, 48 * 60, 7):
        arrival = start + timedelta(minutes=minutes)
        for foreign in (False, True):
            for remote in (False, True):
                deadline = notification_deadline(arrival=arrival, is_foreigner=foreign,
                                                 remote=remote)
                assert deadline > arrival


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        notification_deadline(arrival=datetime(2026, 11, 28, 12), is_foreigner=False,
                              remote=False)
