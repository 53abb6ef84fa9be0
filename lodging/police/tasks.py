"""Retention on a schedule: the worker anonymises expired stays once a day.

Each run queues the next one (django-tasks has no periodic scheduler of its own); the
worker command (`index_worker`) queues the first when none is waiting, so a fresh
deployment starts the cycle and a restart never doubles it.
"""

import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


def next_run(now: datetime | None = None) -> datetime:
    """The next STAY_ANONYMISE_HOUR o'clock, local time (a quiet hour)."""
    local = timezone.localtime(now or timezone.now())
    due = datetime.combine(local.date(), time(settings.STAY_ANONYMISE_HOUR),
                           tzinfo=local.tzinfo)
    return due if due > local else due + timedelta(days=1)


def schedule_anonymisation(now: datetime | None = None) -> bool:
    """Queue the next anonymisation run unless one is already waiting. True if queued."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=anonymise_expired_stays.module_path,
                                          status=TaskResultStatus.READY)
    if waiting.exists():
        return False
    anonymise_expired_stays.using(run_after=next_run(now)).enqueue()
    return True


@task()
def anonymise_expired_stays() -> int:
    """Anonymise the stays past STAY_RETENTION_DAYS, then queue tomorrow's run."""
    from lodging.police.services import anonymise_old_stays

    try:
        return anonymise_old_stays()
    finally:
        schedule_anonymisation()
