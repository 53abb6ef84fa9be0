"""Writes that run once per key: a retry with the same key gets the first answer back.

Used by the PMS API (`Idempotency-Key`) and by the hotel app's offline queue, which sends
through it. The key belongs to the user; `fingerprint` identifies the request it was
first used for, so the same key sent with another request is refused, not answered with
an unrelated response.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from lodging.models import IdempotencyKey

MAX_KEY_LENGTH = 100


@dataclass(frozen=True)
class Outcome:
    status: int
    body: dict
    replayed: bool = False
    conflict: bool = False  # the key was first used for another request


def run_once(*, user, key: str, fingerprint: str,
             write: Callable[[], tuple[int, dict]]) -> Outcome:
    """Run `write` (returning a status and a JSON body) once per (user, key)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(
                    user=user, key=key, request_hash=fingerprint, status_code=0,
                    response={})
        except IntegrityError:
            record = None
        if record is not None:
            # The write and its record commit together: a failure leaves neither.
            status, body = write()
            record.status_code, record.response = status, body
            record.save(update_fields=["status_code", "response"])
            return Outcome(status, body)
    # Seen before (possibly finished by a concurrent request a moment ago).
    record = IdempotencyKey.objects.get(user=user, key=key)
    if record.request_hash != fingerprint:
        return Outcome(0, {}, conflict=True)
    return Outcome(record.status_code, record.response, replayed=True)
