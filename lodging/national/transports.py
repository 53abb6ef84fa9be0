"""How a batch travels to the portal. The ledger (lodging.national.services) only calls
`dispatch` and later hears the answer; it never knows which transport ran.

- file (default): the batch is a file staff download and import on the portal by hand;
  their reconciliation closes it.
- http: for when the portal's API is opened to establishments (unverified: an OAuth2
  REST API taking JSON batches, one call for new stays and one to change a stay it holds).
  The background worker (django-tasks) posts the batch's new stays and its changes, reads
  the portal's per-record answers and retries with back-off; every attempt is kept.
"""

import datetime as dt
import json
import logging
import time
import uuid

import requests
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from lodging.national import records, services
from lodging.national.models import (
    AttemptOutcome,
    BatchKind,
    BatchState,
    NationalBatch,
    NationalDeliveryAttempt,
    Operation,
    TransportName,
)

logger = logging.getLogger(__name__)
BACKOFF_MAX = dt.timedelta(hours=1)
# Each call's path under BASE_URL: the NATIONAL_API setting (from the environment) names
# it; these are the defaults, which the simulator answers.
PATH_SETTINGS = {
    (BatchKind.VIETNAMESE, Operation.DECLARE): ("VN_PATH", "khach-viet-nam"),
    (BatchKind.FOREIGN, Operation.DECLARE): ("FOREIGN_PATH", "khach-nuoc-ngoai"),
    (BatchKind.VIETNAMESE, Operation.CHANGE): ("VN_CHANGE_PATH", "khach-viet-nam/thay-doi"),
    (BatchKind.FOREIGN, Operation.CHANGE): ("FOREIGN_CHANGE_PATH",
                                            "khach-nuoc-ngoai/thay-doi"),
}
# Where each operation's records are in the batch's JSON (lodging.national.exporters).
PAYLOAD_KEYS = {Operation.DECLARE: "records", Operation.CHANGE: "changes"}


def default_name() -> str:
    return getattr(settings, "NATIONAL_TRANSPORT", TransportName.FILE) or TransportName.FILE


def get(name: str):
    return {TransportName.FILE: FileTransport, TransportName.HTTP: HttpTransport}[name]()


class FileTransport:
    name = TransportName.FILE

    def dispatch(self, batch: NationalBatch) -> None:
        """Nothing to send: the file waits in the ledger for its download."""


def _config() -> dict:
    return getattr(settings, "NATIONAL_API", {})


class TransientError(Exception):
    def __init__(self, outcome: str, detail: str, http_status: int | None = None):
        self.outcome, self.detail, self.http_status = outcome, detail, http_status
        super().__init__(detail)


class HttpTransport:
    name = TransportName.HTTP

    def dispatch(self, batch: NationalBatch) -> None:
        batch_id = batch.pk
        transaction.on_commit(lambda: deliver_batch_task.enqueue(batch_id))

    # --- one attempt ---
    def attempt(self, batch: NationalBatch, *, now: dt.datetime | None = None) -> str:
        """Try once; record it; settle the batch or schedule the next try. Returns the
        outcome recorded."""
        config = _config()
        number = batch.attempts.count() + 1
        started, clock = now or timezone.now(), time.monotonic()
        http_status, accepted, rejected, detail = None, 0, 0, ""
        try:
            results = []
            # Every call on every attempt: a call answered before is answered again from
            # the portal's memory of its idempotency key, never applied twice.
            for operation, body in calls(batch):
                response = self._post(batch, config, operation, body)
                http_status = response.status_code
                results += parse_results(response, body, batch.kind)
        except TransientError as error:
            outcome, detail, http_status = error.outcome, error.detail, error.http_status
        except RefusedError as error:
            outcome, detail, http_status = AttemptOutcome.REFUSED, error.detail, error.status
        else:
            outcome = AttemptOutcome.ANSWERED
            accepted = sum(1 for r in results if r.accepted)
            rejected = len(results) - accepted
        retry_at = None
        if outcome in RETRIED and number < int(config.get("MAX_ATTEMPTS", 6)):
            retry_at = started + backoff(number)
        NationalDeliveryAttempt.objects.create(
            batch=batch, number=number, started_at=started,
            duration_ms=int((time.monotonic() - clock) * 1000), http_status=http_status,
            outcome=outcome, accepted=accepted, rejected=rejected, detail=detail[:300],
            retry_at=retry_at)
        if outcome == AttemptOutcome.ANSWERED:
            services.apply_portal_answer(batch=batch, results=results)
        elif retry_at is not None:
            deliver_batch_task.using(run_after=retry_at).enqueue(batch.pk)
        else:
            services.fail_undelivered(batch=batch)
        return outcome

    def _post(self, batch: NationalBatch, config: dict, operation: str,
              body: bytes) -> requests.Response:
        token = self._token(config)
        step = "change" if operation == Operation.CHANGE else "batch"
        try:
            setting, default = PATH_SETTINGS[(batch.kind, operation)]
            path = str(config.get(setting) or default).strip("/")
            response = requests.post(
                f"{config['BASE_URL'].rstrip('/')}/{path}", data=body,
                timeout=float(config.get("TIMEOUT", 15)),
                headers={"Authorization": f"Bearer {token}",
                         "Content-Type": "application/json; charset=utf-8",
                         # The same key on every retry: the portal answers a repeat with
                         # its first answer, as our own PMS API does.
                         "Idempotency-Key": idempotency_key(batch, operation)})
        except requests.Timeout:
            raise TransientError(AttemptOutcome.TIMEOUT, f"{step}: no answer in time") \
                from None
        except requests.ConnectionError:
            raise TransientError(AttemptOutcome.UNREACHABLE, f"{step}: connection failed") \
                from None
        except (requests.RequestException, KeyError, ValueError) as error:
            raise _request_error(step, error) from None
        if response.status_code == 401:
            cache.delete(_TOKEN_KEY)
            raise TransientError(AttemptOutcome.AUTH_FAILED, "token refused", 401)
        if response.status_code == 429 or response.status_code >= 500:
            raise TransientError(AttemptOutcome.SERVER_ERROR,
                                 f"HTTP {response.status_code}", response.status_code)
        if response.status_code >= 400:
            raise RefusedError(response.status_code, _error_code(response))
        return response

    def _token(self, config: dict) -> str:
        """OAuth2 client credentials, cached until shortly before it expires."""
        token = cache.get(_TOKEN_KEY)
        if token:
            return token
        try:
            response = requests.post(
                config["TOKEN_URL"], timeout=float(config.get("TIMEOUT", 15)),
                data={"grant_type": "client_credentials", "client_id": config["CLIENT_ID"],
                      "client_secret": config["CLIENT_SECRET"],
                      **({"scope": config["SCOPE"]} if config.get("SCOPE") else {})})
        except requests.Timeout:
            raise TransientError(AttemptOutcome.TIMEOUT, "token: no answer in time") from None
        except requests.ConnectionError:
            raise TransientError(AttemptOutcome.UNREACHABLE, "token: connection failed") \
                from None
        except (requests.RequestException, KeyError, ValueError) as error:
            raise _request_error("token", error) from None
        if response.status_code != 200:
            raise TransientError(AttemptOutcome.AUTH_FAILED,
                                 f"token: HTTP {response.status_code}", response.status_code)
        try:
            body = response.json()
        except ValueError:
            body = None
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            # A 200 that carries no token (an HTML sign-in page, a changed format).
            raise TransientError(AttemptOutcome.AUTH_FAILED,
                                 "token: answer without access_token", 200)
        try:
            lifetime = max(int(body.get("expires_in", 300)) - 30, 1)
        except (TypeError, ValueError):
            lifetime = 270
        cache.set(_TOKEN_KEY, token, lifetime)
        return token


_TOKEN_KEY = "national:api-token"  # noqa: S105 (a cache key, not a secret)
RETRIED = (AttemptOutcome.TIMEOUT, AttemptOutcome.SERVER_ERROR, AttemptOutcome.AUTH_FAILED,
           AttemptOutcome.UNREACHABLE, AttemptOutcome.REQUEST_ERROR)


def _request_error(step: str, error: Exception) -> TransientError:
    """No request could be made: a URL empty or malformed, a setting missing. The class
    names the fault (never the URL, which may carry credentials)."""
    what = f"setting {error.args[0]} missing" if isinstance(error, KeyError) \
        else type(error).__name__
    return TransientError(AttemptOutcome.REQUEST_ERROR, f"{step}: {what}")


class RefusedError(Exception):
    def __init__(self, status: int, detail: str):
        self.status, self.detail = status, detail
        super().__init__(detail)


def _error_code(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    return f"HTTP {response.status_code} {str(body.get('error', ''))[:100]}".strip()


def calls(batch: NationalBatch) -> list[tuple[str, bytes]]:
    """(operation, request body) of each call the batch needs: its new stays, its changes.
    The bodies are the same bytes on every attempt (the idempotency key covers them)."""
    content = json.loads(bytes(batch.content))
    return [(operation, json.dumps({"records": content[key]}, ensure_ascii=False)
             .encode("utf-8"))
            for operation, key in PAYLOAD_KEYS.items() if content.get(key)]


def idempotency_key(batch: NationalBatch, operation: str) -> str:
    """The batch's key for its new stays; one derived from it for its changes."""
    if operation == Operation.DECLARE:
        return str(batch.idempotency_key)
    return str(uuid.uuid5(batch.idempotency_key, operation))


def parse_results(response: requests.Response, body: bytes,
                  kind: str) -> list[services.RecordResult]:
    """`{"results": [{"index": 1, "accepted": true} | {"index": 2, "accepted": false,
    "error": "DUPLICATE"}]}`, `index` counting the call's records from 1, each record
    carrying its position in the batch; an answer of any other shape (or naming a record
    that was not sent) is treated as a server error."""
    sent = json.loads(body)["records"]
    sequence = records.SEQUENCE_FIELD[kind]
    try:
        results = []
        for item in response.json()["results"]:
            index = int(item["index"])
            if not 1 <= index <= len(sent):
                raise ValueError(index)
            results.append(services.RecordResult(
                position=int(sent[index - 1][sequence]), accepted=bool(item["accepted"]),
                message=str(item.get("error", ""))[:300]))
        return results
    except (ValueError, KeyError, TypeError):
        raise TransientError(AttemptOutcome.SERVER_ERROR, "unreadable answer",
                             response.status_code) from None


def backoff(attempt: int) -> dt.timedelta:
    base = float(_config().get("BACKOFF_SECONDS", 30))
    return min(dt.timedelta(seconds=base * 2 ** (attempt - 1)), BACKOFF_MAX)


@task()
def deliver_batch_task(batch_id: int) -> str:
    # The row lock makes a duplicate task wait and then find the batch settled.
    with transaction.atomic():
        batch = (NationalBatch.objects.select_for_update()
                 .filter(pk=batch_id, transport=TransportName.HTTP).first())
        if batch is None or batch.state != BatchState.EXPORTED:
            return "settled"
        return HttpTransport().attempt(batch)
