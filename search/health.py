"""/healthz: the database and the search cluster, the engines the site runs on."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from search.client import cluster_health


def _database_health() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # report any driver error as "down"
        return {"ok": False, "vendor": connection.vendor, "error": type(exc).__name__}
    return {"ok": True, "vendor": connection.vendor}


@never_cache
@require_GET
def healthz(request):
    """200 while the database answers; Elasticsearch being down is reported, not fatal."""
    database = _database_health()
    elasticsearch = cluster_health()
    status = "ok" if database["ok"] and elasticsearch["ok"] else "degraded"
    if not database["ok"]:
        status = "down"
    return JsonResponse(
        {"status": status, "database": database, "elasticsearch": elasticsearch},
        status=200 if database["ok"] else 503,
    )
