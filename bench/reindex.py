"""Full rebuild of the police stays index: ours vs the straightforward path.

    python -m bench.reindex [--baseline-rows 200000]

- ours: `search.indexes.rebuild(StayDocument)`, what `manage.py reindex` runs: rows
  streamed with values_list (no model instances), chunks of 2,000 sent from two threads
  while the next rows are read, refreshes and replicas off until the alias swap;
- baseline: the obvious path, model instances with select_related through
  `iterator()` and `body_for()`, `elasticsearch.helpers.bulk` in chunks of 500 from one
  thread into an index with default settings, over the first --baseline-rows stays (the
  whole table would take most of an hour), into a scratch index that is deleted after.

Both print documents per second; the target is 5,000/s for 2 million stays.
"""

import argparse
import time

from bench.common import print_table, setup_django


def baseline(rows: int) -> tuple[int, float]:
    from elasticsearch.helpers import bulk

    from lodging.police.documents import StayDocument
    from search.client import get_client

    client, doc = get_client(), StayDocument()
    scratch = f"{StayDocument.alias()}-baseline"
    client.options(ignore_status=404).indices.delete(index=scratch)
    client.indices.create(index=scratch, **StayDocument.index_body())
    started = time.perf_counter()
    objects = doc.get_queryset().order_by("pk")[:rows].iterator(500)
    actions = ({"_index": scratch, "_id": str(obj.pk), "_source": doc.body_for(obj)}
               for obj in objects)
    indexed, _errors = bulk(client, actions, chunk_size=500)
    client.indices.refresh(index=scratch)
    elapsed = time.perf_counter() - started
    client.options(ignore_status=404).indices.delete(index=scratch)
    return indexed, elapsed


def ours() -> tuple[int, float]:
    from lodging.police.documents import StayDocument
    from search.indexes import rebuild

    started = time.perf_counter()
    result = rebuild(StayDocument)
    return result["indexed"], time.perf_counter() - started


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline-rows", type=int, default=200_000)
    args = parser.parse_args(argv)
    setup_django()
    base_docs, base_seconds = baseline(args.baseline_rows)
    our_docs, our_seconds = ours()
    base_rate, our_rate = base_docs / base_seconds, our_docs / our_seconds
    print_table("rebuild of the stays index (alias swap included for ours)", [
        ("ours: reindex", f"{our_docs:,}", f"{our_seconds:,.0f}", f"{our_rate:,.0f}"),
        ("baseline: ORM + bulk(500)", f"{base_docs:,}", f"{base_seconds:,.0f}",
         f"{base_rate:,.0f}"),
    ], ("", "documents", "seconds", "documents/s"))
    print(f"\nratio ours / baseline = {our_rate / base_rate:.1f}x (target: ≥ 5,000 documents/s)")


if __name__ == "__main__":
    main()
