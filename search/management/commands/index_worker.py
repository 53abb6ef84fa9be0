"""The background worker: drain what the index outbox holds, queue the nightly retention
run if none is waiting, then run django-tasks' worker.

A worker killed while running the only queued drain task leaves that task "running" in
django-tasks-db for ever: nothing is lost (the rows stay in the outbox), but they would
wait for the next write to queue a new drain. Starting the worker through this command
(as `make run`, the load test and a production supervisor do) drains them at once.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from search.outbox import drain


class Command(BaseCommand):
    help = ("Drain the index outbox, then run `db_worker` with the given options "
            "(pass them after --, e.g. `index_worker -- --interval 0.5`).")

    def add_arguments(self, parser):
        parser.add_argument("worker_args", nargs="*",
                            help="options for db_worker, after --")

    def handle(self, *args, worker_args=(), **options):
        try:
            counts = drain()
        except Exception as error:  # Elasticsearch down: the rows wait, the worker starts
            self.stderr.write(f"start-up drain failed, the worker will retry: {error}")
        else:
            self.stdout.write(f"start-up drain: indexed {counts['indexed']}, deleted "
                              f"{counts['deleted']}, failed {counts['failed']}")
        # Retention runs through this worker every night; the first run is queued here.
        from lodging.police.tasks import schedule_anonymisation

        if schedule_anonymisation():
            self.stdout.write("nightly anonymisation of expired stays queued")
        call_command("db_worker", *worker_args)
