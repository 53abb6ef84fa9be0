"""When a stay must be notified to the police, in Vietnam's time zone.

Vietnamese guests (Circular 55/2021/TT-BCA art. 15 as amended): before 23:00 of the
arrival day; a guest arriving at or after 23:00, before 08:00 the next day.
Foreigners (Law 47/2014/QH13 art. 33): within 12 hours of arrival, 24 hours in remote
areas.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
LATE_EVENING = time(23, 0)
NEXT_MORNING = time(8, 0)
FOREIGNER_HOURS = 12
FOREIGNER_REMOTE_HOURS = 24


def notification_deadline(*, arrival: datetime, is_foreigner: bool, remote: bool) -> datetime:
    if arrival.tzinfo is None:
        raise ValueError("arrival must be timezone-aware")
    local = arrival.astimezone(VIETNAM_TZ)
    if is_foreigner:
        hours = FOREIGNER_REMOTE_HOURS if remote else FOREIGNER_HOURS
        return local + timedelta(hours=hours)
    if local.time() < LATE_EVENING:
        return datetime.combine(local.date(), LATE_EVENING, tzinfo=VIETNAM_TZ)
    return datetime.combine(local.date() + timedelta(days=1), NEXT_MORNING, tzinfo=VIETNAM_TZ)


def is_late(*, notified_at: datetime, deadline: datetime) -> bool:
    """A notification made exactly at the deadline is on time ("before 23:00" is read
    as "by 23:00", the way the police portal accepts it)."""
    return notified_at > deadline
