"""Bulk inserts for the big write paths: COPY on PostgreSQL, bulk_create elsewhere."""

from django.db import connections, models, router

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
