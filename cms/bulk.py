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
    from psycopg.types.json import Jsonb

    meta = model._meta
    fields = meta.concrete_fields
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                       "FROM generate_series(1, %s)", [meta.db_table, meta.pk.column,
                                                       len(objects)])
        ids = [row[0] for row in cursor.fetchall()]
        columns = ", ".join(quote(field.column) for field in fields)
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj, pk in zip(objects, ids, strict=True):
                obj.pk = pk
                copy.write_row([
                    Jsonb(value) if isinstance(field, models.JSONField) else value
                    for field in fields
                    for value in (field.pre_save(obj, add=True),)])
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
    from psycopg.types.json import Jsonb

    meta = model._meta
    fields = [field for field in meta.concrete_fields if field is not meta.pk]
    now = timezone.now()
    defaults = {field.attname: now if getattr(field, "auto_now", False)
                or getattr(field, "auto_now_add", False) else field.get_default()
                for field in fields}
    json_fields = {field.attname for field in fields if isinstance(field, models.JSONField)}
    names = [field.attname for field in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            values = [row.get(name, defaults[name]) for name in names]
            copy.write_row([Jsonb(value) if name in json_fields else value
                            for name, value in zip(names, values, strict=True)])
