"""`Idempotency-Key` for the PMS API's writes: a retry with the same key gets the first
answer back and never writes twice.

The key belongs to the user. The request's method, path and body are hashed with it, so
the same key sent to another stay or action is refused (422) instead of answered with
an unrelated response.
"""

import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response

from lodging.models import IdempotencyKey
from lodging.services import RowError

MAX_KEY_LENGTH = 100


def request_digest(request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def idempotent(request, handle: Callable[[], tuple[int, dict]]) -> Response:
    """Run `handle` (returning status and JSON body) once per key; replay it after."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        response_status, body = handle()
        return Response(body, status=response_status)
    if len(key) > MAX_KEY_LENGTH:
        return Response({"errors": [RowError(0, "Idempotency-Key", _(
            "The key is longer than 100.")).as_dict()]}, status=status.HTTP_400_BAD_REQUEST)
    digest = request_digest(request)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(
                    user=request.user, key=key, request_hash=digest, status_code=0,
                    response={})
        except IntegrityError:
            record = None
        if record is not None:
            # The write and its record commit together: a failure leaves neither.
            response_status, body = handle()
            record.status_code, record.response = response_status, body
            record.save(update_fields=["status_code", "response"])
            return Response(body, status=response_status)
    # Seen before (possibly finished by a concurrent request a moment ago).
    record = IdempotencyKey.objects.get(user=request.user, key=key)
    if record.request_hash != digest:
        return Response({"errors": [RowError(0, "Idempotency-Key", _(
            "This Idempotency-Key was already used for a different request.")).as_dict()]},
            status=status.HTTP_422_UNPROCESSABLE_ENTITY)
    return Response(record.response, status=record.status_code)
