"""A local stand-in for the portal's (unverified) API, for tests: a real HTTP server.

It enforces the rules a third-party guide gives for the API: an arrival of today or
yesterday only, no document twice, no stay overlapping one already declared, CCCD
numbers of 12 digits; it answers per record, honours Idempotency-Key like our PMS API,
and can be told to time out or fail with a 500 on the next requests.

Two calls per kind: `/api/khach-viet-nam` (or `/api/khach-nuoc-ngoai`) declares new
stays; `.../thay-doi` changes stays it holds (the guide's "call to change the
departure"), each record naming the one it replaces in `ban_ghi_goc` (document number
and arrival). A change must name a record held (NOT_DECLARED otherwise), must not overlap
another held stay of the document, and may keep the declared arrival however old it is:
only a moved arrival must be today or yesterday.
"""

import contextlib
import json
import secrets
import threading
import time
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

SITE_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
CCCD_TYPES = ("1 - ", "8 - ")


def _day(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except (TypeError, ValueError):
        return None


CALLS = {"/api/khach-viet-nam": ("vn", "declare"),
         "/api/khach-nuoc-ngoai": ("foreign", "declare"),
         "/api/khach-viet-nam/thay-doi": ("vn", "change"),
         "/api/khach-nuoc-ngoai/thay-doi": ("foreign", "change")}


def _document_field(kind: str) -> str:
    return "so_ho_chieu" if kind == "foreign" else "so_giay_to"


def _answer(index: int, error: str | None) -> dict:
    if error:
        return {"index": index, "accepted": False, "error": error}
    return {"index": index, "accepted": True}


class PortalSimulator:
    def __init__(self, *, client_id="laocai", client_secret="s3cret",  # noqa: S107
                 today: date | None = None):
        self.client_id, self.client_secret = client_id, client_secret
        self.today = today
        # ("timeout", seconds) | ("500", 0) | ("html", 0) | ("none", 0): the next batch
        # requests (one each, in order).
        self.faults: list[tuple[str, float]] = []
        self.token_faults: list[str] = []  # "no_token" | "not_json": the next token answers
        self.tokens: set[str] = set()
        # What the portal holds: (document, arrival) -> (departure, the record as sent).
        self.declared: dict[tuple[str, date], tuple[date, dict]] = {}
        self.requests: list[dict] = []  # every batch request, in order
        self.processed = 0  # batches actually applied (never twice for one key)
        self._answers: dict[str, tuple[str, int, dict]] = {}
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --- life cycle ---
    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def fail_next(self, kind: str, seconds: float = 0.0) -> None:
        self.faults.append((kind, seconds))

    def break_next_token(self, kind: str) -> None:
        """The next token request gets a 200 the client cannot use."""
        self.token_faults.append(kind)

    def holding(self, document: str) -> list[dict]:
        """The records the portal holds for a document number."""
        return [record for (held, _arrival), (_end, record) in self.declared.items()
                if held == document]

    # --- the rules ---
    def _today(self) -> date:
        return self.today or datetime.now(SITE_ZONE).date()

    def _recent(self, arrival: date) -> bool:
        return arrival in (self._today(), self._today() - timedelta(days=1))

    def _read(self, record: dict, kind: str) -> tuple[str, date | None, date | None, str | None]:
        """(document, arrival, departure, the error of the record's own values)."""
        document = str(record.get(_document_field(kind), ""))
        arrival = _day(record.get("ngay_den"))
        departure = _day(record.get("ngay_tra_phong") or record.get("ngay_di_du_kien"))
        error = None
        if arrival is None or departure is None or departure < arrival:
            error = "INVALID_DATE"
        elif kind == "vn" and str(record.get("loai_giay_to", "")).startswith(CCCD_TYPES) \
                and not (document.isdigit() and len(document) == 12):
            error = "CCCD_NOT_12_DIGITS"
        return document, arrival, departure, error

    def _overlaps(self, document: str, arrival: date, departure: date,
                  besides: tuple[str, date] | None = None) -> bool:
        return any(held == document and start <= departure and arrival <= end
                   for (held, start), (end, _record) in self.declared.items()
                   if (held, start) != besides)

    def _check(self, records: list[dict], kind: str) -> list[dict]:
        """New stays."""
        results, in_batch = [], set()
        for index, record in enumerate(records, start=1):
            document, arrival, departure, error = self._read(record, kind)
            if error is None and not self._recent(arrival):
                error = "ARRIVAL_NOT_TODAY_OR_YESTERDAY"
            elif error is None and document in in_batch:
                error = "DUPLICATE_IN_BATCH"
            elif error is None and self._overlaps(document, arrival, departure):
                error = "OVERLAPPING_STAY"
            in_batch.add(document)
            if error is None:
                self.declared[(document, arrival)] = (departure, record)
            results.append(_answer(index, error))
        return results

    def _check_changes(self, records: list[dict], kind: str) -> list[dict]:
        """Changes of stays held, each naming the held one in `ban_ghi_goc`."""
        results, in_batch = [], set()
        for index, record in enumerate(records, start=1):
            document, arrival, departure, error = self._read(record, kind)
            original = record.get("ban_ghi_goc") or {}
            key = (str(original.get(_document_field(kind), "")), _day(original.get("ngay_den")))
            if key not in self.declared:
                error = "NOT_DECLARED"
            elif error is None and arrival != key[1] and not self._recent(arrival):
                error = "ARRIVAL_NOT_TODAY_OR_YESTERDAY"
            elif error is None and key in in_batch:
                error = "DUPLICATE_IN_BATCH"
            elif error is None and self._overlaps(document, arrival, departure, besides=key):
                error = "OVERLAPPING_STAY"
            in_batch.add(key)
            if error is None:
                del self.declared[key]
                self.declared[(document, arrival)] = (departure, {
                    name: value for name, value in record.items() if name != "ban_ghi_goc"})
            results.append(_answer(index, error))
        return results

    def _handler(self):
        simulator = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet: the test output is the record
                pass

            def _send(self, status: int, body: dict | str) -> None:
                is_text = isinstance(body, str)
                data = body.encode() if is_text else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html" if is_text else "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                # The client may have given up waiting (a timeout under test).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if self.path == "/oauth/token":
                    form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                    if (form.get("grant_type") != "client_credentials"
                            or form.get("client_id") != simulator.client_id
                            or form.get("client_secret") != simulator.client_secret):
                        return self._send(401, {"error": "invalid_client"})
                    with simulator._lock:
                        broken = (simulator.token_faults.pop(0) if simulator.token_faults
                                  else None)
                    if broken == "not_json":
                        return self._send(200, "<html>Đăng nhập</html>")
                    if broken == "no_token":
                        return self._send(200, {"token_type": "Bearer", "expires_in": 3600})
                    token = secrets.token_urlsafe(16)
                    simulator.tokens.add(token)
                    return self._send(200, {"access_token": token, "token_type": "Bearer",
                                            "expires_in": 3600})
                call = CALLS.get(self.path)
                if call is None:
                    return self._send(404, {"error": "not_found"})
                kind, operation = call
                auth = self.headers.get("Authorization", "")
                if auth.removeprefix("Bearer ") not in simulator.tokens:
                    return self._send(401, {"error": "invalid_token"})
                key = self.headers.get("Idempotency-Key", "")
                with simulator._lock:
                    simulator.requests.append({"kind": kind, "operation": operation,
                                               "key": key})
                    fault = simulator.faults.pop(0) if simulator.faults else None
                if fault and fault[0] == "500":
                    return self._send(500, {"error": "internal"})
                if fault and fault[0] == "html":  # a proxy's error page, with a 200
                    return self._send(200, "<html>Bảo trì hệ thống</html>")
                try:
                    records = json.loads(raw)["records"]
                except (ValueError, KeyError, TypeError):
                    return self._send(400, {"error": "bad_json"})
                with simulator._lock:
                    seen = simulator._answers.get(key) if key else None
                    if seen and seen[0] != raw.decode():
                        answer = (422, {"error": "idempotency_key_reused"})
                    elif seen:
                        answer = (seen[1], seen[2])
                    else:
                        check = (simulator._check if operation == "declare"
                                 else simulator._check_changes)
                        answer = (200, {"results": check(records, kind)})
                        simulator.processed += 1
                        if key:
                            simulator._answers[key] = (raw.decode(), *answer)
                if fault and fault[0] == "timeout":
                    time.sleep(fault[1])  # applied, but the answer comes too late
                return self._send(*answer)

        return Handler
