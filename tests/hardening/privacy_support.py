"""Suite-wide log capture and the personal values the suite creates.

Every log record of the run (root, django.*, elasticsearch, elastic_transport), formatted
with its traceback, goes to test-output/suite.log; every stay and watchlist entry saved
during the run adds its name, document number and date of birth (ISO and DD/MM/YYYY) to
PERSONAL_VALUES. At the end of the session any personal value found in the log fails the
run (tests/conftest.py wires the hooks).
"""

import logging
from pathlib import Path

LOG_PATH = Path(__file__).resolve().parents[2] / "test-output" / "suite.log"
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


def start_capture() -> None:
    global _handler
    LOG_PATH.parent.mkdir(parents=True, exist_ok=True)
    LOG_PATH.write_text("", encoding="utf-8")
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
    from django.db.models.signals import post_save

    from lodging.models import Stay
    from lodging.police.models import WatchlistEntry

    post_save.connect(_remember, sender=Stay, dispatch_uid="privacy-capture-stay")
    post_save.connect(_remember, sender=WatchlistEntry, dispatch_uid="privacy-capture-watch")


def leaks(text: str | None = None) -> list[str]:
    """Lines of the captured log (or of `text`) that contain a personal value."""
    if _handler is not None:
        _handler.flush()
    if text is None:
        text = LOG_PATH.read_text(encoding="utf-8") if LOG_PATH.exists() else ""
    found = []
    for line in text.splitlines():
        hits = [value for value in PERSONAL_VALUES if value in line]
        if hits:
            found.append(f"{line[:300]}  <- {', '.join(sorted(hits))}")
    return found
