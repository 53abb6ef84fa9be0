"""Recording every police access to personal data in the append-only audit log."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from lodging.police.models import AuditEvent


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy
    # rewrites it, and an audit trail must not be forgeable by the audited.
    return request.META.get("REMOTE_ADDR") or None


def _storable(value):
    # PostgreSQL's jsonb refuses NUL characters; a query string may carry them (%00).
    return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


def audit(request: HttpRequest, action: str, *, params: dict | None = None,
          row_count: int | None = None, object_ref: Any = "") -> AuditEvent:
    """Append one audit event for the request's user. Call it in every view that shows
    personal data, before the response is built."""
    clean = {key: _storable(value) for key, value in (params or {}).items()
             if value not in (None, "", [])}
    return AuditEvent.objects.create(
        user=request.user, at=timezone.now(), ip=client_ip(request), action=action,
        params=clean, row_count=row_count, object_ref=str(object_ref or "")[:100])
