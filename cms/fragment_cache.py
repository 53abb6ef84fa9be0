"""Pieces of the portal's pages that do not depend on the page shown (the menu, the
places-to-stay page of each language), kept between requests for the pages built
without the page cache (cms/page_cache.py): signed-in visitors, previews, misses.

Invalidation by version, not by timeout: every key carries the site's content version, a
token kept in the cache the workers of the machine share (CACHES["pages"], the page
cache's backend) and replaced whenever a page is published, unpublished, moved or
deleted, or a site changes: the signals that clear the page cache. Every worker then
misses on its next request and rebuilds, so an editor's change shows at once everywhere;
the old entries are never read again and expire after FRAGMENT_SECONDS. The entries
themselves live in each worker's own memory (the default cache), so reading one costs no
I/O; the version is read from the shared cache once per request.

The version is replaced when the signal fires and again once the transaction commits:
a worker rebuilding between the two could otherwise keep what it read before the commit.
When the shared cache loses the token (cleared with the page cache, culled), a new one
is drawn, which only invalidates.
"""

import uuid

from django.core.cache import caches
from django.db import transaction

VERSION_KEY = "portal-content-version"
SHARED_CACHE = "pages"
FRAGMENT_SECONDS = 60 * 60  # bounds memory only: a new version makes old entries unread
_MISSING = object()


def content_version(request=None) -> str:
    """The current content version (read once per request when given the request)."""
    if request is not None and hasattr(request, "_portal_content_version"):
        return request._portal_content_version
    shared = caches[SHARED_CACHE]
    version = shared.get(VERSION_KEY)
    if version is None:
        shared.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = shared.get(VERSION_KEY) or ""  # another worker may have drawn first
    if request is not None:
        request._portal_content_version = version
    return version


def fragment(name: str, *key, build, request=None):
    """build() once per content version and key (e.g. site and language), then from memory."""
    version = content_version(request)
    cache_key = ":".join(["fragment", name, version, *map(str, key)])
    local = caches["default"]
    value = local.get(cache_key, _MISSING)
    if value is _MISSING:
        value = build()
        if version:  # no shared cache answering: do not keep what could not be invalidated
            local.set(cache_key, value, FRAGMENT_SECONDS)
    return value


def new_version(**kwargs) -> None:
    caches[SHARED_CACHE].set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: caches[SHARED_CACHE].set(
        VERSION_KEY, uuid.uuid4().hex, timeout=None))


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(new_version, dispatch_uid="fragment_cache_published")
    page_unpublished.connect(new_version, dispatch_uid="fragment_cache_unpublished")
    post_page_move.connect(new_version, dispatch_uid="fragment_cache_moved")
    post_delete.connect(new_version, sender=Page, dispatch_uid="fragment_cache_deleted")
    post_save.connect(new_version, sender=Site, dispatch_uid="fragment_cache_site_saved")
    post_delete.connect(new_version, sender=Site, dispatch_uid="fragment_cache_site_deleted")
