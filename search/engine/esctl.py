#!/usr/bin/env python3
"""Fetch, start, check and stop a real local Elasticsearch 8 (one node or a cluster).

Standard library only, so `make es` works before the virtualenv exists.

    python search/engine/esctl.py start [--nodes 3] [--http-port 9200] [--name local]
    python search/engine/esctl.py stop [--name local]
    python search/engine/esctl.py status [--url http://127.0.0.1:9200]

Everything lives under var/: the unpacked distribution in var/elasticsearch/, and each
cluster's configuration, data, logs and pid files in var/es/<name>/node-<n>/. Security
is off and the nodes bind to 127.0.0.1 only: this is for development and tests, never
for production (point ELASTICSEARCH_URL at a secured cluster there).
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ENGINE_DIR = Path(__file__).resolve().parent
ROOT = ENGINE_DIR.parent.parent
VAR = Path(os.environ.get("LAOCAI_VAR_DIR", ROOT / "var"))
DIST_DIR = VAR / "elasticsearch"
CLUSTERS_DIR = VAR / "es"
# Elasticsearch refuses to run as root; as root we run it as this system user.
RUN_AS_USER = os.environ.get("ES_RUN_AS_USER", "elasticsearch")


def log(message: str) -> None:
    print(f"[es] {message}", flush=True)


def es_version() -> str:
    pom = (ENGINE_DIR / "pom.xml").read_text()
    match = re.search(r"<elasticsearch.version>([^<]+)</elasticsearch.version>", pom)
    if not match:
        raise SystemExit("search/engine/pom.xml has no <elasticsearch.version>")
    return match.group(1)


def es_home() -> Path:
    return DIST_DIR / f"elasticsearch-{es_version()}"


def fetch() -> Path:
    """Unpack the distribution from Maven Central (or the local Maven cache) once."""
    home = es_home()
    if (home / "bin" / "elasticsearch").exists():
        return home
    mvn = shutil.which("mvn")
    if not mvn:
        raise SystemExit("Maven (mvn) is needed to fetch Elasticsearch; install it or set "
                         "ELASTICSEARCH_URL to an existing cluster.")
    log(f"fetching Elasticsearch {es_version()} with Maven ...")
    subprocess.run([mvn, "-q", "-B", "-f", str(ENGINE_DIR / "pom.xml"),
                    f"-Dengine.dir={DIST_DIR}", "dependency:unpack"], check=True)
    if not (home / "bin" / "elasticsearch").exists():
        raise SystemExit(f"Maven ran but {home}/bin/elasticsearch is missing")
    return home


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


def check_traversable(path: Path, user: str) -> None:
    """The unprivileged user must reach the distribution through every parent folder."""
    for parent in [path, *path.parents]:
        if not parent.stat().st_mode & 0o001:
            raise SystemExit(f"{parent} is not searchable by others; user '{user}' cannot "
                             f"reach {path}. Run `chmod o+x {parent}` or clone elsewhere.")


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
    return CLUSTERS_DIR / name


def start(name: str, nodes: int, http_port: int, transport_port: int, heap: str,
          wait: float) -> None:
    url = f"http://127.0.0.1:{http_port}"
    if answers(url):
        log(f"Elasticsearch already answers at {url}; nothing to start")
        return
    home = fetch()
    jdk = java_home()
    user = run_as_user()
    base = cluster_dir(name)
    base.mkdir(parents=True, exist_ok=True)
    if user:
        check_traversable(home, user[0])
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
        launchers.append((index, node_dir, out, subprocess.Popen(
            command, env=env, cwd=node_dir, stdout=out, stderr=out)))

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
    for p in (p_start, p_stop):
        p.add_argument("--name", default=os.environ.get("ES_CLUSTER", "local"))
    args = parser.parse_args(argv)

    if args.command == "fetch":
        log(f"distribution at {fetch()}")
    elif args.command == "start":
        start(args.name, args.nodes, args.http_port, args.transport_port, args.heap, args.wait)
    elif args.command == "stop":
        stop(args.name, only_node=args.node)
    elif args.command == "status":
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
