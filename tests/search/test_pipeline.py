"""Writes never wait for Elasticsearch; the outbox makes the index converge later."""

import threading

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from search.client import get_client
from search.indexes import concrete_indexes, ensure_index, indexed_ids, rebuild
from search.models import IndexOutbox
from search.outbox import drain, drain_index_outbox_task, enqueue
from search.queries import PublicSearch
from search.reconcile import reconcile
from tests.factories import make_establishment
from tourism.documents import AccommodationDocument

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]

DEAD = {**settings.ELASTICSEARCH, "URL": "http://127.0.0.1:9", "TIMEOUT": 1}


def test_index_settings_alias_and_versioned_index(clean_indexes):
    ensure_index(AccommodationDocument)
    alias = AccommodationDocument.alias()
    assert alias == f"{settings.ELASTICSEARCH['INDEX_PREFIX']}-accommodation"
    (concrete,) = concrete_indexes(alias)
    assert concrete.startswith(alias + "-")
    index_settings = clean_indexes.indices.get_settings(index=concrete)[concrete]["settings"]
    assert index_settings["index"]["number_of_shards"] == "1"
    assert index_settings["index"]["auto_expand_replicas"] == "0-1"


def test_a_save_writes_an_outbox_row_and_schedules_a_drain_on_commit(
        clean_indexes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        hotel = make_establishment("SAPA-0100", "03006", name="Fansipan View Hotel", kind="hotel")
    rows = IndexOutbox.objects.filter(model_label="lodging.establishment",
                                      object_id=str(hotel.pk))
    assert rows.count() == 1
    assert DBTaskResult.objects.filter(task_path__endswith="drain_index_outbox_task").exists()
    drain_index_outbox_task.call()
    assert not IndexOutbox.objects.exists()
    assert PublicSearch(q="Phan Xi Păng view", types=["accommodation"]).execute()[
        "results"][0]["title"] == (
        "Fansipan View Hotel")


def test_elasticsearch_down_never_fails_a_write_and_the_index_converges(clean_indexes):
    ensure_index(AccommodationDocument)
    with override_settings(ELASTICSEARCH=DEAD):
        hotels = [make_establishment(f"DOWN-{i}", "03037", name=f"Homestay Tả Van {i}")
                  for i in range(3)]
        counts = drain()  # the worker runs while Elasticsearch is down
        assert counts["failed"] == 3
        row = IndexOutbox.objects.first()
        assert row.attempts == 1 and row.next_attempt_at and "Connection" in row.last_error
        assert drain() == {"indexed": 0, "deleted": 0, "failed": 0}  # waits for back-off
        hotels[2].delete()  # a deletion while down is queued too
    assert IndexOutbox.objects.count() == 4
    assert indexed_ids(AccommodationDocument) == set()
    call_command("drain_index_outbox")  # Elasticsearch is back
    assert not IndexOutbox.objects.exists()
    assert indexed_ids(AccommodationDocument) == {str(hotels[0].pk), str(hotels[1].pk)}


def test_reindex_swaps_the_alias_while_searches_keep_answering(clean_indexes):
    hotels = [make_establishment(f"BULK-{i:03d}", "03006", name=f"Sapa Hotel {i}")
              for i in range(300)]
    rebuild(AccommodationDocument)
    alias = AccommodationDocument.alias()
    (old,) = concrete_indexes(alias)
    body = PublicSearch(q="sapa hotel").body(facets=False)
    client = get_client()
    counts, errors, stop = [], [], threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                counts.append(client.search(index=alias, **body)["hits"]["total"]["value"])
            except Exception as exc:
                errors.append(exc)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        result = rebuild(AccommodationDocument, batch_size=10)
    finally:
        stop.set()
        searcher.join()
    assert errors == []
    assert len(counts) > 5 and set(counts) == {len(hotels)}
    assert concrete_indexes(alias) == [result["index"]] != [old]
    assert not client.indices.exists(index=old)


def test_changes_drained_during_a_rebuild_reach_the_new_index(clean_indexes):
    make_establishment("OLD-1", "03006", name="Old Lodge")
    rebuild(AccommodationDocument)
    doc = AccommodationDocument
    client = get_client()
    new = f"{doc.alias()}-20990101000000000000"
    client.indices.create(index=new, **doc.index_body())
    client.indices.put_alias(index=new, name=f"{doc.alias()}-next")
    late = make_establishment("LATE-1", "03006", name="Late Lodge")
    drain()
    assert client.exists(index=new, id=str(late.pk))
    assert client.exists(index=doc.alias(), id=str(late.pk))


def test_reconcile_indexes_the_missing_and_deletes_the_extra(clean_indexes, capsys):
    kept = make_establishment("REC-1", "03006", name="Lodge One")
    missing = make_establishment("REC-2", "03006", name="Lodge Two")
    rebuild(AccommodationDocument)
    client = get_client()
    client.delete(index=AccommodationDocument.alias(), id=str(missing.pk), refresh=True)
    client.index(index=AccommodationDocument.alias(), id="999999",
                 document={"type": "accommodation", "title": "Ghost"}, refresh=True)
    assert reconcile(AccommodationDocument, repair=False) == {
        "database": 2, "index": 2, "missing": 1, "extra": 1}
    call_command("reconcile_index")
    assert "accommodation: database 2, index 2, missing 1, extra 1" in capsys.readouterr().out
    assert indexed_ids(AccommodationDocument) == {str(kept.pk), str(missing.pk)}
    assert reconcile(AccommodationDocument)["missing"] == 0


def test_enqueue_by_label_and_suspended_establishments_leave_the_index(clean_indexes):
    hotel = make_establishment("SUS-1", "03006", name="Suspended Lodge")
    drain()
    assert indexed_ids(AccommodationDocument) == {str(hotel.pk)}
    type(hotel).objects.filter(pk=hotel.pk).update(status="suspended")  # bypasses signals
    enqueue("lodging.Establishment", [hotel.pk])
    drain()
    assert indexed_ids(AccommodationDocument) == set()


def test_reindex_command_rebuilds_every_registered_index(clean_indexes, capsys):
    from django.core.management.base import CommandError

    from search.registry import registry

    make_establishment("CMD-1", "03006", name="Lodge")
    call_command("reindex")
    out = capsys.readouterr().out
    for doc_cls in registry.all():
        assert f"{doc_cls.doc_type}: " in out
        assert concrete_indexes(doc_cls.alias())
    assert "accommodation: 1 documents" in out
    with pytest.raises(CommandError):
        call_command("reindex", "casinos")


def test_writes_in_one_window_share_one_drain_task_that_sees_them_all(
        clean_indexes, django_capture_on_commit_callbacks, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from search import outbox
    monkeypatch.setattr(outbox, "_drain_due_at", 0.0)
    with override_settings(INDEX_DRAIN_WINDOW_SECONDS=60):
        hotels = []
        for number in range(3):  # three writes, three transactions, one window
            with django_capture_on_commit_callbacks(execute=True):
                hotels.append(make_establishment(f"WIN-{number}", "03037",
                                                 name=f"Homestay Y Tý {number}"))
    tasks = DBTaskResult.objects.filter(task_path__endswith="drain_index_outbox_task")
    (task,) = tasks  # one task, not three
    assert timezone.now() < task.run_after <= timezone.now() + timedelta(seconds=61)
    assert IndexOutbox.objects.count() == 3
    drain_index_outbox_task.call()  # the worker runs it when it is due
    assert indexed_ids(AccommodationDocument) == {str(h.pk) for h in hotels}


def test_a_failed_enqueue_lets_the_next_write_try_again(monkeypatch):
    from search import outbox
    monkeypatch.setattr(outbox, "_drain_due_at", 0.0)
    calls = []
    monkeypatch.setattr(outbox, "schedule_drain",
                        lambda run_after=None: calls.append(run_after) and False)
    with override_settings(INDEX_DRAIN_WINDOW_SECONDS=60):
        outbox._drain_soon()
        outbox._drain_soon()
    assert len(calls) == 2 and outbox._drain_due_at == 0.0


def test_the_worker_drains_at_start_up_what_a_killed_worker_left(clean_indexes, monkeypatch):
    # A worker killed while running the only queued drain leaves no task to run: the
    # rows would wait for the next write. index_worker drains them before it starts.
    ensure_index(AccommodationDocument)
    hotel = make_establishment("KILL-1", "03037", name="Homestay Bản Hồ")
    DBTaskResult.objects.all().delete()
    assert IndexOutbox.objects.count() == 1
    started = []
    monkeypatch.setattr("search.management.commands.index_worker.call_command",
                        lambda *args: started.append(args))
    call_command("index_worker", "--", "--interval", "0.5")
    assert not IndexOutbox.objects.exists()
    assert indexed_ids(AccommodationDocument) == {str(hotel.pk)}
    assert started == [("db_worker", "--interval", "0.5")]
