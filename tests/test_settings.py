"""Settings come from the environment; production refuses to start without secrets."""

import os
import subprocess
import sys
from pathlib import Path

import dj_database_url
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def _load_settings(module: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env)
    code = f"import importlib; s = importlib.import_module('{module}'); print(s.DEBUG)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean,
                          capture_output=True, text=True, timeout=60)


def test_production_refuses_to_start_without_a_secret_key():
    result = _load_settings("laocai.settings.production", DJANGO_ALLOWED_HOSTS="laocai.gov.vn")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _load_settings("laocai.settings.production", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_both_and_debug_off():
    result = _load_settings("laocai.settings.production", DJANGO_SECRET_KEY="x" * 50,
                            DJANGO_ALLOWED_HOSTS="laocai.gov.vn")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_database_url_chooses_the_database_and_sqlite_is_the_default(tmp_path):
    default = dj_database_url.parse(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert default["ENGINE"] == "django.db.backends.sqlite3"
    pg = dj_database_url.parse("postgres://laocai:pw@127.0.0.1:5432/laocai")
    assert pg["ENGINE"] == "django.db.backends.postgresql"
    assert pg["NAME"] == "laocai"


@pytest.mark.skipif(os.environ.get("REQUIRE_POSTGRES") != "1",
                    reason="only CI promises PostgreSQL (REQUIRE_POSTGRES=1)")
def test_ci_really_runs_on_postgresql():
    assert connection.vendor == "postgresql"
