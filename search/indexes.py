"""Index lifecycle: versioned concrete indexes `<alias>-<timestamp>` behind an alias.

Searches always go through the alias. A rebuild fills a new concrete index, reachable
meanwhile through the write alias `<alias>-next` (so drained changes land in both), then
swaps the alias in one atomic `_aliases` call and deletes the old index.
"""

import datetime as dt
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from itertools import islice

from elasticsearch import NotFoundError
from elasticsearch.helpers import bulk, scan

from search.client import get_client

BULK_CHUNK = 2000
BULK_THREADS = 2  # requests in flight while Python builds the next chunk
# While a new index fills nobody searches it: no refreshes and no replicas until the
# end (the 5,000 documents/s target for 2 million stays needs both off).
BUILD_SETTINGS = {"refresh_interval": "-1", "number_of_replicas": 0,
                  "auto_expand_replicas": "false"}


def next_alias(doc_cls) -> str:
    return f"{doc_cls.alias()}-next"


def _new_index_name(doc_cls) -> str:
    return f"{doc_cls.alias()}-{dt.datetime.now(dt.UTC).strftime('%Y%m%d%H%M%S%f')}"


def concrete_indexes(alias: str) -> list[str]:
    try:
        return sorted(get_client().indices.get_alias(name=alias))
    except NotFoundError:
        return []


def create_index(doc_cls) -> str:
    name = _new_index_name(doc_cls)
    get_client().indices.create(index=name, **doc_cls.index_body())
    return name


def ensure_index(doc_cls) -> None:
    """Create the first concrete index and its alias when the alias does not exist yet."""
    client = get_client()
    alias = doc_cls.alias()
    if client.indices.exists_alias(name=alias):
        return
    if client.indices.exists(index=alias):  # a bare index where the alias should be
        raise RuntimeError(f"{alias} is an index, not an alias; delete it or run reindex")
    name = create_index(doc_cls)
    client.indices.put_alias(index=name, name=alias)


def write_targets(doc_cls) -> list[str]:
    """The alias plus, during a rebuild, the index being built."""
    ensure_index(doc_cls)
    client = get_client()
    targets = [doc_cls.alias()]
    if client.indices.exists_alias(name=next_alias(doc_cls)):
        targets.append(next_alias(doc_cls))
    return targets


def index_actions(doc, objects, index: str):
    for obj in objects:
        yield {"_op_type": "index", "_index": index, "_id": str(obj.pk),
               "_source": doc.body_for(obj)}


def rebuild(doc_cls, *, batch_size: int = BULK_CHUNK) -> dict:
    """Fill a new index from the database and swap the alias to it without downtime."""
    client = get_client()
    doc = doc_cls()
    alias, building = doc_cls.alias(), next_alias(doc_cls)
    new = _new_index_name(doc_cls)
    body = doc_cls.index_body()
    client.indices.create(index=new, mappings=body["mappings"],
                          settings={**body["settings"], **BUILD_SETTINGS})
    client.indices.put_alias(index=new, name=building)
    try:
        actions = ({"_index": new, "_id": pk, "_source": source}
                   for pk, source in doc.bulk_sources())
        indexed = _bulk_in_threads(client, actions, chunk_size=batch_size)
        client.indices.put_settings(index=new, settings=_serving_settings(doc_cls))
        client.indices.refresh(index=new)
        old = concrete_indexes(alias)
        if client.indices.exists(index=alias) and not old:
            raise RuntimeError(f"{alias} is an index, not an alias")
        actions = [{"remove": {"index": name, "alias": alias}} for name in old]
        actions += [{"add": {"index": new, "alias": alias}},
                    {"remove": {"index": new, "alias": building}}]
        client.indices.update_aliases(actions=actions)
    except Exception:
        client.options(ignore_status=404).indices.delete(index=new)
        raise
    for name in old:
        client.options(ignore_status=404).indices.delete(index=name)
    return {"alias": alias, "index": new, "indexed": indexed, "replaced": old}


BULK_TIMEOUT = 120  # seconds for one bulk request during a rebuild
BULK_RETRIES = 3


def _bulk_in_threads(client, actions, *, chunk_size: int) -> int:
    """Send chunks from BULK_THREADS threads while this thread reads the next rows.

    The rows are read here, in the caller's thread and database connection (a pool
    thread would open its own connection and, in a transaction, see other data); only
    ready chunks go to the threads. A failed chunk raises here, which stops the rebuild.
    """
    actions, indexed, pending = iter(actions), 0, set()
    # A bulk request may wait on a merge far longer than a search should: its own timeout,
    # and a timed-out chunk is sent again (same ids, so a retry never duplicates).
    client = client.options(request_timeout=BULK_TIMEOUT, retry_on_timeout=True,
                            max_retries=BULK_RETRIES)
    with ThreadPoolExecutor(max_workers=BULK_THREADS) as pool:
        while chunk := list(islice(actions, chunk_size)):
            pending.add(pool.submit(bulk, client, chunk, chunk_size=chunk_size,
                                    refresh=False))
            if len(pending) >= BULK_THREADS * 2:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                indexed += sum(future.result()[0] for future in done)
        indexed += sum(future.result()[0] for future in pending)
    return indexed


def _serving_settings(doc_cls) -> dict:
    """The document's own replica settings back, and refreshes at the default interval."""
    wanted = doc_cls.index_settings
    settings = {"refresh_interval": None}
    if "auto_expand_replicas" in wanted:
        settings["auto_expand_replicas"] = wanted["auto_expand_replicas"]
    else:
        settings["number_of_replicas"] = wanted.get("number_of_replicas", 1)
    return settings


def indexed_ids(doc_cls) -> set[str]:
    """Every document id behind the alias."""
    hits = scan(get_client(), index=doc_cls.alias(), query={"query": {"match_all": {}}},
                _source=False, size=2000)
    return {hit["_id"] for hit in hits}
