"""Request lines in logs without the values of their query strings.

Personal data has no place in a URL here (police searches are posted, timelines keyed by
stay id), but an old bookmark, a client that ignores the contract or an attacker probing
`?document_number=…` still puts it in a request line, and access logs keep every request
line. This filter rewrites the query string of every URL in a log record
(`/police/search/?q=nguyen` → `/police/search/?q=***`) before any handler writes it:
runserver's `django.server` lines, `django.request`, anything on the console handler, and
gunicorn's access and error logs through `GunicornLogger` (gunicorn.conf.py).

Only a few parameters that never carry a person keep their values, so that the log still
says which page of which opaque search was asked for.
"""

import logging
import re
from collections.abc import MutableMapping

from gunicorn.glogging import Logger as _GunicornBaseLogger

MASK = "***"
# Values kept: paging, the opaque police search id, format and language switches.
KEPT_PARAMS = frozenset({"page", "s", "format", "lang", "type", "page_size"})
_KEPT_VALUE = re.compile(r"[\w.-]{0,64}")
# A "?" followed by something that looks like a query (it has an "=") up to a space,
# a quote or the end of the text.
_QUERY = re.compile(r"\?([^\s\"'<>]*=[^\s\"'<>]*)")
# Mapping keys of gunicorn's access-log atoms that are a bare query string.
_BARE_QUERY_KEYS = {"q", "{query_string}e"}


def redact_query_string(query: str) -> str:
    """`q=nguyen&page=2` → `q=***&page=2`."""
    parts = []
    for pair in query.split("&"):
        name, has_value, value = pair.partition("=")
        if not has_value:
            parts.append(MASK if name else "")
        elif name in KEPT_PARAMS and _KEPT_VALUE.fullmatch(value):
            parts.append(pair)
        else:
            parts.append(f"{name}={MASK}")
    return "&".join(parts)


def redact_urls(text: str) -> str:
    """Every query string in `text` with its values masked."""
    if "?" not in text:
        return text
    return _QUERY.sub(lambda match: "?" + redact_query_string(match.group(1)), text)


def _redact(value):
    return redact_urls(value) if isinstance(value, str) else value


class RequestLineFilter(logging.Filter):
    """Masks query-string values in a record's message and arguments (in place, so that
    every handler after it, whichever logger it hangs on, sees the masked record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_urls(record.msg)
        args = record.args
        if isinstance(args, MutableMapping):  # gunicorn's access atoms
            for key, value in list(args.items()):
                if key in _BARE_QUERY_KEYS and isinstance(value, str) and value:
                    args[key] = redact_query_string(value)
                else:
                    args[key] = _redact(value)
        elif isinstance(args, tuple):
            record.args = tuple(_redact(arg) for arg in args)
        return True


class GunicornLogger(_GunicornBaseLogger):
    """gunicorn's logger with the request-line filter on its access and error logs."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            if not any(isinstance(f, RequestLineFilter) for f in log.filters):
                log.addFilter(RequestLineFilter())
