"""The append-only audit log: recording every police access to personal data, and
reading the log back for auditors.

Auditors see who did what, when, from where and how many rows it gave, never whom an
officer looked for: names, document numbers and dates of birth are stored only as keyed
hashes (HMAC-SHA256 with `settings.AUDIT_HASH_KEY`). To answer a complaint ("did anyone
look for document X?") an auditor types X, the server hashes it the same way and finds
the events that carry that hash. Without the key a hash says nothing.
"""

import hmac
import re
from collections.abc import Iterable, Mapping
from datetime import timedelta
from hashlib import sha256
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from cms.dates import parse_iso_date, start_of_day
from cms.text import fold
from lodging.identity import clean_document_number
from lodging.police.models import AuditAction, AuditEvent
from lodging.police.permissions import is_auditor

# The kinds of personal terms an audit event may refer to, and the parameter names that
# carried them (the web form, the API, the watchlist, audit rows written before hashing).
TERM_KINDS = ("name", "document_number", "date_of_birth")
TERM_SOURCES = {"q": "name", "full_name": "name", "name": "name",
                "document_number": "document_number", "number": "document_number",
                "date_of_birth": "date_of_birth"}
# Parameters an auditor may read in clear: filters and choices that identify nobody.
PUBLIC_PARAMS = frozenset({
    "nationality", "arrival_from", "arrival_to", "establishment", "commune", "late",
    "format", "page", "page_size", "from", "to", "user", "action", "active", "document_type",
    "rows", "matched",
})
# Free text an officer wrote about an establishment (not a person) stays readable.
PUBLIC_PARAMS_BY_ACTION = {AuditAction.SUSPEND: {"reason"}, AuditAction.REACTIVATE: {"reason"}}
TERMS_KEY = "terms"


def normalise_term(kind: str, value: Any) -> str:
    """The form a term is hashed in, so that "Nguyễn  Văn An" typed by an officer and
    "nguyen van an" typed by an auditor give the same hash."""
    if value is None:
        return ""
    if kind == "name":
        return " ".join(fold(str(value)).split())
    if kind == "document_number":
        return clean_document_number(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def term_digest(kind: str, value: Any) -> str:
    """The keyed hash of one term ("" for an empty one)."""
    text = normalise_term(kind, value)
    if not text:
        return ""
    secret = getattr(settings, "AUDIT_HASH_KEY", "") or settings.SECRET_KEY
    key = sha256(b"lodging.police.audit.terms:" + str(secret).encode())
    return hmac.new(key.digest(), f"{kind}:{text}".encode(), sha256).hexdigest()


def _storable(value):
    # PostgreSQL's jsonb refuses NUL characters; a query string may carry them (%00).
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


def audit_params(action: str, params: Mapping[str, Any] | None) -> dict:
    """What an audit row keeps of a request's parameters: the public ones in clear, the
    personal terms as keyed hashes under "terms", anything else dropped."""
    public = PUBLIC_PARAMS | PUBLIC_PARAMS_BY_ACTION.get(action, set())
    clean: dict[str, Any] = {}
    terms: dict[str, str] = {}
    for key, value in (params or {}).items():
        if value in (None, "", [], False) and key != "active":
            continue
        if key == TERMS_KEY and isinstance(value, Mapping):  # already hashed
            terms.update({k: v for k, v in value.items() if k in TERM_KINDS and v})
        elif key in TERM_SOURCES:
            digest = term_digest(TERM_SOURCES[key], value)
            if digest:
                terms[TERM_SOURCES[key]] = digest
        elif key in public:
            clean[key] = _storable(value)
    if terms:
        clean[TERMS_KEY] = terms
    return clean


def audit(request: HttpRequest, action: str, *, params: Mapping[str, Any] | None = None,
          row_count: int | None = None, object_ref: Any = "") -> AuditEvent:
    """Append one audit event for the request's user. Call it in every view that shows
    personal data, before the response is built. Personal terms in `params` are hashed;
    `object_ref` must name an object ("stay:12"), never a person."""
    return AuditEvent.objects.create(
        user=request.user, at=timezone.now(), ip=client_ip(request), action=action,
        params=audit_params(action, params), row_count=row_count,
        object_ref=str(object_ref or "")[:100])


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy
    # rewrites it, and an audit trail must not be forgeable by the audited.
    return request.META.get("REMOTE_ADDR") or None


def digests_of_people(people: Iterable[Mapping[str, Any]]) -> dict[str, set[str]]:
    """The hashes of the names, document numbers and birth dates of `people` (dicts with
    full_name, document_number, date_of_birth), by kind."""
    found: dict[str, set[str]] = {kind: set() for kind in TERM_KINDS}
    for person in people:
        for kind, field in (("name", "full_name"), ("document_number", "document_number"),
                            ("date_of_birth", "date_of_birth")):
            digest = term_digest(kind, person.get(field))
            if digest:
                found[kind].add(digest)
    return found


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


_DIGEST = re.compile(r"[0-9a-f]{64}")


def complaint_digests(params: Mapping[str, Any]) -> dict[str, str]:
    """The hashed terms of a complaint (`match_<kind>=<digest>`), well-formed ones only."""
    found = {}
    for kind in TERM_KINDS:
        digest = str(params.get(f"match_{kind}") or "")
        if _DIGEST.fullmatch(digest):
            found[kind] = digest
    return found
