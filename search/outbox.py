"""The indexing pipeline: outbox rows written with the change, drained after commit.

The write path only inserts rows (same transaction) and, on commit, enqueues a
django-tasks task; it never talks to Elasticsearch. The drain reads each object's
current state from the database, so the recorded action is only a hint: an object that
is gone or no longer indexable is deleted from the index.
"""

import datetime as dt
import logging
import math
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django_tasks import task
from elasticsearch.helpers import BulkIndexError, bulk

from cms.bulk import insert_rows
from search.client import get_client
from search.indexes import write_targets
from search.models import IndexOutbox, OutboxAction
from search.registry import registry

logger = logging.getLogger(__name__)

BATCH = 500
BACKOFF_BASE_SECONDS = 5
BACKOFF_MAX_SECONDS = 3600


def enqueue(instance_or_label, ids=None, action: str = OutboxAction.INDEX) -> int:
    """Record that objects must be (re)indexed or deleted; call inside the write's
    transaction. `enqueue(obj)`, `enqueue(obj, action="delete")` or
    `enqueue("lodging.establishment", [1, 2])`."""
    if isinstance(instance_or_label, str):
        label = instance_or_label.lower()
    else:
        label = instance_or_label._meta.label_lower
        if ids is None:
            ids = [instance_or_label.pk]
    rows = [{"model_label": label, "object_id": str(pk), "action": action}
            for pk in (ids or [])]
    if not rows:
        return 0
    insert_rows(IndexOutbox, rows)
    transaction.on_commit(_drain_soon)
    return len(rows)


# Coalescing: at peak every registration would enqueue its own drain task (one more
# INSERT per request, and the worker running 100 tasks a second that find one row
# each). Instead a process enqueues at most one drain per window, due at the window's
# end; every write committed in this process before then is in the outbox when it runs.
_coalesce_lock = threading.Lock()
_drain_due_at = 0.0  # end of the window this process has a drain task queued for


def _drain_soon() -> None:
    global _drain_due_at
    window = float(getattr(settings, "INDEX_DRAIN_WINDOW_SECONDS", 0))
    if window <= 0:
        schedule_drain()
        return
    now = time.time()
    # The margin keeps a write committed just before the boundary out of a drain that
    # a worker with a clock slightly ahead might start early.
    due = (math.floor(now / window) + 1) * window + 0.1
    with _coalesce_lock:
        if _drain_due_at >= due:
            return
        previous, _drain_due_at = _drain_due_at, due
    if not schedule_drain(run_after=dt.datetime.fromtimestamp(due, tz=dt.UTC)):
        with _coalesce_lock:  # nothing was queued: let the next write try again
            _drain_due_at = previous


def schedule_drain(run_after: dt.datetime | None = None) -> bool:
    """Ask the worker to drain; never fails the caller (the command drains later anyway)."""
    try:
        job = drain_index_outbox_task
        if run_after is not None:
            job = job.using(run_after=run_after)
        job.enqueue()
    except Exception:  # the rows are safe in the outbox; a later drain picks them up
        logger.exception("could not enqueue the index outbox drain")
        return False
    return True


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** attempts))


def drain(*, batch: int = BATCH, include_waiting: bool = False) -> dict:
    """Index or delete what the outbox lists, in bulk. Returns counts.

    Rows that fail get `attempts + 1` and `next_attempt_at` pushed back exponentially;
    `include_waiting` ignores the back-off (the management command uses it).
    """
    now = timezone.now()
    totals = {"indexed": 0, "deleted": 0, "failed": 0}
    seen_ids: set[int] = set()
    while True:
        rows = IndexOutbox.objects.exclude(pk__in=seen_ids).order_by("pk")
        if not include_waiting:
            rows = rows.exclude(next_attempt_at__gt=now)
        with transaction.atomic():
            # Two workers never send the same rows (no-op on SQLite, one writer anyway).
            rows = list(rows.select_for_update(skip_locked=True)[:batch])
            if not rows:
                break
            seen_ids.update(row.pk for row in rows)
            for key, value in _drain_rows(rows).items():
                totals[key] += value
    if totals["failed"]:
        retry_at = IndexOutbox.objects.aggregate(at=Min("next_attempt_at"))["at"]
        schedule_drain(run_after=retry_at)
    return totals


def _drain_rows(rows: list[IndexOutbox]) -> dict:
    counts = {"indexed": 0, "deleted": 0, "failed": 0}
    by_label: dict[str, list[IndexOutbox]] = {}
    for row in rows:
        by_label.setdefault(row.model_label, []).append(row)
    for label, label_rows in by_label.items():
        docs = registry.for_label(label)
        if not docs:  # nothing indexes this model (any more): the rows have no purpose
            IndexOutbox.objects.filter(pk__in=[r.pk for r in label_rows]).delete()
            continue
        ids = list(dict.fromkeys(row.object_id for row in label_rows))
        failed_ids: dict[str, str] = {}
        for doc_cls in docs:
            try:
                done, failures = _apply(doc_cls, ids)
            except Exception as exc:  # ES down or timing out: every id waits for later
                failures = {object_id: f"{type(exc).__name__}: {exc}"[:500] for object_id in ids}
                done = {}
            failed_ids.update(failures)
            counts["indexed"] += done.get("indexed", 0)
            counts["deleted"] += done.get("deleted", 0)
        ok = [r.pk for r in label_rows if r.object_id not in failed_ids]
        IndexOutbox.objects.filter(pk__in=ok).delete()
        for row in label_rows:
            if row.object_id in failed_ids:
                row.attempts += 1
                row.next_attempt_at = timezone.now() + _backoff(row.attempts)
                row.last_error = failed_ids[row.object_id]
                row.save(update_fields=["attempts", "next_attempt_at", "last_error"])
                counts["failed"] += 1
    return counts


def _apply(doc_cls, ids: list[str]) -> tuple[dict, dict]:
    """Bulk-index the ids still indexable, delete the others, in every write target."""
    doc = doc_cls()
    objects = {str(obj.pk): obj for obj in doc.load(ids)}
    targets = write_targets(doc_cls)
    actions = []
    for target in targets:
        for object_id in ids:
            obj = objects.get(object_id)
            if obj is None:
                actions.append({"_op_type": "delete", "_index": target, "_id": object_id})
            else:
                actions.append({"_op_type": "index", "_index": target, "_id": object_id,
                                "_source": doc.body_for(obj)})
    failures: dict[str, str] = {}
    try:
        bulk(get_client(), actions, refresh="wait_for" if len(actions) < 100 else False,
             raise_on_error=True)
    except BulkIndexError as exc:
        for error in exc.errors:
            (op, item), = error.items()
            if op == "delete" and item.get("status") == 404:
                continue
            failures[item["_id"]] = str(item.get("error"))[:500]
    deleted = sum(1 for i in ids if i not in objects)
    return {"indexed": len(objects), "deleted": deleted}, failures


@task()
def drain_index_outbox_task() -> dict:
    return drain()


REBUILD_REQUEST_SECONDS = 600


def request_rebuild(doc_type: str) -> bool:
    """Ask the worker to build a missing index, at most once per REBUILD_REQUEST_SECONDS."""
    if not cache.add(f"search:rebuild-requested:{doc_type}", True, REBUILD_REQUEST_SECONDS):
        return False
    try:
        rebuild_index_task.enqueue(doc_type)
    except Exception:
        logger.exception("could not enqueue the rebuild of %s", doc_type)
        return False
    return True


@task()
def rebuild_index_task(doc_type: str) -> dict:
    from search.indexes import rebuild

    result = rebuild(registry.get(doc_type))
    cache.delete(f"search:rebuild-requested:{doc_type}")
    return {key: result[key] for key in ("alias", "index", "indexed")}
