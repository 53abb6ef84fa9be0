"""Request lines in logs never carry the values of a query string.

Personal data is no longer sent in URLs (police searches are posted), but a client that
ignores the contract, an old bookmark or an attacker's probe still puts
`?document_number=…` on a request line. The real servers are started here: runserver
(`django.server`) and gunicorn (its access log, configured by gunicorn.conf.py), and a
probe with a document number in the query string must leave only `***` in their logs.
"""

import logging
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from cms.logs import RequestLineFilter, redact_urls
from tests.processes import child_env, free_port

ROOT = Path(__file__).resolve().parents[2]
# A document number no stay of the suite has (the suite-wide check would flag one).
PROBE_NUMBER = "079912345678"
PROBE = f"/api/v1/police/stays/?document_number={PROBE_NUMBER}&page=2"


def test_urls_in_text_keep_their_parameter_names_and_lose_their_values():
    assert redact_urls('"GET /police/search/?q=Nguy%E1%BB%85n+An&page=2 HTTP/1.1" 400') == (
        '"GET /police/search/?q=***&page=2 HTTP/1.1" 400')
    assert redact_urls("GET /police/search/?s=Ab3_x-9&page=3") == (
        "GET /police/search/?s=Ab3_x-9&page=3")  # the opaque search id and paging stay
    assert redact_urls("/x/?next=/police/search/%3Fq%3Dan") == "/x/?next=***"
    assert redact_urls("Is it ok? yes") == "Is it ok? yes"


@pytest.mark.parametrize("logger_name", ["django.server", "django.request"])
def test_the_request_loggers_mask_query_values_for_every_handler(logger_name):
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    logger = logging.getLogger(logger_name)
    keep = Keep()
    logger.addHandler(keep)
    try:
        # As runserver's handler and django.request log a request.
        logger.warning('"%s" %s %s', f"GET {PROBE} HTTP/1.1", "400", "83")
    finally:
        logger.removeHandler(keep)
    assert records and PROBE_NUMBER not in records[0]
    assert "document_number=***&page=2" in records[0]
    assert any(isinstance(f, RequestLineFilter) for f in logger.filters)






def _serve_and_probe(command: list[str], log_path: Path) -> str:
    """Start a server, send the probe, stop it; the server's log."""
    port = free_port()
    with log_path.open("w") as log:
        server = subprocess.Popen([part.format(port=port) for part in command], cwd=ROOT,
                                  env=child_env(), stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                answer = requests.get(base + PROBE, timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start: " + log_path.read_text())
        assert answer.status_code in (400, 401, 403)
        time.sleep(0.3)  # the access line is written after the answer
    finally:
        server.terminate()
        server.wait(timeout=20)
    return log_path.read_text()


@pytest.mark.django_db
def test_gunicorn_access_log_masks_the_query_string(tmp_path):
    log = _serve_and_probe(
        [sys.executable, "-m", "gunicorn", "laocai.wsgi:application", "--bind",
         "127.0.0.1:{port}", "--workers", "1", "--access-logfile", "-",
         "--access-logformat", '%(h)s "%(r)s" %(s)s q=[%(q)s] referer="%(f)s"'],
        tmp_path / "gunicorn.log")
    assert "/api/v1/police/stays/?document_number=***&page=2" in log, log
    assert "q=[document_number=***&page=2]" in log, log
    assert PROBE_NUMBER not in log, log


@pytest.mark.django_db
def test_runserver_request_lines_mask_the_query_string(tmp_path):
    log = _serve_and_probe(
        [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks",
         "127.0.0.1:{port}"], tmp_path / "runserver.log")
    assert "/api/v1/police/stays/?document_number=***&page=2" in log, log
    assert PROBE_NUMBER not in log, log
