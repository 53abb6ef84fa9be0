"""The police stay search: one set of parameters, the stays index first, the database
when the index cannot answer.

The boundaries (the police search form, the API's serializers) parse what was typed
into `StaySearchParams`; the searches below take those parameters as they are, and the
jurisdiction the request already resolved.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from elasticsearch import ApiError, TransportError

from cms.dates import parse_iso_date, start_of_day
from cms.text import fold, normalize, strip_invisible
from lodging.identity import clean_document_number
from lodging.models import Stay
from lodging.police.documents import StayQuery
from lodging.police.permissions import Jurisdiction

# A name is a few words: a longer query is refused (the database fallback builds one
# LIKE per word, and the index one clause per word).
MAX_QUERY_CHARS = 100
MAX_QUERY_WORDS = 8
MAX_TEXT_PARAM_CHARS = 40  # document numbers, codes


def _plain(value) -> str:
    """A code without invisible characters (a NUL would fail in PostgreSQL)."""
    return strip_invisible(str(value or "")).strip()


@dataclass(frozen=True)
class StaySearchParams:
    """What an officer searches by, tidied and bounded once: unset fields match all.

    ValidationError (keyed by field) when the name is longer than a name or a code
    longer than a code.
    """

    q: str = ""                      # a name, typed any way
    document_number: str = ""
    date_of_birth: date | None = None
    nationality: str = ""            # ISO 3166 alpha-3
    arrival_from: date | None = None
    arrival_to: date | None = None   # inclusive
    establishment: str = ""          # code
    commune: str = ""                # code
    late: bool = False               # late notifications only

    def __post_init__(self):
        text = str(self.q or "")
        if len(text) > MAX_QUERY_CHARS or len(fold(text).split()) > MAX_QUERY_WORDS:
            raise ValidationError({"q": [_(
                "Search for a name of at most %(words)s words and %(chars)s characters.")
                % {"words": MAX_QUERY_WORDS, "chars": MAX_QUERY_CHARS}]})
        for name in ("document_number", "establishment", "commune", "nationality"):
            if len(str(getattr(self, name) or "")) > MAX_TEXT_PARAM_CHARS:
                raise ValidationError({name: [_("At most %(max)s characters.")
                                              % {"max": MAX_TEXT_PARAM_CHARS}]})
        tidy = {"q": normalize(text),
                "document_number": clean_document_number(self.document_number),
                "nationality": _plain(self.nationality).upper(),
                "establishment": _plain(self.establishment).upper(),
                "commune": _plain(self.commune),
                "late": bool(self.late),
                # A bound no stay can fall outside (year 1, 9999) narrows nothing.
                "arrival_from": parse_iso_date(self.arrival_from),
                "arrival_to": parse_iso_date(self.arrival_to)}
        for name, value in tidy.items():
            object.__setattr__(self, name, value)

    @classmethod
    def of(cls, terms: Mapping[str, Any]) -> "StaySearchParams":
        """From parsed terms (a form's cleaned data, a serializer's validated data);
        names that are not search fields are left out."""
        return cls(**{field.name: terms[field.name] for field in fields(cls)
                      if terms.get(field.name) is not None})

    @property
    def name_words(self) -> list[str]:
        return fold(self.q).split()


@dataclass
class StaySearch:
    stays: "QuerySet[Stay] | RankedStays"
    count: int
    fallback: bool  # True when Elasticsearch could not answer: database search, no typos


def find_stays(jurisdiction: Jurisdiction, params: StaySearchParams) -> StaySearch:
    """Police search through the stays index (names without diacritics and with typos),
    the jurisdiction inside the query; the database when the index is down. The result
    holds every match (`count`), however deep: pages and exports reach them all."""
    try:
        return index_search(jurisdiction, params)
    except (ApiError, TransportError, OSError):
        stays = database_search(jurisdiction, params)
        return StaySearch(stays=stays, count=stays.count(), fallback=True)


def database_search(jurisdiction: Jurisdiction, params: StaySearchParams) -> QuerySet[Stay]:
    """The stays of the jurisdiction that match, newest first, asked of the database:
    exact words of the name (without diacritics), no typo tolerance."""
    stays = jurisdiction.stays()
    for word in params.name_words:
        stays = stays.filter(full_name_folded__contains=word)
    if params.document_number:
        stays = stays.filter(document_number=params.document_number)
    if params.date_of_birth:
        stays = stays.filter(date_of_birth=params.date_of_birth)
    if params.nationality:
        stays = stays.filter(nationality=params.nationality)
    if params.arrival_from:
        stays = stays.filter(arrival__gte=start_of_day(params.arrival_from))
    if params.arrival_to:
        stays = stays.filter(arrival__lt=start_of_day(params.arrival_to + timedelta(days=1)))
    if params.establishment:
        stays = stays.filter(establishment__code__iexact=params.establishment)
    if params.commune:
        stays = stays.filter(establishment__commune__code=params.commune)
    if params.late:
        stays = stays.filter(late=True)
    return stays.order_by("-arrival", "-id")


# The index answers with ids, read back from the database (where the jurisdiction is
# applied again). The first ids come with the count, enough for the first 20 pages in
# one request; deeper pages and exports walk the rest (`IndexHits`).
INDEX_FIRST_IDS = 1000
EXPORT_BATCH = 1000


def index_search(jurisdiction: Jurisdiction, params: StaySearchParams) -> StaySearch:
    """The stays of the jurisdiction that match, best first, asked of the stays index.
    Raises the client's errors when Elasticsearch cannot answer."""
    query = StayQuery(jurisdiction=jurisdiction, params=params, page_size=INDEX_FIRST_IDS)
    count, ids = query.ids()
    return StaySearch(stays=RankedStays(jurisdiction.stays(), IndexHits(query, count, ids)),
                      count=count, fallback=False)


class IndexHits(Sequence):
    """The ids of every stay the index matches, best first, as many as its count says.

    The first ids come with the count; a slice beyond them walks the answer with a point
    in time and `search_after` (`StayQuery.walk_ids`), which pages the same order past
    Elasticsearch's 10,000-hit window (a database keyset would need the index's relevance
    order in SQL). Walked ids are kept, so paging on does not walk again.
    """

    def __init__(self, query, count: int, first_ids: list[int]):
        self._query, self._count, self._ids = query, count, list(first_ids)
        self._complete = len(self._ids) >= count

    def __len__(self) -> int:
        return self._count

    def _fetch_to(self, stop: int) -> None:
        if self._complete or stop <= len(self._ids):
            return
        ids: list[int] = []
        for batch in self._query.walk_ids():
            ids.extend(batch)
            if len(ids) >= stop:
                break
        else:
            self._complete = True
        self._ids = ids

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            self._fetch_to(stop)
            return self._ids[start:stop:step]
        position = range(self._count)[index]
        self._fetch_to(position + 1)
        return self._ids[position]

    def batches(self, size: int = EXPORT_BATCH):
        """Every id, in lists of at most `size`: the cached ones, then a fresh walk."""
        if self._complete:
            for start in range(0, len(self._ids), size):
                yield self._ids[start:start + size]
            return
        yield from self._query.walk_ids(batch=size)


class RankedStays(Sequence):
    """The index's answer, best first, read from the database only where it is looked at.

    A paginator (the police page, the API) slices it: only that page's stays are read, by
    primary key, so a page never reads the rows of the other pages. Every read goes
    through the jurisdiction again; an id the database no longer has there (a stale
    index) is left out. `ids` is a list or an `IndexHits`; iterating (an export) reads
    the stays a batch at a time.
    """

    def __init__(self, stays: QuerySet[Stay], ids: "list[int] | IndexHits"):
        self._stays, self._ids = stays, ids

    def __len__(self) -> int:
        return len(self._ids)

    def count(self) -> int:  # what Django's Paginator asks for
        return len(self._ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            wanted = self._ids[index]
            found = self._stays.in_bulk(wanted) if wanted else {}
            return [found[pk] for pk in wanted if pk in found]
        position = range(len(self._ids))[index]  # IndexError as a list gives it
        page = self[position:position + 1]
        if not page:
            raise IndexError(index)
        return page[0]

    def _batches(self, size: int = EXPORT_BATCH):
        if isinstance(self._ids, IndexHits):
            yield from self._ids.batches(size)
            return
        for start in range(0, len(self._ids), size):
            yield self._ids[start:start + size]

    def __iter__(self):
        for wanted in self._batches():
            found = self._stays.in_bulk(wanted) if wanted else {}
            yield from (found[pk] for pk in wanted if pk in found)


def iter_stays(stays: "QuerySet[Stay] | RankedStays"):
    """Every stay of a search, read a batch at a time (an export of any size)."""
    if isinstance(stays, RankedStays):
        return iter(stays)
    return stays.iterator(chunk_size=EXPORT_BATCH)
