"""Police searches kept on the server under an opaque, short-lived id.

The search form is posted (names, document numbers and birth dates never travel in a
URL, so never in an access log or a browser history); the terms are kept in the
officer's own session under a random id, and the results page, its paging and its
export links carry only that id. An id is worthless to anyone else (another session has
no such search), ends with the session (sign-out, idle hour) and expires after
POLICE_SEARCH_TTL_SECONDS.
"""

import secrets
import time
from collections.abc import Mapping
from typing import Any

from django.conf import settings

SESSION_KEY = "police_searches"
MAX_KEPT = 20  # the oldest searches of a long shift are forgotten first
# Fields that identify a person: refused in a URL by the API and the search page.
PERSONAL_FIELDS = ("q", "document_number", "date_of_birth", "full_name", "name", "number")


def _storable(params: Mapping[str, Any]) -> dict:
    return {key: value.isoformat() if hasattr(value, "isoformat") else value
            for key, value in params.items() if value not in (None, "", False)}


def remember_search(request, params: Mapping[str, Any]) -> str:
    """Keep `params` in the session; returns the opaque id to put in links."""
    now = time.time()
    kept = {key: entry for key, entry in request.session.get(SESSION_KEY, {}).items()
            if now - entry["at"] < settings.POLICE_SEARCH_TTL_SECONDS}
    search_id = secrets.token_urlsafe(12)
    kept[search_id] = {"at": now, "params": _storable(params)}
    newest = sorted(kept.items(), key=lambda item: item[1]["at"])[-MAX_KEPT:]
    request.session[SESSION_KEY] = dict(newest)
    return search_id


def recall_search(request, search_id: str | None) -> dict | None:
    """The parameters kept under `search_id`, or None when unknown or expired."""
    entry = request.session.get(SESSION_KEY, {}).get(search_id or "")
    if entry is None or time.time() - entry["at"] >= settings.POLICE_SEARCH_TTL_SECONDS:
        return None
    return dict(entry["params"])


def personal_fields_in(query: Mapping[str, Any]) -> list[str]:
    """The personal fields present (even empty) in a query string."""
    return [name for name in PERSONAL_FIELDS if name in query]
