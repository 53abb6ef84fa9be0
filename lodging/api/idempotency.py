"""`Idempotency-Key` for the PMS API's writes, over `lodging.idempotency.run_once`.

The request's method, path and body are hashed into the key's fingerprint, so the same
key sent to another stay or action is refused (422).
"""

import hashlib
import json
from collections.abc import Callable

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response

from lodging.idempotency import MAX_KEY_LENGTH, run_once
from lodging.services import RowError


def request_digest(request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def _key_error(message: str, status_code: int) -> Response:
    return Response({"errors": [RowError(0, "Idempotency-Key", message).as_dict()]},
                    status=status_code)


def idempotent(request, handle: Callable[[], tuple[int, dict]]) -> Response:
    """Run `handle` (returning status and JSON body) once per key; replay it after."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        response_status, body = handle()
        return Response(body, status=response_status)
    if len(key) > MAX_KEY_LENGTH:
        return _key_error(_("The key is longer than 100."), status.HTTP_400_BAD_REQUEST)
    outcome = run_once(user=request.user, key=key, fingerprint=request_digest(request),
                       write=handle)
    if outcome.conflict:
        return _key_error(_("This Idempotency-Key was already used for a different request."),
                          status.HTTP_422_UNPROCESSABLE_ENTITY)
    return Response(outcome.body, status=outcome.status)
