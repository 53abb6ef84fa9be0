"""Suite-wide log capture and the personal values the suite creates.

Every log record of the run (root, django.*, elasticsearch, elastic_transport), formatted
with its traceback, goes to test-output/suite.log; every request the suite makes (test
client, live server of the browser journeys) is written as an access-log request line,
query string decoded, to test-output/requests.log; every audit event saved is written to
test-output/audit.log. Every stay and watchlist entry written during the run, however
it is written (a service's `lodging.signals.stays_written`, `save()`, `bulk_create()`,
`cms.bulk.insert`, `QuerySet.update()`), adds its name, the long words of a foreign name,
its document number and its date of birth (ISO, DD/MM/YYYY and DDMMYYYY) to
PERSONAL_VALUES, folded (`cms.text.fold`: no case, no diacritics, punctuation as spaces).
A captured line leaks when its folded words contain one of them, so "?q=dubois",
"nguyen van an" and "04.07.1990" are caught as surely as the stored text. At the end of
the session any personal value found in any of the three files fails the run
(tests/conftest.py wires the hooks).
"""

import logging
import re
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from types import SimpleNamespace

from cms.text import fold

OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
LOG_PATH = OUTPUT / "suite.log"
REQUESTS_PATH = OUTPUT / "requests.log"
AUDIT_PATH = OUTPUT / "audit.log"
CAPTURED = (LOG_PATH, REQUESTS_PATH, AUDIT_PATH)
LOGGERS = ["", "django", "django.request", "django.security", "elasticsearch",
           "elastic_transport"]
# Folded values shorter than this match ordinary text by chance: fuzzed one-letter names,
# "M", short words of names. A whole name is kept however short its words ("lo thi hoa");
# a word of it alone from this length, and only some words (below).
MIN_LENGTH = 6
PERSONAL_FIELDS = ("full_name", "document_number", "date_of_birth")
# A word of a name counts alone only when it says more than an ordinary word would:
# - not a Vietnamese syllable: folded, every Vietnamese name is made of words any text has
#   ("Nguyễn" is "nguyên", a plateau, in a page's address; "Phương" is "phường", a ward),
#   so such a name counts whole; "dubois" or "johanna" count alone;
# - not from a formula or a fuzzed string a test stores as a name ("=HYPERLINK(1)" counts
#   whole, or its "hyperlink" would match the tests that use the same payload).
NAME_PUNCTUATION = frozenset(" -'’.")
VIETNAMESE_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?")
# Request lines and audit rows a test writes with personal data on purpose: written with
# this mark and not counted (on_purpose()).
ON_PURPOSE = "(on purpose) "

PERSONAL_VALUES: set[str] = set()
_handler: logging.Handler | None = None
_on_purpose = False


def personal_values_of(instance) -> set[str]:
    """The folded values a leak of this person would show (see the module docstring)."""
    from lodging.police.services import ANONYMISED_FLAG

    if ANONYMISED_FLAG in (getattr(instance, "flags", None) or ()):
        return set()  # only a birth year is left, as 1 January: nobody's birthday
    full_name = getattr(instance, "full_name", "") or ""
    name = fold(full_name)
    values = {name, fold(getattr(instance, "document_number", "") or "")}
    if all(char.isalpha() or char in NAME_PUNCTUATION for char in full_name):
        values.update(word for word in name.split()
                      if not VIETNAMESE_SYLLABLE.fullmatch(word))
    birth = getattr(instance, "date_of_birth", None)
    if birth is not None and hasattr(birth, "strftime"):
        values |= {fold(birth.strftime(form)) for form in ("%Y-%m-%d", "%d/%m/%Y", "%d%m%Y")}
    return {value for value in values if len(value) >= MIN_LENGTH}


def remember(instances) -> None:
    for instance in instances:
        PERSONAL_VALUES.update(personal_values_of(instance))


def _remember_saved(sender, instance, **kwargs):
    remember([instance])


def _remember_written_stays(sender, *, stays, **kwargs):
    remember(stays)


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


def _append_captured(path: Path, line: str) -> None:
    _append(path, (ON_PURPOSE if _on_purpose else "") + line)


def _remember_request(sender, environ=None, **kwargs):
    if environ is not None:
        _append_captured(REQUESTS_PATH, request_line(environ))


@contextmanager
def on_purpose():
    """Personal data a test writes on purpose: a URL that carries it, to prove it is
    refused (in production the access log masks it, cms/logs.py), or audit rows as they
    were stored before a migration cleaned them. Their lines are marked and not counted."""
    global _on_purpose
    _on_purpose = True
    try:
        yield
    finally:
        _on_purpose = False


def _remember_audit(sender, instance, created=False, **kwargs):
    import json

    _append_captured(AUDIT_PATH, f"{instance.action} {instance.object_ref} "
                     + json.dumps(instance.params, ensure_ascii=False, default=str))


def start_capture() -> None:
    global _handler
    LOG_PATH.parent.mkdir(parents=True, exist_ok=True)
    for path in CAPTURED:
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


def _learning(write, instances_of):
    """`write` (a bulk write that sends no signal), remembering the people it writes to
    the watched models; `instances_of(model, args, kwargs, result)` gives them."""
    @wraps(write)
    def wrapper(*args, **kwargs):
        result = write(*args, **kwargs)
        model = args[0].model if hasattr(args[0], "model") else args[0]
        if model in _WATCHED:
            remember(instances_of(args, kwargs, result))
        return result
    wrapper.learning = True
    return wrapper


def _updated(args, kwargs, result):
    values = {name: kwargs[name] for name in PERSONAL_FIELDS
              if isinstance(kwargs.get(name), str) or hasattr(kwargs.get(name), "strftime")}
    return [SimpleNamespace(**values)]


_WATCHED: tuple = ()


def watch_models() -> None:
    global _WATCHED
    from django.core.signals import request_started
    from django.db.models import QuerySet
    from django.db.models.signals import post_save

    from cms import bulk
    from lodging.models import Stay
    from lodging.police.models import AuditEvent, WatchlistEntry
    from lodging.signals import stays_written

    _WATCHED = (Stay, WatchlistEntry)
    # Every write of lodging.services (registration by cms.bulk.insert included).
    stays_written.connect(_remember_written_stays, dispatch_uid="privacy-capture-written")
    post_save.connect(_remember_saved, sender=Stay, dispatch_uid="privacy-capture-stay")
    post_save.connect(_remember_saved, sender=WatchlistEntry,
                      dispatch_uid="privacy-capture-watch")
    # The writes that send no signal: bulk inserts (watchlist imports, COPY) and updates.
    if not getattr(QuerySet.bulk_create, "learning", False):
        QuerySet.bulk_create = _learning(QuerySet.bulk_create,
                                         lambda args, kwargs, result: result)
        QuerySet.update = _learning(QuerySet.update, _updated)
        bulk.insert = _learning(bulk.insert, lambda args, kwargs, result: args[1])
    post_save.connect(_remember_audit, sender=AuditEvent, dispatch_uid="privacy-capture-audit")
    request_started.connect(_remember_request, dispatch_uid="privacy-capture-requests")


def _by_first_word(values) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for value in values:
        words = tuple(value.split(" "))
        index.setdefault(words[0], []).append(words)
    return index


def leaks(text: str | None = None, path: Path = LOG_PATH) -> list[str]:
    """Lines of a captured file (the log by default, or `text`) whose folded words hold a
    personal value (a name, a long word of a name, a number or a date, whole words)."""
    if _handler is not None:
        _handler.flush()
    if text is None:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    index = _by_first_word(PERSONAL_VALUES)
    found = []
    for line in text.splitlines():
        if line.startswith(ON_PURPOSE):
            continue
        words = fold(line.replace("_", " ")).split(" ")
        hits = {" ".join(value) for start, word in enumerate(words)
                for value in index.get(word, ())
                if tuple(words[start:start + len(value)]) == value}
        if hits:
            found.append(f"{line[:300]}  <- {', '.join(sorted(hits))}")
    return found


def all_leaks() -> dict[Path, list[str]]:
    """Personal values found in the log, the request lines and the audit rows."""
    found = {path: leaks(path=path) for path in CAPTURED}
    return {path: lines for path, lines in found.items() if lines}


@contextmanager
def planted():
    """For a test of the check itself: yields `received(path)`, the text a captured file
    got since the block began; on leaving, the files lose it again (leaks planted on
    purpose must not fail the run)."""
    if _handler is not None:
        _handler.flush()
    starts = {path: path.stat().st_size if path.exists() else 0 for path in CAPTURED}

    def received(path: Path) -> str:
        if _handler is not None:
            _handler.flush()
        with path.open(encoding="utf-8") as text:
            text.seek(starts[path])
            return text.read()
    try:
        yield received
    finally:
        if _handler is not None:
            _handler.flush()
        for path, size in starts.items():
            with path.open("r+b") as captured:  # the writers append (O_APPEND): safe
                captured.truncate(size)
