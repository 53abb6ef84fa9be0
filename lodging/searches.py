"""Searches kept on the server under an opaque, short-lived id.

A search box that takes names or document numbers is posted, never sent in a URL (so
never in an access log, a browser history or a Referer): the terms are kept in the
user's own session under a random id, and the results page, its paging and its export
links carry only that id. An id means nothing in another session, ends with the session
(sign-out, idle hour) and expires after its TTL setting.
"""

import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class KeptSearches:
    """One kind of search kept in the session: under `session_key`, for as many seconds
    as the setting `ttl_setting` says, the newest `most` of them."""

    session_key: str
    ttl_setting: str
    most: int = 20  # the oldest searches of a long day are forgotten first

    def _ttl(self) -> int:
        return getattr(settings, self.ttl_setting)

    def remember(self, request, params: Mapping[str, Any]) -> str:
        """Keep `params` in the session; returns the opaque id to put in links."""
        now = time.time()
        kept = [(key, entry) for key, entry in request.session.get(self.session_key, {}).items()
                if now - entry["at"] < self._ttl()]
        search_id = secrets.token_urlsafe(12)
        stored = {key: value.isoformat() if hasattr(value, "isoformat") else value
                  for key, value in params.items() if value not in (None, "", False)}
        kept.append((search_id, {"at": now, "params": stored}))
        request.session[self.session_key] = dict(kept[-self.most:])
        return search_id

    def recall(self, request, search_id: str | None) -> dict | None:
        """The parameters kept under `search_id`, or None when unknown or expired."""
        entry = request.session.get(self.session_key, {}).get(search_id or "")
        if entry is None or time.time() - entry["at"] >= self._ttl():
            return None
        return dict(entry["params"])


# The hotel's search of past stays (lodging.views.history and the export).
STAFF_SEARCHES = KeptSearches("staff_searches", "STAFF_SEARCH_TTL_SECONDS")
# Its box takes a name, a document number, a room or a receipt code: all refused in a URL.
STAFF_SEARCH_FIELD = "q"
