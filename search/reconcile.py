"""Compare what the database says should be indexed with what the index holds."""

from elasticsearch.helpers import bulk

from search.client import get_client
from search.indexes import ensure_index, index_actions, indexed_ids, write_targets


def reconcile(doc_cls, *, repair: bool = True) -> dict:
    ensure_index(doc_cls)
    doc = doc_cls()
    expected, present = doc.indexable_ids(), indexed_ids(doc_cls)
    missing, extra = sorted(expected - present), sorted(present - expected)
    if repair and (missing or extra):
        client = get_client()
        for target in write_targets(doc_cls):
            actions = list(index_actions(doc, doc.load(missing), target))
            actions += [{"_op_type": "delete", "_index": target, "_id": object_id}
                        for object_id in extra]
            bulk(client, actions, raise_on_error=False, refresh="wait_for")
    return {"database": len(expected), "index": len(present),
            "missing": len(missing), "extra": len(extra)}
