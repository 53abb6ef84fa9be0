"""RankedStays: the index's order kept, only the page read, the jurisdiction applied again."""

import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lodging.police.permissions import stays_in_jurisdiction
from lodging.police.stay_search import RankedStays

pytestmark = pytest.mark.django_db


def test_pages_keep_the_index_order_and_read_only_their_stays(stays, provincial_officer):
    ids = [stays["bacha"][0].pk, stays["sapa"][1].pk, stays["sapa"][0].pk]
    ranked = RankedStays(stays_in_jurisdiction(provincial_officer), ids)
    paginator = Paginator(ranked, 2)
    assert paginator.count == 3 and paginator.num_pages == 2
    with CaptureQueriesContext(connection) as queries:
        second = list(paginator.page(2))
    assert [stay.pk for stay in second] == ids[2:]
    assert len(queries) == 1
    read = re.search(r'"id" IN \(([^)]*)\)', queries[0]["sql"]).group(1)
    assert [int(pk) for pk in read.split(",")] == ids[2:]
    assert [stay.pk for stay in paginator.page(1)] == ids[:2]
    assert ranked[-1].pk == ids[-1] and ranked[0].establishment.commune.name
    with CaptureQueriesContext(connection) as queries:
        assert [stay.pk for stay in ranked] == ids
    assert len(queries) == 1


def test_an_id_outside_the_jurisdiction_or_gone_is_left_out(stays, sapa_officer):
    """The index filters by jurisdiction; the database checks it again (a stale index)."""
    ids = [stays["bacha"][0].pk, stays["sapa"][0].pk, 10**9]
    ranked = RankedStays(stays_in_jurisdiction(sapa_officer), ids)
    assert [stay.pk for stay in ranked[0:3]] == [stays["sapa"][0].pk]
    with pytest.raises(IndexError):
        ranked[0]  # the Bắc Hà stay is not this officer's to see
    with pytest.raises(IndexError):
        ranked[3]
    assert list(RankedStays(stays_in_jurisdiction(sapa_officer), [])) == []
