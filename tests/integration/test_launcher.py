"""The local Elasticsearch launcher starts from a checkout that nobody else can enter.

`mktemp -d` makes a mode-700 folder, root's home is mode 700, and Django creates var/
with mode 700. As root the server runs as a service user, so the launcher must give it a
place of its own instead of loosening the user's folders.
"""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

pytestmark = [pytest.mark.elasticsearch, pytest.mark.cluster]

ROOT = Path(__file__).resolve().parents[2]
NAME, HTTP, TRANSPORT = "test-private", 9271, 9371


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _esctl(checkout: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(checkout / "search" / "engine" / "esctl.py"),
                           *args], capture_output=True, text=True, timeout=300)


def test_elasticsearch_starts_from_a_checkout_in_a_private_folder(tmp_path):
    private = tmp_path / "private"
    checkout = private / "p"
    shutil.copytree(ROOT / "search" / "engine", checkout / "search" / "engine",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (checkout / "var").mkdir()
    for folder in (private, checkout / "var"):
        folder.chmod(0o700)
    if os.geteuid() == 0:
        # The checkout and the folders above it must stay closed to the service user.
        assert subprocess.run(["runuser", "-u", "elasticsearch", "--", "test", "-x",
                               str(checkout)], capture_output=True).returncode != 0

    started = _esctl(checkout, "start", "--name", NAME, "--http-port", str(HTTP),
                     "--transport-port", str(TRANSPORT), "--heap", "256m")
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        health = Elasticsearch(f"http://127.0.0.1:{HTTP}", request_timeout=30).cluster.health()
        assert health["cluster_name"] == f"laocai-{NAME}"

        status = _esctl(checkout, "status", "--url", f"http://127.0.0.1:{HTTP}")
        assert status.returncode == 0, status.stdout + status.stderr
        state = Path(next(line.split(": ", 1)[1] for line in status.stdout.splitlines()
                          if "state of this checkout" in line))
        assert f"{NAME}/node-1: running" in status.stdout
        assert (state / NAME / "node-1" / "logs").is_dir()
        if os.geteuid() == 0:
            assert checkout not in state.parents  # a place of its own, outside the checkout
            assert state.stat().st_uid != 0 and _mode(state) == 0o700
        else:
            assert state == checkout / "var" / "es"
        # Nothing was loosened on the way.
        assert _mode(private) == 0o700 and _mode(checkout / "var") == 0o700
    finally:
        stopped = _esctl(checkout, "clean")
    assert stopped.returncode == 0, stopped.stdout + stopped.stderr
    assert not state.exists()
    assert _esctl(checkout, "status", "--quiet", "--url",
                  f"http://127.0.0.1:{HTTP}").returncode == 1

