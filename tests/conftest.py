"""Shared fixtures. Elasticsearch tests use the real server at ELASTICSEARCH_URL."""

import os

import pytest
from django.conf import settings


@pytest.fixture(scope="session")
def es_client():
    """The real Elasticsearch client; fails loudly when the server is not there.

    `make test` starts a local node first. Set ALLOW_NO_ELASTICSEARCH=1 to skip these
    tests instead on a machine without Java (never in CI).
    """
    from search.client import get_client

    client = get_client()
    try:
        client.cluster.health(wait_for_status="yellow", timeout="10s")
    except Exception as exc:
        message = f"Elasticsearch not reachable at {settings.ELASTICSEARCH['URL']}: {exc!r}"
        if os.environ.get("ALLOW_NO_ELASTICSEARCH") == "1":
            pytest.skip(message)
        pytest.fail(message + " (run `make es` or use `make test`)")
    yield client
    client.options(ignore_status=404).indices.delete(
        index=f"{settings.ELASTICSEARCH['INDEX_PREFIX']}-*", expand_wildcards="all"
    )


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin_client, past the second factor superusers must pass."""
    from tests.auth import sign_in

    return sign_in(client, admin_user)


# --- Privacy: every log record of the run is captured and searched for personal data ---
from tests.hardening import privacy_support  # noqa: E402


def pytest_sessionstart(session):
    privacy_support.start_capture()
    privacy_support.watch_models()


@pytest.fixture(autouse=True)
def _capture_logs():
    privacy_support.attach()


def pytest_sessionfinish(session, exitstatus):
    # Log lines, request lines (every request of the suite) and audit rows.
    for path, found in privacy_support.all_leaks().items():
        print(f"\nPersonal data in {path}:")
        for line in found[:50]:
            print("  " + line)
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _fresh_page_fragments():
    """Each test starts from a new content version (cms/fragment_cache.py): a menu kept by
    an earlier test, whose pages were rolled back, is never shown."""
    from django.core.cache import caches

    from cms import fragment_cache

    caches[fragment_cache.SHARED_CACHE].delete(fragment_cache.VERSION_KEY)
