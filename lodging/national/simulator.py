"""A local stand-in for the portal's (unverified) API, for tests: a real HTTP server.

It enforces the rules a third-party guide gives for the API: an arrival of today or
yesterday only, no document twice, no stay overlapping one already declared, CCCD
numbers of 12 digits; it answers per record, honours Idempotency-Key like our PMS API,
and can be told to time out or fail with a 500 on the next requests.
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


class PortalSimulator:
    def __init__(self, *, client_id="laocai", client_secret="s3cret",  # noqa: S107
                 today: date | None = None):
        self.client_id, self.client_secret = client_id, client_secret
        self.today = today
        # ("timeout", seconds) | ("500", 0) | ("html", 0): the next batch requests.
        self.faults: list[tuple[str, float]] = []
        self.token_faults: list[str] = []  # "no_token" | "not_json": the next token answers
        self.tokens: set[str] = set()
        self.declared: list[tuple[str, date, date]] = []  # (document, arrival, departure)
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

    # --- the rules ---
    def _today(self) -> date:
        return self.today or datetime.now(SITE_ZONE).date()

    def _check(self, records: list[dict], kind: str) -> list[dict]:
        results, in_batch = [], set()
        for index, record in enumerate(records, start=1):
            document = record.get("so_ho_chieu" if kind == "foreign" else "so_giay_to", "")
            arrival = _day(record.get("ngay_den"))
            departure = _day(record.get("ngay_tra_phong") or record.get("ngay_di_du_kien"))
            error = None
            if arrival is None or departure is None:
                error = "INVALID_DATE"
            elif arrival not in (self._today(), self._today() - timedelta(days=1)):
                error = "ARRIVAL_NOT_TODAY_OR_YESTERDAY"
            elif kind == "vn" and str(record.get("loai_giay_to", "")).startswith(CCCD_TYPES) \
                    and not (document.isdigit() and len(document) == 12):
                error = "CCCD_NOT_12_DIGITS"
            elif document in in_batch:
                error = "DUPLICATE_IN_BATCH"
            elif any(doc == document and start <= departure and arrival <= end
                     for doc, start, end in self.declared):
                error = "OVERLAPPING_STAY"
            in_batch.add(document)
            if error:
                results.append({"index": index, "accepted": False, "error": error})
            else:
                self.declared.append((document, arrival, departure))
                results.append({"index": index, "accepted": True})
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
                kind = {"/api/khach-viet-nam": "vn",
                        "/api/khach-nuoc-ngoai": "foreign"}.get(self.path)
                if kind is None:
                    return self._send(404, {"error": "not_found"})
                auth = self.headers.get("Authorization", "")
                if auth.removeprefix("Bearer ") not in simulator.tokens:
                    return self._send(401, {"error": "invalid_token"})
                key = self.headers.get("Idempotency-Key", "")
                with simulator._lock:
                    simulator.requests.append({"kind": kind, "key": key})
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
                        answer = (200, {"results": simulator._check(records, kind)})
                        simulator.processed += 1
                        if key:
                            simulator._answers[key] = (raw.decode(), *answer)
                if fault and fault[0] == "timeout":
                    time.sleep(fault[1])  # applied, but the answer comes too late
                return self._send(*answer)

        return Handler
