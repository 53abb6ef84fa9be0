"""cms.bulk.insert_rows: the COPY path stores what the ORM would, defaults included."""

import pytest
from django.utils import timezone

from cms.bulk import COPY_FROM, insert_rows
from search.models import IndexOutbox

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [COPY_FROM - 1, COPY_FROM + 5])
def test_rows_left_without_some_fields_get_the_model_defaults(count):
    reference = IndexOutbox.objects.create(model_label="lodging.stay", object_id="0")
    before = timezone.now()
    insert_rows(IndexOutbox, [{"model_label": "lodging.stay", "object_id": str(n)}
                              for n in range(1, count + 1)]
                + [{"model_label": "lodging.stay", "object_id": "x", "action": "delete",
                    "attempts": 3, "last_error": "boom"}])
    rows = list(IndexOutbox.objects.exclude(pk=reference.pk).order_by("pk"))
    assert [row.object_id for row in rows] == [str(n) for n in range(1, count + 1)] + ["x"]
    compared = ("model_label", "action", "attempts", "next_attempt_at", "last_error")
    for row in rows[:-1]:
        assert [getattr(row, f) for f in compared] == [getattr(reference, f) for f in compared]
        assert before <= row.created_at <= timezone.now()
    assert (rows[-1].action, rows[-1].attempts, rows[-1].last_error) == ("delete", 3, "boom")
    assert len({row.pk for row in rows}) == len(rows) and min(r.pk for r in rows) > reference.pk
