#!/usr/bin/env python3
"""Fetch, start, check and stop a real local Elasticsearch 8 (one node or a cluster).

Standard library only, so `make es` works before the virtualenv exists.

    python search/engine/esctl.py start [--nodes 3] [--http-port 9200] [--name local]
    python search/engine/esctl.py stop [--name local]
    python search/engine/esctl.py status [--url http://127.0.0.1:9200]
    python search/engine/esctl.py clean

Where the server lives depends on who runs it. An ordinary user runs Elasticsearch as
themselves, so everything stays in the checkout: the distribution in var/elasticsearch/
and each cluster's configuration, data, logs and pid files in var/es/<name>/node-<n>/.
Elasticsearch refuses to run as root, so as root it runs as a service user, who may not
be able to reach the checkout at all (a `mktemp -d` folder is mode 700, so is root's
home, and Django creates var/ with mode 700). The checkout's folders are never loosened
for it; instead the server gets a place of its own under /var/lib/laocai-elasticsearch/:
one shared, read-only copy of the distribution per version in dist/, and per checkout a
folder owned by the service user (mode 700: the stays index holds personal data) named
after the checkout's path. `status` prints where that is; `clean` removes it.

Security is off and the nodes bind to 127.0.0.1 only: this is for development and tests,
never for production (point ELASTICSEARCH_URL at a secured cluster there).
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ENGINE_DIR = Path(__file__).resolve().parent
ROOT = ENGINE_DIR.parent.parent
VAR = Path(os.environ.get("LAOCAI_VAR_DIR", ROOT / "var"))
# Elasticsearch refuses to run as root; as root we run it as this system user.
RUN_AS_USER = os.environ.get("ES_RUN_AS_USER", "elasticsearch")
# As root, the service user's own place (see the module docstring).
SERVICE_ROOT = Path(os.environ.get("ES_SERVICE_ROOT", "/var/lib/laocai-elasticsearch"))


def as_root() -> bool:
    return os.geteuid() == 0


def checkout_key() -> str:
    """A folder name that is the same for one checkout and differs between checkouts."""
    digest = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", ROOT.name)[:40] or "checkout"
    return f"{name}-{digest}"


def dist_dir() -> Path:
    """Where the unpacked distribution lives (only read by the server)."""
    if os.environ.get("ES_DIST_DIR"):
        return Path(os.environ["ES_DIST_DIR"])
    return SERVICE_ROOT / "dist" if as_root() else VAR / "elasticsearch"


def state_dir() -> Path:
    """This checkout's clusters: configuration, data, logs and pid files."""
    if os.environ.get("ES_STATE_DIR"):
        return Path(os.environ["ES_STATE_DIR"])
    return SERVICE_ROOT / checkout_key() if as_root() else VAR / "es"


def log(message: str) -> None:
    print(f"[es] {message}", flush=True)


def es_version() -> str:
    pom = (ENGINE_DIR / "pom.xml").read_text()
    match = re.search(r"<elasticsearch.version>([^<]+)</elasticsearch.version>", pom)
    if not match:
        raise SystemExit("search/engine/pom.xml has no <elasticsearch.version>")
    return match.group(1)


def es_home() -> Path:
    return dist_dir() / f"elasticsearch-{es_version()}"


def fetch() -> Path:
    """Unpack the distribution from Maven Central (or the local Maven cache) once."""
    home = es_home()
    if (home / "bin" / "elasticsearch").exists():
        return home
    mvn = shutil.which("mvn")
    if not mvn:
        raise SystemExit("Maven (mvn) is needed to fetch Elasticsearch; install it or set "
                         "ELASTICSEARCH_URL to an existing cluster.")
    target = dist_dir()
    if as_root() and SERVICE_ROOT in target.parents:
        reachable_folder(target)
    else:
        target.mkdir(parents=True, exist_ok=True)
    # Two checkouts (or `make run` and `make test`) may fetch at once into the shared copy.
    with open(target / ".fetch.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (home / "bin" / "elasticsearch").exists():
            log(f"fetching Elasticsearch {es_version()} with Maven into {target} ...")
            subprocess.run([mvn, "-q", "-B", "-f", str(ENGINE_DIR / "pom.xml"),
                            f"-Dengine.dir={target}", "dependency:unpack"], check=True)
            if as_root():
                # Root's umask may be 077; the service user must read and run it.
                make_world_readable(target)
    if not (home / "bin" / "elasticsearch").exists():
        raise SystemExit(f"Maven ran but {home}/bin/elasticsearch is missing")
    return home


def reachable_folder(folder: Path) -> None:
    """Make `folder`, under SERVICE_ROOT, one the service user can pass through whatever
    root's umask: missing folders are created 0755, and the folder and those up to
    SERVICE_ROOT get o+rx even when an earlier run under umask 077 made them 0700.
    Folders above SERVICE_ROOT that already existed are left as they are (check_reachable
    tells when one of those is closed)."""
    missing = []
    path = folder
    while not path.exists():
        missing.append(path)
        path = path.parent
    for path in reversed(missing):
        path.mkdir(exist_ok=True)
        path.chmod(0o755)  # reachable, not writable by anyone else
    for path in (folder, *[p for p in folder.parents if SERVICE_ROOT in (p, *p.parents)]):
        path.chmod(stat.S_IMODE(path.stat().st_mode) | 0o755)


def make_world_readable(path: Path) -> None:
    """The distribution holds no secrets; the service user only needs to read and run it."""
    for dirpath, _dirnames, filenames in os.walk(path):
        os.chmod(dirpath, os.stat(dirpath).st_mode | 0o755)  # noqa: S103
        for name in filenames:
            file = os.path.join(dirpath, name)
            mode = os.lstat(file).st_mode
            if not os.path.islink(file):
                os.chmod(file, mode | 0o444 | (0o111 if mode & 0o100 else 0))


def java_home() -> Path:
    """A Java 17+ runtime: ES_JAVA_HOME, JAVA_HOME, Debian's Java 17, or java on PATH."""
    candidates = [os.environ.get("ES_JAVA_HOME"), os.environ.get("JAVA_HOME"),
                  "/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/java-17-openjdk-arm64"]
    java = shutil.which("java")
    if java:
        candidates.append(str(Path(java).resolve().parent.parent))
    for candidate in candidates:
        if candidate and (Path(candidate) / "bin" / "java").exists():
            out = subprocess.run([str(Path(candidate) / "bin" / "java"), "-version"],
                                 capture_output=True, text=True).stderr
            match = re.search(r'version "(\d+)', out)
            if match and int(match.group(1)) >= 17:
                return Path(candidate)
    raise SystemExit("No Java 17 or newer found (set ES_JAVA_HOME).")


def http_get(url: str, timeout: float = 2.0) -> tuple[int, dict, dict]:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        body = error.read()
        return error.code, dict(error.headers), json.loads(body) if body else {}


def check_is_elasticsearch(url: str, nodes: int = 1, timeout: float = 2.0) -> dict:
    """Raise unless `url` is an Elasticsearch 8 cluster with `nodes` nodes, yellow or green.

    The integ-test distribution has no rest-root module, so there is no `GET /`; the
    product header and the nodes' versions are read from the cluster APIs instead, which
    is also what the official Python client checks.
    """
    status, headers, health = http_get(
        f"{url}/_cluster/health?wait_for_status=yellow&wait_for_nodes={nodes}&timeout=1s",
        timeout=timeout)
    product = {k.lower(): v for k, v in headers.items()}.get("x-elastic-product")
    if product != "Elasticsearch":
        raise RuntimeError(f"{url} does not answer as Elasticsearch (X-Elastic-Product={product})")
    if status != 200 or health.get("timed_out"):
        raise RuntimeError(f"cluster not ready: {health.get('status')} "
                           f"{health.get('number_of_nodes')}/{nodes} nodes")
    _, _, info = http_get(f"{url}/_nodes?filter_path=nodes.*.version,nodes.*.name",
                          timeout=timeout)
    versions = sorted({n["version"] for n in info.get("nodes", {}).values()})
    if not versions or not all(v.startswith("8.") for v in versions):
        raise RuntimeError(f"expected Elasticsearch 8, found {versions}")
    return {"cluster": health["cluster_name"], "status": health["status"],
            "nodes": health["number_of_nodes"], "versions": versions}


def answers(url: str) -> bool:
    try:
        check_is_elasticsearch(url)
    except (OSError, RuntimeError, ValueError):
        return False
    return True


def run_as_user() -> tuple[str, int, int] | None:
    """As root, the unprivileged user to run Elasticsearch as (created when missing)."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(RUN_AS_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell",
                        "/usr/sbin/nologin", RUN_AS_USER], check=True)
        entry = pwd.getpwnam(RUN_AS_USER)
    return RUN_AS_USER, entry.pw_uid, entry.pw_gid


def chown_tree(path: Path, uid: int, gid: int) -> None:
    for dirpath, dirnames, filenames in os.walk(path):
        os.chown(dirpath, uid, gid)
        for name in dirnames + filenames:
            os.lchown(os.path.join(dirpath, name), uid, gid)


def check_reachable(user: str, *paths: Path) -> None:
    """Ask the system, as `user`, whether it can reach each path (permissions, ACLs, mounts)."""
    for path in paths:
        probe = subprocess.run(["runuser", "-u", user, "--", "test", "-r", str(path), "-a",
                                "-x", str(path)], capture_output=True)
        if probe.returncode != 0:
            raise SystemExit(f"user '{user}' cannot reach {path}. Set ES_SERVICE_ROOT to a "
                             "folder that user can reach, or run as an ordinary user.")


def prepare_state(user: tuple[str, int, int] | None) -> Path:
    """This checkout's state folder; as root, owned by the service user alone."""
    state = state_dir()
    if user:
        if SERVICE_ROOT in state.parents:
            reachable_folder(state.parent)
        else:  # a place chosen with ES_STATE_DIR: not ours to open up
            state.parent.mkdir(parents=True, exist_ok=True)
        state.mkdir(exist_ok=True)
        os.chown(state, user[1], user[2])
        state.chmod(0o700)  # the stays index holds personal data
        (state / "checkout").write_text(f"{ROOT}\n")
    else:
        state.mkdir(parents=True, exist_ok=True)
        state.chmod(0o700)  # the stays index holds personal data, whoever runs it
    return state


def node_config(name: str, index: int, nodes: int, http_port: int, transport_port: int,
                node_dir: Path) -> str:
    lines = [
        "# Written by search/engine/esctl.py: local development and tests only.",
        f"cluster.name: laocai-{name}",
        f"node.name: {name}-node-{index}",
        "network.host: 127.0.0.1",
        f"http.port: {http_port + index - 1}",
        f"transport.port: {transport_port + index - 1}",
        f"path.data: {node_dir / 'data'}",
        f"path.logs: {node_dir / 'logs'}",
        "xpack.security.enabled: false",
        # Small dev disks must not flip indexes to read-only mid-test.
        "cluster.routing.allocation.disk.threshold_enabled: false",
        "action.destructive_requires_name: false",
    ]
    if nodes == 1:
        lines.append("discovery.type: single-node")
    else:
        seeds = ", ".join(f'"127.0.0.1:{transport_port + i}"' for i in range(nodes))
        masters = ", ".join(f'"{name}-node-{i + 1}"' for i in range(nodes))
        lines += [f"discovery.seed_hosts: [{seeds}]",
                  f"cluster.initial_master_nodes: [{masters}]"]
    return "\n".join(lines) + "\n"


def cluster_dir(name: str) -> Path:
    return state_dir() / name


def start(name: str, nodes: int, http_port: int, transport_port: int, heap: str,
          wait: float) -> None:
    url = f"http://127.0.0.1:{http_port}"
    if answers(url):
        log(f"Elasticsearch already answers at {url}; nothing to start")
        return
    home = fetch()
    jdk = java_home()
    user = run_as_user()
    prepare_state(user)
    base = cluster_dir(name)
    base.mkdir(parents=True, exist_ok=True)
    if user:
        os.chown(base, user[1], user[2])
        check_reachable(user[0], home / "bin", home / "lib", home / "config", jdk / "bin")
    (base / "cluster.json").write_text(json.dumps(
        {"nodes": nodes, "http_port": http_port, "transport_port": transport_port}))

    launchers = []
    for index in range(1, nodes + 1):
        node_dir = base / f"node-{index}"
        pidfile = node_dir / "es.pid"
        if pidfile.exists() and _alive(int(pidfile.read_text().strip() or 0)):
            log(f"node {index} already running (pid {pidfile.read_text().strip()})")
            continue
        config = node_dir / "config"
        shutil.rmtree(config, ignore_errors=True)
        shutil.copytree(home / "config", config)
        for sub in ("data", "logs", "tmp"):
            (node_dir / sub).mkdir(parents=True, exist_ok=True)
        (config / "elasticsearch.yml").write_text(
            node_config(name, index, nodes, http_port, transport_port, node_dir))
        jvm = (config / "jvm.options").read_text()
        jvm = jvm.replace("file=gc.log", f"file={node_dir / 'logs' / 'gc.log'}")
        (config / "jvm.options").write_text(jvm)
        (config / "jvm.options.d").mkdir(exist_ok=True)
        (config / "jvm.options.d" / "local.options").write_text(
            f"-Xms{heap}\n-Xmx{heap}\n-XX:HeapDumpPath={node_dir / 'logs'}\n")
        if user:
            chown_tree(node_dir, user[1], user[2])
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "ES_PATH_CONF": str(config),
            "ES_JAVA_HOME": str(jdk),
            "ES_TMPDIR": str(node_dir / "tmp"),
            "LANG": "C.UTF-8",
        }
        command = [str(home / "bin" / "elasticsearch"), "-d", "-p", str(pidfile)]
        if user:
            command = ["runuser", "-u", user[0], "--", "env",
                       *[f"{k}={v}" for k, v in env.items()], *command]
        log(f"starting node {index}/{nodes} on 127.0.0.1:{http_port + index - 1}")
        # Launched side by side: each launcher returns once its node is up.
        out = open(node_dir / "logs" / "launcher.log", "ab")  # noqa: SIM115
        # Its own session: a Ctrl-C in `make run` stops the site, not the search server
        # that `make test` and the next `make run` reuse (`make es-stop` stops it).
        launchers.append((index, node_dir, out, subprocess.Popen(
            command, env=env, cwd=node_dir, stdout=out, stderr=out, start_new_session=True)))

    for index, node_dir, out, launcher in launchers:
        returncode = launcher.wait()
        out.close()
        if returncode != 0:
            raise SystemExit(f"node {index} failed to start; see {node_dir / 'logs'}")

    deadline = time.monotonic() + wait
    last_error = "no answer"
    while time.monotonic() < deadline:
        try:
            info = check_is_elasticsearch(url, nodes=nodes)
        except (OSError, RuntimeError, ValueError) as error:
            last_error = str(error)
            time.sleep(1)
            continue
        log(f"ready: {info['nodes']} node(s), Elasticsearch {', '.join(info['versions'])}, "
            f"status {info['status']}, at {url}")
        return
    raise SystemExit(f"Elasticsearch did not become healthy in {wait:.0f}s: {last_error}; "
                     f"logs in {base}")


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop(name: str, wait: float = 60.0, only_node: int | None = None) -> None:
    base = cluster_dir(name)
    pidfiles = sorted(base.glob("node-*/es.pid"))
    if only_node is not None:
        pidfiles = [p for p in pidfiles if p.parent.name == f"node-{only_node}"]
    stopped = 0
    for pidfile in pidfiles:
        try:
            pid = int(pidfile.read_text().strip())
        except ValueError:
            pidfile.unlink(missing_ok=True)
            continue
        if _alive(pid):
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + wait
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.25)
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
            stopped += 1
        pidfile.unlink(missing_ok=True)
    log(f"stopped {stopped} node(s) of '{name}'" if stopped else f"'{name}' was not running")


def clusters() -> list[str]:
    state = state_dir()
    return sorted(p.parent.name for p in state.glob("*/cluster.json")) if state.exists() else []


def describe_local() -> None:
    """Where this checkout's servers live, and which of their nodes run."""
    log(f"distribution: {es_home()}")
    log(f"state of this checkout: {state_dir()}")
    for name in clusters():
        for node_dir in sorted(cluster_dir(name).glob("node-*")):
            pidfile = node_dir / "es.pid"
            pid = pidfile.read_text().strip() if pidfile.exists() else ""
            running = pid.isdigit() and _alive(int(pid))
            log(f"  {name}/{node_dir.name}: {'running, pid ' + pid if running else 'stopped'}; "
                f"data {node_dir / 'data'}, logs {node_dir / 'logs'}")


def clean(name: str | None = None) -> None:
    """Stop this checkout's clusters (or one) and remove their state; the distribution stays."""
    for cluster in [name] if name else clusters():
        stop(cluster)
    target = cluster_dir(name) if name else state_dir()
    if target.exists():
        shutil.rmtree(target)
        log(f"removed {target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("fetch", help="download and unpack the distribution")
    p_start = sub.add_parser("start", help="start a node or a cluster and wait until healthy")
    p_start.add_argument("--nodes", type=int, default=int(os.environ.get("ES_NODES", "1")))
    p_start.add_argument("--http-port", type=int,
                         default=int(os.environ.get("ES_HTTP_PORT", "9200")))
    p_start.add_argument("--transport-port", type=int,
                         default=int(os.environ.get("ES_TRANSPORT_PORT", "9300")))
    p_start.add_argument("--heap", default=os.environ.get("ES_HEAP", "512m"))
    p_start.add_argument("--wait", type=float, default=180)
    p_stop = sub.add_parser("stop", help="stop the nodes of a cluster started here")
    p_stop.add_argument("--node", type=int, help="stop only this node (1-based)")
    p_status = sub.add_parser("status", help="exit 0 when Elasticsearch 8 answers")
    p_status.add_argument("--url", default=os.environ.get("ELASTICSEARCH_URL",
                                                          "http://127.0.0.1:9200"))
    p_status.add_argument("-q", "--quiet", action="store_true")
    p_clean = sub.add_parser("clean", help="stop this checkout's clusters, remove their data")
    p_clean.add_argument("--name", help="only this cluster")
    for p in (p_start, p_stop):
        p.add_argument("--name", default=os.environ.get("ES_CLUSTER", "local"))
    args = parser.parse_args(argv)

    if args.command == "fetch":
        log(f"distribution at {fetch()}")
    elif args.command == "start":
        start(args.name, args.nodes, args.http_port, args.transport_port, args.heap, args.wait)
    elif args.command == "stop":
        stop(args.name, only_node=args.node)
    elif args.command == "clean":
        clean(args.name)
    elif args.command == "status":
        if not args.quiet:
            describe_local()
        try:
            info = check_is_elasticsearch(args.url.rstrip("/"))
        except (OSError, RuntimeError, ValueError) as error:
            if not args.quiet:
                log(f"not answering at {args.url}: {error}")
            return 1
        if not args.quiet:
            log(f"{args.url}: {json.dumps(info)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
