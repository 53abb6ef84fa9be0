"""A real server for HTTP benchmarks: gunicorn with the production settings on the
benchmark database, and a small keep-alive client that measures it.

The site runs as it would in production (`laocai.settings.production`: DEBUG off, manifest
static files, the page cache), except that HTTPS redirection is off because the load
generator talks plain HTTP on 127.0.0.1.
"""

import contextlib
import http.client
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8200  # the write-path benchmarks use 8100


def server_env(**extra) -> dict:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://laocai:laocai@127.0.0.1:5434/laocai_bench")
    env.setdefault("ELASTICSEARCH_INDEX_PREFIX", "bench")
    env.update({
        "DJANGO_SETTINGS_MODULE": "laocai.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        **extra,
    })
    return env


@contextlib.contextmanager
def gunicorn(*, workers: int = 2, threads: int = 4, port: int = PORT, **env):
    """gunicorn (gthread) on 127.0.0.1:port until the block ends; yields the process."""
    environment = server_env(**env)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=ROOT, env=environment, check=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "laocai.wsgi:application", "-k", "gthread",
         "-w", str(workers), "--threads", str(threads), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "--graceful-timeout", "5", "--keep-alive", "30"],
        cwd=ROOT, env=environment)
    try:
        _wait_until_up(port)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on port {port}")


def resident_mb(process) -> float:
    """Resident memory of gunicorn's master and workers, in MB (from /proc)."""
    pids = [process.pid] + _children(process.pid)
    return sum(_rss_kb(pid) for pid in pids) / 1024


def worker_rss_mb(process) -> list[float]:
    return [_rss_kb(pid) / 1024 for pid in _children(process.pid)]


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def fetch(connection: http.client.HTTPConnection, path: str, headers=None):
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    return response.status, dict(response.getheaders()), body


def closed_loop(paths, *, concurrency: int, seconds: float, port: int = PORT,
                headers=None) -> dict:
    """`concurrency` keep-alive clients asking one after another for `seconds`:
    throughput and latencies. paths: a list cycled through by each client."""
    latencies, errors, lock = [], [0], threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(offset: int):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, n = [], offset
        while time.perf_counter() < stop_at:
            path = paths[n % len(paths)]
            n += 1
            started = time.perf_counter()
            try:
                status, _headers, _body = fetch(connection, path, headers)
            except (OSError, http.client.HTTPException):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            mine.append(time.perf_counter() - started)
            if status != 200:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"requests": len(latencies), "rps": len(latencies) / elapsed,
            "latencies": latencies, "errors": errors[0]}
