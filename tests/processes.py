"""What a test needs to run a server or worker of its own in a child process."""

import os
import socket
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """This test's database for a child process. SQLite's test database lives in this
    process's memory, which no child can open: the child gets a file of its own then
    (an empty database, enough for what such a child is asked)."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        return (f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}")
    name = str(db["NAME"])
    if connection.is_in_memory_db():
        name = str(Path(tempfile.gettempdir()) / f"laocai-child-{os.getpid()}.sqlite3")
    return f"sqlite:///{name}"


def child_env() -> dict:
    """The environment of a child process working on this test's database and indexes."""
    return {**os.environ, "DATABASE_URL": database_url(),
            "DJANGO_SETTINGS_MODULE": "laocai.settings.test",
            "ELASTICSEARCH_INDEX_PREFIX": settings.ELASTICSEARCH["INDEX_PREFIX"],
            "PYTHONUNBUFFERED": "1"}
