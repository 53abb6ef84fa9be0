"""Every police read goes through here, limited to the officer's jurisdiction.

UI views, the API and exports all start from `stays_in_jurisdiction`, so a commune
officer can never reach another commune's stays through any door.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.dates import parse_iso_date, start_of_day
from cms.models import Commune
from cms.text import fold, strip_invisible
from lodging.deadlines import VIETNAM_TZ
from lodging.identity import clean_document_number
from lodging.models import Establishment, Stay, StayAction, StayHistory, StayStatus
from lodging.police.models import AuditEvent, PoliceOfficer, PoliceRole, WatchlistAlert
from lodging.selectors import today_bounds

# Foreigners whose permitted stay ends within this many days are flagged.
PERMITTED_STAY_WARNING_DAYS = 7


@dataclass(frozen=True)
class Jurisdiction:
    officer: PoliceOfficer
    communes: QuerySet[Commune]

    @property
    def is_provincial(self) -> bool:
        return self.officer.role == PoliceRole.PROVINCIAL_OFFICER


def officer_for(user) -> PoliceOfficer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return PoliceOfficer.objects.filter(user=user).select_related("commune").first()


def jurisdiction_for(user) -> Jurisdiction:
    """The communes whose stays the user may see; PermissionDenied for anyone else.

    Auditors read the audit log, never personal data; staff and superusers are not
    police and get nothing here either.
    """
    officer = officer_for(user)
    if officer is None or officer.role == PoliceRole.AUDITOR:
        raise PermissionDenied
    communes = Commune.objects.in_lao_cai()
    if officer.role == PoliceRole.COMMUNE_OFFICER:
        communes = communes.filter(pk=officer.commune_id)
    return Jurisdiction(officer=officer, communes=communes)


def is_police_user(user) -> bool:
    """Every police account (officers and auditors) signs in with a second factor."""
    return PoliceOfficer.objects.filter(user=user).exists()


def is_auditor(user) -> bool:
    officer = officer_for(user)
    return officer is not None and officer.role == PoliceRole.AUDITOR


def establishments_in_jurisdiction(user) -> QuerySet[Establishment]:
    jurisdiction = jurisdiction_for(user)
    return Establishment.objects.filter(commune__in=jurisdiction.communes)


def stays_in_jurisdiction(user) -> QuerySet[Stay]:
    jurisdiction = jurisdiction_for(user)
    return (Stay.objects.filter(establishment__commune__in=jurisdiction.communes)
            .select_related("establishment", "establishment__commune"))


# A name is a few words: a longer query is refused (the database fallback builds one
# LIKE per word, and the index one clause per word).
MAX_QUERY_CHARS = 100
MAX_QUERY_WORDS = 8
MAX_TEXT_PARAM_CHARS = 40  # document numbers, codes


def checked_name_query(params: Mapping[str, Any]) -> str:
    """The folded name query, or ValidationError (on `q`) when it is longer than a name."""
    text = str(params.get("q") or "")
    query = fold(text)
    if len(text) > MAX_QUERY_CHARS or len(query.split()) > MAX_QUERY_WORDS:
        raise ValidationError({"q": [_(
            "Search for a name of at most %(words)s words and %(chars)s characters.")
            % {"words": MAX_QUERY_WORDS, "chars": MAX_QUERY_CHARS}]})
    for name in ("document_number", "establishment", "commune", "nationality"):
        if len(str(params.get(name) or "")) > MAX_TEXT_PARAM_CHARS:
            raise ValidationError({name: [_("At most %(max)s characters.")
                                          % {"max": MAX_TEXT_PARAM_CHARS}]})
    return query


def _plain(value) -> str:
    """A code parameter without invisible characters (a NUL would fail in PostgreSQL)."""
    return strip_invisible(str(value or "")).strip()


def search_stays(user, params: Mapping[str, Any]) -> QuerySet[Stay]:
    """Stays in the user's jurisdiction matching the search parameters (database search).

    The one place police search is done, so it can switch to the Elasticsearch stays
    index (with this as the fallback) without touching views, API or exports.
    Unknown or malformed parameters are ignored rather than widening nothing; a name
    query longer than a name is refused (ValidationError).
    """
    query = checked_name_query(params)
    stays = stays_in_jurisdiction(user)
    if query:
        for token in query.split():
            stays = stays.filter(full_name_folded__contains=token)
    number = clean_document_number(params.get("document_number") or "")
    if number:
        stays = stays.filter(document_number=number)
    birth = parse_iso_date(params.get("date_of_birth"))
    if birth:
        stays = stays.filter(date_of_birth=birth)
    nationality = _plain(params.get("nationality")).upper()
    if nationality:
        stays = stays.filter(nationality=nationality)
    arrival_from = parse_iso_date(params.get("arrival_from"))
    if arrival_from:
        stays = stays.filter(arrival__gte=start_of_day(arrival_from))
    arrival_to = parse_iso_date(params.get("arrival_to"))
    if arrival_to:
        stays = stays.filter(arrival__lt=start_of_day(arrival_to + timedelta(days=1)))
    establishment = _plain(params.get("establishment"))
    if establishment:
        stays = stays.filter(establishment__code__iexact=establishment)
    commune = _plain(params.get("commune"))
    if commune:
        stays = stays.filter(establishment__commune__code=commune)
    if str(params.get("late") or "").lower() in ("1", "true", "on", "yes"):
        stays = stays.filter(late=True)
    return stays.order_by("-arrival", "-id")


# The Elasticsearch answer is turned back into rows of the database (the jurisdiction is
# checked a second time there). The first ids are fetched with the count (the first 20
# pages, one request); deeper pages and exports walk the rest (`IndexHits`).
ES_FIRST_IDS = 1000
# Kept for callers that name it: the size of the first fetch, no longer a limit.
ES_RESULT_LIMIT = ES_FIRST_IDS
EXPORT_BATCH = 1000


class IndexHits(Sequence):
    """The ids of every stay the index matches, best first, as many as its count says.

    The first ids come with the count; a slice beyond them walks the answer with a point
    in time and `search_after` (`StayQuery.walk_ids`), which pages the same order past
    Elasticsearch's 10,000-hit window. (A database keyset would need the index's relevance
    order in SQL; the point in time keeps it.) Walked ids are kept, so paging on does not
    walk again.
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
    primary key. Ordering the ids in SQL instead read every one of those rows from disk
    before keeping 50. Every read goes through the jurisdiction again; an id the database
    no longer has there (a stale index) is left out. `ids` is a list or an `IndexHits`;
    iterating (an export) reads the stays a batch at a time.
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


@dataclass
class StaySearch:
    stays: QuerySet[Stay] | RankedStays
    count: int
    fallback: bool  # True when Elasticsearch could not answer: database search, no typos


def find_stays(user, params: Mapping[str, Any], *, limit: int = ES_FIRST_IDS) -> StaySearch:
    """Police search through the Elasticsearch stays index (names without diacritics and
    with typos), the jurisdiction inside the query; the database when it is down. The
    result holds every match (`count`), however deep: pages and exports reach them all."""
    from elasticsearch import ApiError, TransportError

    from search.stays import Jurisdiction as IndexJurisdiction
    from search.stays import StayQuery

    jurisdiction = jurisdiction_for(user)
    checked_name_query(params)
    scope = (IndexJurisdiction(province_wide=True) if jurisdiction.is_provincial else
             IndexJurisdiction(commune_codes=set(jurisdiction.communes
                                                 .values_list("code", flat=True))))
    extra = []
    birth = parse_iso_date(params.get("date_of_birth"))
    if birth:
        extra.append({"term": {"date_of_birth": birth.isoformat()}})
    arrival = {}
    arrival_from, arrival_to = parse_iso_date(params.get("arrival_from")), parse_iso_date(
        params.get("arrival_to"))
    if arrival_from:
        arrival["gte"] = start_of_day(arrival_from).isoformat()
    if arrival_to:
        arrival["lt"] = start_of_day(arrival_to + timedelta(days=1)).isoformat()
    if arrival:
        extra.append({"range": {"arrival": arrival}})
    late = str(params.get("late") or "").lower() in ("1", "true", "on", "yes")
    query = StayQuery(
        jurisdiction=scope, q=params.get("q") or "",
        document_number=clean_document_number(params.get("document_number") or ""),
        nationality=_plain(params.get("nationality")).upper(),
        establishment=_plain(params.get("establishment")).upper(),
        commune=_plain(params.get("commune")), late=True if late else None,
        page_size=limit, extra_filters=extra)
    try:
        count, ids = query.ids()
    except (ApiError, TransportError, OSError):
        stays = search_stays(user, params)
        return StaySearch(stays=stays, count=stays.count(), fallback=True)
    return StaySearch(stays=RankedStays(stays_in_jurisdiction(user),
                                        IndexHits(query, count, ids)),
                      count=count, fallback=False)


def with_corrections(stays: QuerySet[Stay]) -> QuerySet[Stay]:
    """Each stay with `changes_made`: every change after its registration (corrections,
    extensions, check-out, cancellation) with who, when, what and why, oldest first."""
    return stays.prefetch_related(Prefetch(
        "history", to_attr="changes_made",
        queryset=(StayHistory.objects.exclude(action=StayAction.REGISTERED)
                  .select_related("user").order_by("at", "id"))))


def person_timeline(user, document_type: str, document_number: str) -> QuerySet[Stay]:
    """All stays of one document across establishments, oldest first, in jurisdiction,
    each with its corrections."""
    return with_corrections(stays_in_jurisdiction(user)
                            .filter(document_type=document_type,
                                    document_number=clean_document_number(document_number))
                            .order_by("arrival", "id"))


def person_timeline_of(user, stay: Stay) -> QuerySet[Stay]:
    """The timeline of the person of `stay`; an anonymised stay (no document number) is
    its own, since a blank number would join strangers."""
    if not stay.document_number:
        return stays_in_jurisdiction(user).filter(pk=stay.pk)
    return person_timeline(user, stay.document_type, stay.document_number)


def get_stay(user, stay_id) -> Stay:
    """Stay.DoesNotExist for a stay outside the jurisdiction: no hint that it exists.
    The stay carries its corrections (`changes_made`)."""
    return with_corrections(stays_in_jurisdiction(user)).get(pk=stay_id)


def alerts_in_jurisdiction(user) -> QuerySet[WatchlistAlert]:
    jurisdiction = jurisdiction_for(user)
    return (WatchlistAlert.objects
            .filter(stay__establishment__commune__in=jurisdiction.communes)
            .select_related("stay", "stay__establishment", "entry", "acknowledged_by"))


def open_alerts(user) -> QuerySet[WatchlistAlert]:
    return alerts_in_jurisdiction(user).filter(acknowledged_at__isnull=True)


def dashboard(user, now: datetime | None = None) -> dict:
    """What an officer starting a shift needs to see, all within the jurisdiction.

    "Missing notifications": a stay only exists once notified, so an arrival never
    declared cannot be listed. What can be seen missing is the departure notification:
    stays still open although their expected departure has passed. Those are listed
    with the late arrival notifications (notified after their deadline, `late`), which
    are counted over the last 7 days.
    """
    now = now or timezone.now()
    start, end = today_bounds(now)
    stays = stays_in_jurisdiction(user)
    in_house = stays.filter(status=StayStatus.REGISTERED, arrival__lte=now)
    today = timezone.localtime(now).date()
    warn_until = today + timedelta(days=PERMITTED_STAY_WARNING_DAYS)
    return {
        "now": now,
        "arrivals": stays.filter(arrival__gte=start, arrival__lt=end).order_by("arrival"),
        "departures": stays.filter(
            Q(departure__gte=start, departure__lt=end)
            | Q(departure__isnull=True, status=StayStatus.REGISTERED,
                expected_departure__gte=start, expected_departure__lt=end)
        ).order_by("expected_departure"),
        "in_house_count": in_house.count(),
        "late": stays.filter(late=True, notified_at__gte=start - timedelta(days=7))
                     .order_by("-notified_at"),
        "departure_missing": in_house.filter(expected_departure__lt=now)
                                     .order_by("expected_departure"),
        "foreigners_expiring": foreigners_whose_stay_runs_out(in_house, warn_until),
        "alerts": open_alerts(user),
        "per_establishment": (in_house.values("establishment__code", "establishment__name")
                              .annotate(guests=Count("id"))
                              .order_by("-guests", "establishment__code")),
        "today": today,
    }


def foreigners_whose_stay_runs_out(in_house: QuerySet[Stay], warn_until: date
                                   ) -> QuerySet[Stay]:
    """Foreign guests in house whose permitted stay ends soon, or before the departure
    the establishment expects (registered with the receptionist's confirmation)."""
    departure_day = TruncDate("expected_departure", tzinfo=VIETNAM_TZ)
    return (in_house.exclude(nationality="VNM")
            .filter(Q(permitted_stay_until__lte=warn_until)
                    | Q(permitted_stay_until__lt=departure_day))
            .order_by("permitted_stay_until"))


def establishment_activity(user, *, since: datetime) -> list[Establishment]:
    """Establishments of the jurisdiction with their notifications since `since`:
    count, late count, on-time rate (None without notifications) and the last one."""
    places = list(establishments_in_jurisdiction(user).select_related("commune").annotate(
        notifications=Count("stays", filter=Q(stays__notified_at__gte=since)),
        late_notifications=Count("stays", filter=Q(stays__notified_at__gte=since,
                                                   stays__late=True)),
        last_notified=Max("stays__notified_at"),
    ).order_by("commune__name", "name"))
    for place in places:
        place.on_time_rate = (None if not place.notifications else
                              round(100 * (place.notifications - place.late_notifications)
                                    / place.notifications))
    return places


def audit_events(user, params: Mapping[str, Any]) -> QuerySet[AuditEvent]:
    """The audit log, for auditors only, filtered by user, action and day range."""
    if not is_auditor(user):
        raise PermissionDenied
    events = AuditEvent.objects.select_related("user")
    if params.get("user"):
        events = events.filter(user__username__iexact=params["user"].strip())
    if params.get("action"):
        events = events.filter(action=params["action"])
    day_from = parse_iso_date(params.get("from"))
    if day_from:
        events = events.filter(at__gte=start_of_day(day_from))
    day_to = parse_iso_date(params.get("to"))
    if day_to:
        events = events.filter(at__lt=start_of_day(day_to + timedelta(days=1)))
    matches = complaint_digests(params)
    if matches:
        any_term = Q()
        for kind, digest in matches.items():
            any_term |= Q(**{f"params__terms__{kind}": digest})
        events = events.filter(any_term)
    return events.order_by("-at", "-id")


AUDIT_TERM_KINDS = ("name", "document_number", "date_of_birth")
_DIGEST = re.compile(r"[0-9a-f]{64}")


def complaint_digests(params: Mapping[str, Any]) -> dict[str, str]:
    """The hashed terms of a complaint (`match_<kind>=<digest>`), well-formed ones only."""
    found = {}
    for kind in AUDIT_TERM_KINDS:
        digest = str(params.get(f"match_{kind}") or "")
        if _DIGEST.fullmatch(digest):
            found[kind] = digest
    return found
