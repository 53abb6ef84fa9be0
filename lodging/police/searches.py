"""Police searches kept on the server under an opaque, short-lived id (the mechanism is
`lodging.searches.KeptSearches`): the search form is posted, so names, document numbers
and birth dates never travel in a URL; the results page, its paging and its export
links carry only the id, which expires after POLICE_SEARCH_TTL_SECONDS."""

from collections.abc import Mapping
from typing import Any

from lodging.searches import KeptSearches

POLICE_SEARCHES = KeptSearches("police_searches", "POLICE_SEARCH_TTL_SECONDS")
# Fields that identify a person: refused in a URL by the API and the search page.
PERSONAL_FIELDS = ("q", "document_number", "date_of_birth", "full_name", "name", "number")


def personal_fields_in(query: Mapping[str, Any]) -> list[str]:
    """The personal fields present (even empty) in a query string."""
    return [name for name in PERSONAL_FIELDS if name in query]
