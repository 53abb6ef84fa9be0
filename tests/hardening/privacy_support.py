"""Suite-wide log capture and the personal values the suite creates.

Every log record of the run (root, django.*, elasticsearch, elastic_transport), formatted
with its traceback, goes to test-output/suite.log; every request the suite makes (test
client, live server of the browser journeys) is written as an access-log request line,
query string decoded, to test-output/requests.log; every audit event saved is written to
test-output/audit.log. Every stay and watchlist entry saved during the run adds its
name, document number and date of birth (ISO and DD/MM/YYYY) to PERSONAL_VALUES. At the
end of the session any personal value found in any of the three fails the run
(tests/conftest.py wires the hooks).
"""

import logging
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
LOG_PATH = OUTPUT / "suite.log"
REQUESTS_PATH = OUTPUT / "requests.log"
AUDIT_PATH = OUTPUT / "audit.log"
LOGGERS = ["", "django", "django.request", "django.security", "elasticsearch",
           "elastic_transport"]
# Shorter values (fuzzed one-letter names, "M") would match log text by chance.
MIN_LENGTH = 6

PERSONAL_VALUES: set[str] = set()
_handler: logging.Handler | None = None


def personal_values_of(instance) -> set[str]:
    values = {getattr(instance, "full_name", "") or "",
              getattr(instance, "document_number", "") or ""}
    birth = getattr(instance, "date_of_birth", None)
    if birth is not None and hasattr(birth, "strftime"):
        values |= {birth.isoformat(), birth.strftime("%d/%m/%Y")}
    return {value.strip() for value in values if len(value.strip()) >= MIN_LENGTH}


def _remember(sender, instance, **kwargs):
    PERSONAL_VALUES.update(personal_values_of(instance))


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as out:
        out.write(line.replace("\n", "\\n") + "\n")


def request_line(environ) -> str:
    """The request as an access log writes it, query string decoded (a name typed in a
    search is in the log as `%E1%BB%85`, which is the name all the same)."""
    from urllib.parse import unquote, unquote_plus

    path = unquote(environ.get("PATH_INFO", ""))
    query = unquote_plus(environ.get("QUERY_STRING", ""))
    return f'"{environ.get("REQUEST_METHOD", "")} {path}{"?" + query if query else ""}"'


def _remember_request(sender, environ=None, **kwargs):
    if environ is not None:
        _append(REQUESTS_PATH, request_line(environ))


def _remember_audit(sender, instance, created=False, **kwargs):
    import json

    _append(AUDIT_PATH, f"{instance.action} {instance.object_ref} "
                        + json.dumps(instance.params, ensure_ascii=False, default=str))


def start_capture() -> None:
    global _handler
    LOG_PATH.parent.mkdir(parents=True, exist_ok=True)
    for path in (LOG_PATH, REQUESTS_PATH, AUDIT_PATH):
        path.write_text("", encoding="utf-8")
    # Append mode: a handler closed by a logging reconfiguration (django.setup() again)
    # reopens on the next record instead of dropping it.
    _handler = logging.FileHandler(LOG_PATH, mode="a", encoding="utf-8")
    _handler.setLevel(logging.DEBUG)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    attach()


def attach() -> None:
    """(Re)attach the capture: Django's logging setup (dictConfig) drops root handlers
    whenever something configures logging again during the run."""
    if _handler is None:
        return
    for name in LOGGERS:
        logger = logging.getLogger(name)
        # The root handler sees propagated records; named loggers that do not propagate
        # get their own.
        if (name == "" or not logger.propagate) and _handler not in logger.handlers:
            logger.addHandler(_handler)


def watch_models() -> None:
    from django.core.signals import request_started
    from django.db.models.signals import post_save

    from lodging.models import Stay
    from lodging.police.models import AuditEvent, WatchlistEntry

    post_save.connect(_remember, sender=Stay, dispatch_uid="privacy-capture-stay")
    post_save.connect(_remember, sender=WatchlistEntry, dispatch_uid="privacy-capture-watch")
    post_save.connect(_remember_audit, sender=AuditEvent, dispatch_uid="privacy-capture-audit")
    request_started.connect(_remember_request, dispatch_uid="privacy-capture-requests")


def leaks(text: str | None = None, path: Path = LOG_PATH) -> list[str]:
    """Lines of a captured file (the log by default, or `text`) that contain a personal
    value."""
    if _handler is not None:
        _handler.flush()
    if text is None:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    found = []
    for line in text.splitlines():
        hits = [value for value in PERSONAL_VALUES if value in line]
        if hits:
            found.append(f"{line[:300]}  <- {', '.join(sorted(hits))}")
    return found


def all_leaks() -> dict[Path, list[str]]:
    """Personal values found in the log, the request lines and the audit rows."""
    found = {path: leaks(path=path) for path in (LOG_PATH, REQUESTS_PATH, AUDIT_PATH)}
    return {path: lines for path, lines in found.items() if lines}
