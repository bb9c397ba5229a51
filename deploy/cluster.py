#!/usr/bin/env python3
"""``make cluster``: the deployed topology of docs/deployment.md, started on one machine.

A real expo runs PostgreSQL, Redis, several gunicorn web nodes, Celery workers and a load
balancer on several machines. This script starts the same processes here, each with its
own port (18000-18099) and its own state under ``.cluster/``, so that the load benchmark
(bench/load/) and the fault tests (tests/cluster/, bench/faults/) meet the real thing:

    nginx :18000 --> gunicorn :18001, :18002 (web nodes)    static files: nginx itself
    PostgreSQL :18032 (own data directory)    Redis :18079 (cache, rate limits, broker)
    Celery worker(s) and beat

The first start migrates and loads the full demo (``generate-demo`` defaults; ``--small``
or CLUSTER_DEMO=small for a few hundred participants). What the machine lacks
(PostgreSQL, Redis, nginx) is installed from Debian packages when run as root.

    python deploy/cluster.py up [--small] [--nodes 2] [--workers 1]
    python deploy/cluster.py down
    python deploy/cluster.py status
    python deploy/cluster.py env        # the environment of every Django process, for a shell
    python deploy/cluster.py kill-node 1 | start-node 1 | kill-worker | start-worker
    python deploy/cluster.py stop-postgres | start-postgres | stop-redis | start-redis
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATE = Path(os.environ.get("CLUSTER_DIR", ROOT / ".cluster")).resolve()
BIN = (
    Path(sys.executable).parent
    if (Path(sys.executable).parent / "tradefair").exists()
    else ROOT / ".venv/bin"
)
PG_BIN = Path(os.environ.get("CLUSTER_PG_BIN", "/usr/lib/postgresql/15/bin"))

HOST = "127.0.0.1"
LB_PORT = 18000
NODE_PORTS = [18001 + i for i in range(8)]
PG_PORT = 18032
REDIS_PORT = 18079
DATABASE = "tradefair"
SMALL = {"merchants": 600, "exhibitors": 80, "countries": 30}


def log(message: str) -> None:
    print(f"cluster: {message}", flush=True)


def as_root() -> bool:
    return os.geteuid() == 0


# --- what every Django process of the cluster reads ----------------------------------------


def secret_key() -> str:
    """One secret shared by every node (sessions and signed badge tokens must verify on
    any of them); a real deployment hands it out through its configuration management."""
    path = STATE / "secret_key"
    if not path.exists():
        STATE.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def django_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tradefair.common.settings",
            "DATABASE_URL": f"postgres://postgres@{HOST}:{PG_PORT}/{DATABASE}",
            "TRADEFAIR_REDIS_URL": f"redis://{HOST}:{REDIS_PORT}/1",
            "TRADEFAIR_CELERY_BROKER_URL": f"redis://{HOST}:{REDIS_PORT}/0",
            "TRADEFAIR_SECRET_KEY": secret_key(),
            "TRADEFAIR_DATA_DIR": str(STATE / "data"),
            "TRADEFAIR_SITE_URL": f"http://{HOST}:{LB_PORT}",
            "TRADEFAIR_BEHIND_PROXY": "1",
            # nginx on this machine: the client's address is what it forwards (common.client_address).
            "TRADEFAIR_TRUSTED_PROXIES": "127.0.0.1",
            # Short, so that the fault tests see a killed worker's round handed out again
            # within two minutes; deployments keep the 30-minute default (docs/deployment.md).
            "TRADEFAIR_CELERY_VISIBILITY_TIMEOUT": os.environ.get("CLUSTER_VISIBILITY_TIMEOUT", "90"),
        }
    )
    return env


def run(cmd: list[str], *, env=None, check=True, quiet=False, user: str | None = None, **kw):
    if user and as_root():
        cmd = ["runuser", "-u", user, "--", *cmd]
    if quiet:
        kw.setdefault("stdout", subprocess.DEVNULL)
        kw.setdefault("stderr", subprocess.DEVNULL)
    return subprocess.run(cmd, env=env, check=check, **kw)


def tradefair(*args: str, env=None, **kw):
    return run([str(BIN / "tradefair"), *args], env=env or django_env(), **kw)


# --- installing what the machine lacks -----------------------------------------------------


def ensure_packages() -> None:
    global PG_BIN
    missing = []
    if not (PG_BIN / "initdb").exists():
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if found:
            PG_BIN = found[-1].parent
        else:
            missing.append("postgresql")
    if not shutil.which("redis-server"):
        missing.append("redis-server")
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        missing.append("nginx-light")
    if not missing:
        return
    if not (as_root() and shutil.which("apt-get")):
        sys.exit(f"cluster: install {' '.join(missing)} (Debian packages) first")
    log(f"installing {' '.join(missing)} from Debian packages")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update", "-qq"], env=env)
    run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env, quiet=True)
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        PG_BIN = found[-1].parent
    for name in ("redis-server", "nginx"):
        # Debian starts the packaged services on their default ports: the cluster runs its own.
        run(["service", name.replace("-light", ""), "stop"], check=False, quiet=True)


def nginx_binary() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


# --- processes -------------------------------------------------------------------------


def pid_of(name: str) -> int | None:
    path = STATE / "run" / f"{name}.pid"
    try:
        pid = int(path.read_text().split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


def wait_for(check, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    sys.exit(f"cluster: {what} did not come up within {timeout:.0f} s (logs in {STATE / 'log'})")


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - 127.0.0.1 only
            return response.status < 500
    except urllib.error.HTTPError as error:
        return error.code < 500
    except OSError:
        return False


def stop_pid(name: str, sig=signal.SIGTERM, timeout: float = 30, group: bool = False) -> None:
    """Signal the process of the pid file (with ``group``, its whole process group: a
    machine that dies takes its gunicorn or Celery children with it) and wait for it."""
    pid = pid_of(name)
    if pid is None:
        return
    if group:
        os.killpg(os.getpgid(pid), sig)
    else:
        os.kill(pid, sig)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and pid_of(name) == pid:
        time.sleep(0.2)
    if pid_of(name) == pid:
        log(f"{name} did not stop within {timeout:.0f} s: killing it")
        os.kill(pid, signal.SIGKILL)
    (STATE / "run" / f"{name}.pid").unlink(missing_ok=True)


# PostgreSQL -----------------------------------------------------------------------------


def pg_data() -> Path:
    return STATE / "pg"


def pg_ready() -> bool:
    return (
        subprocess.run(
            [str(PG_BIN / "pg_isready"), "-q", "-h", HOST, "-p", str(PG_PORT)], check=False
        ).returncode
        == 0
    )


def start_postgres() -> None:
    if pg_ready():
        return
    data = pg_data()
    user = "postgres" if as_root() else None
    if not (data / "PG_VERSION").exists():
        # initdb refuses to run as root: the data directory belongs to the postgres user.
        data.mkdir(parents=True, exist_ok=True)
        if user:
            shutil.chown(data, "postgres", "postgres")
        data.chmod(0o700)
        log(f"initdb {data}")
        run(
            [str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
            user=user,
            quiet=True,
        )
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(
                "\n# tradefair cluster\n"
                f"listen_addresses = '{HOST}'\nport = {PG_PORT}\nunix_socket_directories = '{data}'\n"
                "max_connections = 200\nshared_buffers = 256MB\nfsync = on\n"
                "shared_preload_libraries = 'pg_stat_statements'\n"
            )
    (STATE / "log").mkdir(parents=True, exist_ok=True)
    logfile = STATE / "log" / "postgresql.log"
    if user:
        logfile.touch()
        shutil.chown(logfile, "postgres", "postgres")
    run(
        [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(logfile), "-w", "-t", "60", "start"],
        user=user,
        quiet=True,
    )
    wait_for(pg_ready, "PostgreSQL")
    exists = subprocess.run(
        [
            str(PG_BIN / "psql"),
            "-h",
            HOST,
            "-p",
            str(PG_PORT),
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        run([str(PG_BIN / "createdb"), "-h", HOST, "-p", str(PG_PORT), "-U", "postgres", DATABASE])
        run(
            [
                str(PG_BIN / "psql"),
                "-q",
                "-h",
                HOST,
                "-p",
                str(PG_PORT),
                "-U",
                "postgres",
                "-d",
                DATABASE,
                "-c",
                "CREATE EXTENSION IF NOT EXISTS pg_stat_statements",
            ],
            quiet=True,
        )


def stop_postgres(mode: str = "fast") -> None:
    data = pg_data()
    if not (data / "postmaster.pid").exists():
        return
    run(
        [str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", mode, "-w", "stop"],
        user="postgres" if as_root() else None,
        check=False,
        quiet=True,
    )


# Redis ----------------------------------------------------------------------------------


def redis_ready() -> bool:
    try:
        import socket

        with socket.create_connection((HOST, REDIS_PORT), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_redis() -> None:
    if redis_ready():
        return
    folder = STATE / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    # Append-only file: queued tasks survive a Redis restart (they wait, then run).
    run(
        [
            "redis-server",
            "--bind",
            HOST,
            "--port",
            str(REDIS_PORT),
            "--daemonize",
            "yes",
            "--dir",
            str(folder),
            "--pidfile",
            str(STATE / "run" / "redis.pid"),
            "--logfile",
            str(STATE / "log" / "redis.log"),
            "--appendonly",
            "yes",
            "--save",
            "",
            "--maxmemory",
            "512mb",
            "--maxmemory-policy",
            "noeviction",
        ]
    )
    wait_for(redis_ready, "Redis")


def stop_redis() -> None:
    stop_pid("redis")


# Web nodes, workers ------------------------------------------------------------------------


def node_name(index: int) -> str:
    return f"web{index}"


def start_node(index: int, *, workers: int, threads: int) -> None:
    name = node_name(index)
    if pid_of(name):
        return
    port = NODE_PORTS[index - 1]
    run(
        [
            str(BIN / "gunicorn"),
            "tradefair.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--timeout",
            "120",
            "--graceful-timeout",
            "20",
            "--keep-alive",
            "75",
            "--daemon",
            "--pid",
            str(STATE / "run" / f"{name}.pid"),
            "--access-logfile",
            str(STATE / "log" / f"{name}-access.log"),
            "--error-logfile",
            str(STATE / "log" / f"{name}.log"),
            "--name",
            f"tradefair-{name}",
        ],
        env=django_env(),
    )
    wait_for(lambda: http_ok(f"http://{HOST}:{port}/"), name)


def stop_node(index: int) -> None:
    stop_pid(node_name(index))


def start_worker(index: int = 1, *, concurrency: int = 1) -> None:
    name = f"worker{index}"
    if pid_of(name):
        return
    run(
        [
            str(BIN / "celery"),
            "-A",
            "tradefair",
            "worker",
            "--detach",
            "--concurrency",
            str(concurrency),
            "-n",
            f"{name}@%h",
            "--loglevel",
            "INFO",
            "--pidfile",
            str(STATE / "run" / f"{name}.pid"),
            "--logfile",
            str(STATE / "log" / f"{name}.log"),
        ],
        env=django_env(),
        cwd=STATE,
    )
    wait_for(lambda: pid_of(name) is not None, name, timeout=30)


def stop_worker(index: int = 1) -> None:
    stop_pid(f"worker{index}", timeout=60)


def start_beat() -> None:
    if pid_of("beat"):
        return
    run(
        [
            str(BIN / "celery"),
            "-A",
            "tradefair",
            "beat",
            "--detach",
            "--loglevel",
            "INFO",
            "--schedule",
            str(STATE / "data" / "celerybeat-schedule"),
            "--pidfile",
            str(STATE / "run" / "beat.pid"),
            "--logfile",
            str(STATE / "log" / "beat.log"),
        ],
        env=django_env(),
        cwd=STATE,
    )


# nginx ------------------------------------------------------------------------------------


def nginx_conf(nodes: int) -> Path:
    """The deploy/nginx/tradefair.conf site, wrapped in a main configuration whose pid,
    logs and temporary files stay under .cluster/."""
    site = (ROOT / "deploy" / "nginx" / "tradefair.conf").read_text()
    servers = "\n".join(
        f"    server {HOST}:{NODE_PORTS[i]} max_fails=1 fail_timeout=5s;" for i in range(nodes)
    )
    site = (
        site.replace("    server 10.0.0.11:8000 max_fails=1 fail_timeout=5s;\n", "")
        .replace("    server 10.0.0.12:8000 max_fails=1 fail_timeout=5s;", servers)
        .replace("listen 80;", f"listen {HOST}:{LB_PORT};")
        .replace("/srv/tradefair/static/", f"{STATE / 'data' / 'static'}/")
        .replace("/srv/tradefair/errors/", f"{ROOT / 'deploy' / 'nginx' / 'errors'}/")
        .replace("server_name tradefair.example.org;", "server_name _;")
    )
    temp = STATE / "nginx"
    temp.mkdir(parents=True, exist_ok=True)
    conf = temp / "nginx.conf"
    conf.write_text(
        f"worker_processes 1;\npid {STATE / 'run' / 'nginx.pid'};\n"
        f"error_log {STATE / 'log' / 'nginx-error.log'} warn;\n"
        "events { worker_connections 4096; }\n"
        "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        f"  access_log {STATE / 'log' / 'nginx-access.log'};\n"
        f"  client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy;\n"
        f"  fastcgi_temp_path {temp}/fastcgi; uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;\n"
        "  sendfile on; keepalive_timeout 30;\n"
        f"{site}\n}}\n"
    )
    return conf


def start_nginx(nodes: int) -> None:
    conf = nginx_conf(nodes)
    if pid_of("nginx"):
        run([nginx_binary(), "-c", str(conf), "-s", "reload"], quiet=True)
        return
    run([nginx_binary(), "-t", "-q", "-c", str(conf)])
    run([nginx_binary(), "-c", str(conf)])
    wait_for(lambda: http_ok(f"http://{HOST}:{LB_PORT}/"), "nginx")


def stop_nginx() -> None:
    pid = pid_of("nginx")
    if pid:
        os.kill(pid, signal.SIGQUIT)  # graceful: requests in flight finish
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and pid_of("nginx"):
            time.sleep(0.2)
        if pid_of("nginx"):
            os.kill(pid, signal.SIGTERM)


# --- commands --------------------------------------------------------------------------


def config() -> dict:
    path = STATE / "config"
    values = {"nodes": 2, "workers": 1}
    if path.exists():
        for line in path.read_text().splitlines():
            key, _, value = line.partition("=")
            values[key] = int(value)
    return values


def up(args) -> None:
    ensure_packages()
    for folder in ("run", "log", "data"):
        (STATE / folder).mkdir(parents=True, exist_ok=True)
    (STATE / "config").write_text(f"nodes={args.nodes}\nworkers={args.workers}\n")
    start_postgres()
    start_redis()
    env = django_env()
    log("migrating and collecting static files")
    tradefair("migrate", "--noinput", "-v", "0", env=env)
    tradefair("collectstatic", "--noinput", "-v", "0", env=env)
    marker = STATE / "data" / "demo-loaded"
    small = args.small or os.environ.get("CLUSTER_DEMO") == "small"
    if not marker.exists():
        sizes = SMALL if small else {}
        log("loading the demo into PostgreSQL (first start only; the full demo takes a few minutes)")
        # The demo is built in this process (no broker: recommendations run in line).
        load_env = dict(env, TRADEFAIR_CELERY_BROKER_URL="", TRADEFAIR_DEMO_PASSWORD=demo_password())
        extra = [item for key, value in sizes.items() for item in (f"--{key}", str(value))]
        tradefair(
            "demo", "--no-serve", "--port", str(LB_PORT), *extra, env=load_env, stdout=subprocess.DEVNULL
        )
        marker.write_text("small\n" if small else "full\n")
    for index in range(1, args.workers + 1):
        start_worker(index, concurrency=args.concurrency)
    start_beat()
    for index in range(1, args.nodes + 1):
        start_node(index, workers=args.web_workers, threads=args.threads)
    start_nginx(args.nodes)
    print(
        f"\nTradefair cluster is up: http://{HOST}:{LB_PORT}/\n"
        f"  web nodes: {', '.join(f'{HOST}:{NODE_PORTS[i]}' for i in range(args.nodes))} "
        f"behind nginx; PostgreSQL {HOST}:{PG_PORT}; Redis {HOST}:{REDIS_PORT}; "
        f"{args.workers} Celery worker(s) and beat\n"
        f"  organiser login: user organiser, password {demo_password()}\n"
        f"  logs: {STATE / 'log'}   stop: make cluster-stop",
        flush=True,
    )


def demo_password() -> str:
    path = STATE / "demo-password"
    if not path.exists():
        STATE.mkdir(parents=True, exist_ok=True)
        path.write_text(os.environ.get("TRADEFAIR_DEMO_PASSWORD") or secrets.token_urlsafe(9))
        path.chmod(0o600)
    return path.read_text().strip()


def down(_args=None) -> None:
    """Front to back: no new requests, then nodes finish theirs, workers their tasks."""
    stop_nginx()
    for index in range(1, len(NODE_PORTS) + 1):
        stop_node(index)
    stop_pid("beat")
    for index in range(1, 9):
        stop_worker(index)
    stop_redis()
    stop_postgres()
    log("stopped")


def status(_args=None) -> int:
    names = ["nginx", *(node_name(i) for i in range(1, 9)), "beat", *(f"worker{i}" for i in range(1, 9))]
    for name in names:
        pid = pid_of(name)
        if pid:
            print(f"{name:10} running (pid {pid})")
    print(f"{'postgres':10} {'running' if pg_ready() else 'stopped'} ({HOST}:{PG_PORT})")
    print(f"{'redis':10} {'running' if redis_ready() else 'stopped'} ({HOST}:{REDIS_PORT})")
    up_ = http_ok(f"http://{HOST}:{LB_PORT}/")
    print(f"site       {'answers' if up_ else 'does not answer'} at http://{HOST}:{LB_PORT}/")
    return 0 if up_ else 1


def print_env(_args=None) -> None:
    env = django_env()
    for key in sorted(env):
        if key.startswith(("TRADEFAIR_", "DATABASE_URL", "DJANGO_SETTINGS")):
            print(f"export {key}={env[key]!s}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("up")
    start.add_argument("--small", action="store_true", help="a small demo (CI), not the full one")
    start.add_argument("--nodes", type=int, default=int(os.environ.get("CLUSTER_NODES", "2")))
    start.add_argument("--workers", type=int, default=int(os.environ.get("CLUSTER_WORKERS", "1")))
    start.add_argument("--concurrency", type=int, default=1, help="processes per Celery worker")
    start.add_argument("--web-workers", type=int, default=int(os.environ.get("CLUSTER_WEB_WORKERS", "2")))
    start.add_argument("--threads", type=int, default=int(os.environ.get("CLUSTER_THREADS", "4")))
    sub.add_parser("down")
    sub.add_parser("status")
    sub.add_parser("env")
    for name in ("kill-node", "start-node"):
        sub.add_parser(name).add_argument("index", type=int)
    for name in (
        "kill-worker",
        "start-worker",
        "stop-postgres",
        "start-postgres",
        "stop-redis",
        "start-redis",
    ):
        sub.add_parser(name)
    args = parser.parse_args(argv)
    cfg = config()
    if args.command == "up":
        args.nodes = min(max(1, args.nodes), len(NODE_PORTS))
        up(args)
    elif args.command == "down":
        down()
    elif args.command == "status":
        return status()
    elif args.command == "env":
        print_env()
    elif args.command == "kill-node":
        stop_pid(node_name(args.index), signal.SIGKILL, timeout=5, group=True)
    elif args.command == "start-node":
        start_node(args.index, workers=2, threads=4)
    elif args.command == "kill-worker":
        stop_pid("worker1", signal.SIGKILL, timeout=5, group=True)
    elif args.command == "start-worker":
        start_worker(1)
    elif args.command == "stop-postgres":
        stop_postgres("fast")
    elif args.command == "start-postgres":
        start_postgres()
    elif args.command == "stop-redis":
        stop_redis()
    elif args.command == "start-redis":
        start_redis()
    del cfg
    return 0


if __name__ == "__main__":
    sys.exit(main())
