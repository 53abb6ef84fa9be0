"""Bulk inserts for the big write paths: COPY on PostgreSQL, bulk_create elsewhere."""

from django.db import connections, models, router
from django.utils import timezone

# Below this many rows an INSERT is as quick and COPY's extra round trip (the ids) is not
# worth it. Above it, building a many-column INSERT with the ORM costs more than checking
# the rows (a 10,000-row sheet of stays).
COPY_FROM = 50


def insert(model: type[models.Model], objects: list[models.Model]) -> None:
    """Insert new objects as `bulk_create` does and leave them as it does (pk set, saved).

    On PostgreSQL, from COPY_FROM rows: the ids are taken from the table's sequence in one
    query, then the rows go by COPY. No signals either way, as with bulk_create.
    """
    using = router.db_for_write(model)
    connection = connections[using]
    if connection.vendor != "postgresql" or len(objects) < COPY_FROM:
        model.objects.using(using).bulk_create(objects)
        return
    meta = model._meta
    fields = meta.concrete_fields
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                       "FROM generate_series(1, %s)", [meta.db_table, meta.pk.column,
                                                       len(objects)])
        ids = [row[0] for row in cursor.fetchall()]
        for obj, pk in zip(objects, ids, strict=True):
            obj.pk = pk
        _copy(cursor, connection, meta.db_table, fields,
              ([field.pre_save(obj, add=True) for field in fields] for obj in objects))
    for obj in objects:
        obj._state.adding, obj._state.db = False, using


def insert_rows(model: type[models.Model], rows: list[dict]) -> None:
    """Insert rows given as {attname: value} when nothing needs the objects afterwards
    (history, outbox): building 10,000 model instances costs more than sending them.

    A field left out takes its default, computed once for all the rows (a callable default
    such as `timezone.now` gives every row the same value, as one transaction's rows have
    anyway); `auto_now`/`auto_now_add` fields get the time once. The ids come from the
    table's identity default; none are read back.
    """
    if not rows:
        return
    using = router.db_for_write(model)
    connection = connections[using]
    if connection.vendor != "postgresql" or len(rows) < COPY_FROM:
        model.objects.using(using).bulk_create([model(**row) for row in rows])
        return
    meta = model._meta
    fields = [field for field in meta.concrete_fields if field is not meta.pk]
    now = timezone.now()
    defaults = [now if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
                else field.get_default() for field in fields]
    names = [field.attname for field in fields]
    with connection.cursor() as cursor:
        _copy(cursor, connection, meta.db_table, fields,
              ([row.get(name, default) for name, default in zip(names, defaults, strict=True)]
               for row in rows))


def _copy(cursor, connection, table: str, fields, rows) -> None:
    """COPY rows of values (one per field, in the fields' order) into table."""
    from psycopg.types.json import Jsonb

    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    is_json = [isinstance(field, models.JSONField) for field in fields]
    with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
        for values in rows:
            copy.write_row([Jsonb(value) if json else value
                            for value, json in zip(values, is_json, strict=True)])
