"""Index lifecycle: versioned concrete indexes `<alias>-<timestamp>` behind an alias.

Searches always go through the alias. A rebuild fills a new concrete index, reachable
meanwhile through the write alias `<alias>-next` (so drained changes land in both), then
swaps the alias in one atomic `_aliases` call and deletes the old index.
"""

import datetime as dt

from elasticsearch import NotFoundError
from elasticsearch.helpers import bulk, scan

from search.client import get_client

BULK_CHUNK = 500


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
    new = create_index(doc_cls)
    client.indices.put_alias(index=new, name=building)
    try:
        queryset = doc.get_queryset().order_by("pk")
        indexed, _errors = bulk(client, index_actions(doc, queryset.iterator(batch_size), new),
                                chunk_size=batch_size, refresh=False)
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


def indexed_ids(doc_cls) -> set[str]:
    """Every document id behind the alias."""
    hits = scan(get_client(), index=doc_cls.alias(), query={"query": {"match_all": {}}},
                _source=False, size=2000)
    return {hit["_id"] for hit in hits}
