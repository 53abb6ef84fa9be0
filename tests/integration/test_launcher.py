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
            assert state == checkout / "var" / "es" and _mode(state) == 0o700
        # Nothing was loosened on the way.
        assert _mode(private) == 0o700 and _mode(checkout / "var") == 0o700
    finally:
        stopped = _esctl(checkout, "clean")
    assert stopped.returncode == 0, stopped.stdout + stopped.stderr
    assert not state.exists()
    assert _esctl(checkout, "status", "--quiet", "--url",
                  f"http://127.0.0.1:{HTTP}").returncode == 1



def _service_root_test_place() -> Path:
    """A folder for a service root of the test's own, inside one the service user may
    pass through (as /var/lib is)."""
    import tempfile

    above = Path(tempfile.mkdtemp(prefix="laocai-launcher-"))
    above.chmod(0o755)
    return above


@pytest.mark.skipif(os.geteuid() != 0, reason="the service user exists only as root")
def test_root_with_a_strict_umask_still_gives_the_server_a_place_it_can_reach(tmp_path):
    """Hardened hosts give root umask 077: every folder it makes is 0700, and the service
    user could not enter the server's own place, whether made now or by an earlier run."""
    above = _service_root_test_place()
    service_root = above / "laocai-elasticsearch"
    checkout = tmp_path / "p"
    shutil.copytree(ROOT / "search" / "engine", checkout / "search" / "engine",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "ES_SERVICE_ROOT": str(service_root)}
    env.pop("ES_DIST_DIR", None)
    env.pop("ES_STATE_DIR", None)

    def esctl(*args):
        return subprocess.run(
            [sys.executable, str(checkout / "search" / "engine" / "esctl.py"), *args],
            capture_output=True, text=True, timeout=600, env=env,
            preexec_fn=lambda: os.umask(0o077))

    name, http = "test-umask", 9272
    url = f"http://127.0.0.1:{http}"
    start = ("start", "--name", name, "--http-port", str(http), "--transport-port", "9372",
             "--heap", "256m")
    try:
        # A fresh machine: the distribution is fetched into a service root made now.
        started = esctl(*start)
        assert started.returncode == 0, started.stdout + started.stderr
        assert Elasticsearch(url, request_timeout=30).cluster.health()["cluster_name"] \
            == f"laocai-{name}"
        assert _mode(service_root) == 0o755
        state = next(service_root.glob("p-*"))
        assert _mode(state) == 0o700 and state.stat().st_uid != 0
        stopped = esctl("stop", "--name", name)
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr

        # An earlier run under that umask, before this fix, left the service root 0700.
        service_root.chmod(0o700)
        started = esctl(*start)
        assert started.returncode == 0, started.stdout + started.stderr
        assert Elasticsearch(url, request_timeout=30).cluster.health()["status"] in (
            "green", "yellow")
        assert _mode(service_root) == 0o755
    finally:
        cleaned = esctl("clean")
        shutil.rmtree(above, ignore_errors=True)
    assert cleaned.returncode == 0, cleaned.stdout + cleaned.stderr


ORDINARY_USER = "laocai-dev"


def _ordinary_user() -> tuple[int, int, Path]:
    import pwd

    try:
        entry = pwd.getpwnam(ORDINARY_USER)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", ORDINARY_USER],
                       check=True)
        entry = pwd.getpwnam(ORDINARY_USER)
    return entry.pw_uid, entry.pw_gid, Path(entry.pw_dir)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to act as another user")
def test_an_ordinary_user_starts_elasticsearch_from_a_private_checkout_in_their_home():
    """Not root: no service user, no service root; the distribution and the state live in
    the checkout's own var/, which stays private to its owner."""
    uid, gid, home = _ordinary_user()
    private = home / "launcher-test"
    shutil.rmtree(private, ignore_errors=True)
    checkout = private / "p"
    shutil.copytree(ROOT / "search" / "engine", checkout / "search" / "engine",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for dirpath, _dirnames, filenames in os.walk(private):
        os.chown(dirpath, uid, gid)
        for name in filenames:
            os.chown(os.path.join(dirpath, name), uid, gid)
    private.chmod(0o700)
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}

    def esctl(*args):
        return subprocess.run(
            ["/usr/sbin/runuser", "-u", ORDINARY_USER, "--", "/usr/bin/python3",
             str(checkout / "search" / "engine" / "esctl.py"), *args],
            capture_output=True, text=True, timeout=900, env=env, cwd=str(home))

    name, http = "test-user", 9273
    started = esctl("start", "--name", name, "--http-port", str(http),
                    "--transport-port", "9373", "--heap", "256m")
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        health = Elasticsearch(f"http://127.0.0.1:{http}", request_timeout=30).cluster.health()
        assert health["cluster_name"] == f"laocai-{name}"
        status = esctl("status", "--url", f"http://127.0.0.1:{http}")
        assert f"{name}/node-1: running" in status.stdout, status.stdout + status.stderr
        state = checkout / "var" / "es"
        assert (state / name / "node-1" / "logs").is_dir()
        assert state.stat().st_uid == uid and _mode(state) == 0o700
        assert _mode(private) == 0o700  # nothing loosened
    finally:
        stopped = esctl("clean")
    assert stopped.returncode == 0, stopped.stdout + stopped.stderr
    assert not (checkout / "var" / "es").exists()
    shutil.rmtree(private, ignore_errors=True)
