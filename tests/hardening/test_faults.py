"""Faults survived: PostgreSQL restarted under a stream of registrations, and the indexing
worker killed in the middle of a batch. Real processes (gunicorn, index_worker), the real
test database (committed data: transactional tests) and the real Elasticsearch.

Elasticsearch stopped and restarted is covered by tests/integration/test_cluster.py and
tests/search/test_stays_pipeline.py.
"""

import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import psycopg
import pytest
import requests
from django.db import connection
from django.utils import timezone
from rest_framework.authtoken.models import Token

from lodging.models import Stay
from lodging.services import register_stays
from search.indexes import ensure_index
from search.models import IndexOutbox
from search.outbox import drain, enqueue
from search.registry import registry
from tests.lodging.conftest import make_establishment, make_staff, vietnamese_guest
from tests.processes import child_env, free_port
from tests.search.conftest import clean_indexes  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[2]








def _guest(number: int) -> dict:
    """A Vietnamese man born in Lào Cai in 1990 with a valid CCCD of his own."""
    return vietnamese_guest(full_name=f"Khách Thử {number}",
                            document_number=f"010090{number:06d}", room=str(100 + number % 50))


def _wait_for_database(timeout: float = 60) -> None:
    db = connection.settings_dict
    deadline = time.monotonic() + timeout
    while True:
        try:
            psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432,
                            user=db["USER"], password=db["PASSWORD"], dbname=db["NAME"],
                            connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


# --- PostgreSQL restarted during a stream of registrations ------------------------------

CLIENTS = 6
STAYS_PER_CLIENT = 40  # long enough that requests start after PostgreSQL is back


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_restart_loses_no_registration_and_duplicates_none(tmp_path,
                                                                     django_user_model):
    restart = os.environ.get("PG_RESTART_COMMAND", "")
    if connection.vendor != "postgresql" or not restart:
        pytest.skip("needs PostgreSQL and PG_RESTART_COMMAND (the command that restarts it; "
                    "CI sets both in .ci/run)")
    started = time.monotonic()
    homestay = make_establishment("SAPA-0001", "Sa Pa", name="Cát Cát Valley Homestay",
                                  rooms=60)
    staff = make_staff(django_user_model, "pms-faults", homestay)
    token = Token.objects.create(user=staff).key
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "laocai.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "2", "--threads", "3", "--timeout", "60"],
        cwd=ROOT, env=child_env(), stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if requests.get(f"{base}/healthz", timeout=10).status_code < 500:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start: " + (tmp_path / "gunicorn.log").read_text())

        lock = threading.Lock()
        done = []                      # (document_number, receipt) of every 201
        answers = []                   # (monotonic time the request started, status)
        restarted_at: list[float] = []
        failures = []

        def client(number: int) -> None:
            session = requests.Session()
            session.headers.update({"Authorization": f"Token {token}"})
            for index in range(STAYS_PER_CLIENT):
                guest = _guest(number * 100 + index)
                body = {k: v.isoformat() if hasattr(v, "isoformat") else v
                        for k, v in guest.items()}
                key = f"client-{number}-stay-{index}"
                deadline = time.monotonic() + 90
                while True:
                    sent = time.monotonic()
                    try:
                        response = session.post(f"{base}/api/v1/stays/", json=body, timeout=30,
                                                headers={"Idempotency-Key": key})
                    except requests.ConnectionError:
                        status = None
                    else:
                        status = response.status_code
                    with lock:
                        answers.append((sent, status))
                    if status == 201:
                        with lock:
                            done.append((guest["document_number"],
                                         response.json()["stays"][0]["receipt_code"]))
                        break
                    if status is not None and status < 500:
                        with lock:
                            failures.append((key, status, response.text[:300]))
                        break
                    if time.monotonic() > deadline:
                        with lock:
                            failures.append((key, status, "gave up"))
                        break
                    time.sleep(0.2)
                time.sleep(0.05)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        # Restart once a third of the stream has been registered.
        while len(done) < CLIENTS * STAYS_PER_CLIENT // 3 and any(t.is_alive() for t in threads):
            time.sleep(0.02)
        restart_began = time.monotonic()
        subprocess.run(shlex.split(restart), check=True, timeout=120)
        _wait_for_database()
        restarted_at.append(time.monotonic())
        for thread in threads:
            thread.join(timeout=180)
        connection.close()  # the test's own connection died with the restart

        assert not failures, failures
        assert len(done) == CLIENTS * STAYS_PER_CLIENT
        mid_stream = [s for t, s in answers if s != 201 and t >= restart_began]
        after = [s for t, s in answers if t >= restarted_at[0]]
        print(f"\nPostgreSQL restart: {len(done)} stays, {len(answers)} requests, "
              f"{len(mid_stream)} failed attempts while it restarted "
              f"({restarted_at[0] - restart_began:.1f}s), {time.monotonic() - started:.1f}s")
        assert after, "the stream ended before PostgreSQL was back: make it longer"
        assert all(s is not None and s < 500 for s in after), after
        numbers = [number for number, __ in done]
        saved = dict(Stay.objects.filter(document_number__in=numbers)
                     .values_list("document_number", "receipt_code"))
        assert Stay.objects.filter(establishment=homestay).count() == len(numbers)
        assert saved == dict(done)  # one stay each, and the receipt the client was given
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


# --- The indexing worker killed in the middle of a batch ---------------------------------

BATCH_STAYS = 3000


def _stay_doc():
    return registry.get("stay")


def _index_ids(es) -> set[str]:
    alias = _stay_doc().alias()
    es.indices.refresh(index=alias)
    return {hit["_id"] for hit in es.search(index=alias, size=BATCH_STAYS + 100,
                                             source=False, query={"match_all": {}})["hits"]["hits"]}


def _start_worker(tmp_path, name):
    log = (tmp_path / f"{name}.log").open("w")
    return subprocess.Popen(
        [sys.executable, "manage.py", "index_worker", "--", "--no-startup-delay",
         "--interval", "0.2"],
        cwd=ROOT, env=child_env(), stdout=log, stderr=subprocess.STDOUT), log


@pytest.mark.elasticsearch
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_killed_mid_batch_loses_nothing_and_indexes_nothing_twice(
        tmp_path, clean_indexes, django_user_model):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("the worker and the test share committed data: needs PostgreSQL "
                    "(SQLite's single writer makes the kill a different test)")
    es = clean_indexes
    started = time.monotonic()
    ensure_index(_stay_doc())
    homestay = make_establishment("SAPA-0001", "Sa Pa", name="Cát Cát Valley Homestay",
                                  rooms=500)
    staff = make_staff(django_user_model, "worker-faults", homestay)
    now = timezone.now()
    for first in range(0, BATCH_STAYS, 250):  # notifications of 250 guests, as a tour group
        register_stays(user=staff, establishment=homestay, now=now, guests=[
            _guest(number) | {"date_of_birth": date(1990, 5, 17),
                              "arrival": now - timedelta(hours=1)}
            for number in range(first, first + 250)])
    stay_ids = {str(pk) for pk in Stay.objects.values_list("pk", flat=True)}
    pending = IndexOutbox.objects.filter(model_label="lodging.stay")
    assert len(stay_ids) == pending.count() == BATCH_STAYS
    filled = time.monotonic()

    worker, log = _start_worker(tmp_path, "worker-1")
    try:
        deadline = time.monotonic() + 120
        while True:  # wait for progress: a first batch committed, not all of them
            remaining = pending.count()
            if 0 < remaining < BATCH_STAYS:
                break
            assert remaining, "the worker drained everything before it could be killed"
            assert time.monotonic() < deadline, (tmp_path / "worker-1.log").read_text()
            assert worker.poll() is None, (tmp_path / "worker-1.log").read_text()
            time.sleep(0.02)
        time.sleep(0.3)  # into the next batch
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
        log.close()
    left_by_kill = pending.count()
    indexed_by_kill = len(_index_ids(es))
    assert left_by_kill > 0, "killed too late: nothing was left to recover"
    killed = time.monotonic()

    worker, log = _start_worker(tmp_path, "worker-2")
    try:
        deadline = time.monotonic() + 180
        while IndexOutbox.objects.exists():
            assert time.monotonic() < deadline, (tmp_path / "worker-2.log").read_text()
            assert worker.poll() is None, (tmp_path / "worker-2.log").read_text()
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
    recovered = time.monotonic()

    assert _index_ids(es) == stay_ids  # every stay once: count and ids equal
    assert es.count(index=_stay_doc().alias())["count"] == BATCH_STAYS
    enqueue("lodging.stay", sorted(stay_ids))
    drain(include_waiting=True)
    assert es.count(index=_stay_doc().alias())["count"] == BATCH_STAYS
    assert _index_ids(es) == stay_ids
    print(f"\nworker kill: {BATCH_STAYS} stays queued in {filled - started:.1f}s; killed with "
          f"{left_by_kill} rows left and {indexed_by_kill} documents indexed after "
          f"{killed - filled:.1f}s; a new worker finished in {recovered - killed:.1f}s")
