"""The opening-morning load benchmark (issue #13), against the cluster on 127.0.0.1.

    make cluster
    .venv/bin/python bench/load/run.py --users 100 500 --duration 60

For each user count, Locust (bench/load/locustfile.py) runs the opening-morning mix
through nginx on :18000 for ``--duration`` seconds; with ``--baseline`` the same mix
also runs against one gunicorn node alone (no balancer: the embedded ``tradefair serve``
set-up on the same database), and ``--ceiling`` measures a trivial endpoint of the same
stack (/healthz) so that every figure is also a fraction of what this machine can do.
Prints requests a second, median, p95, p99 and failures per kind of request and writes
them to bench/results/load-<time>.md. Bounded: users, time, and 127.0.0.1 only."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))
import cluster  # noqa: E402

BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "bench" / "results"
MIX = ["Visitor", "Buyer", "Exhibitor", "GateStaff", "Organiser"]
BASELINE_PORT = 18010
MAX_USERS = 3000
MAX_SECONDS = 120


def stack_cpu_seconds(ports: list[int]) -> float:
    """CPU seconds used so far by the web nodes on ``ports`` (gunicorn masters and
    workers) and by the cluster's PostgreSQL: what a request costs whatever else the
    machine runs (this one is shared, so wall times are upper bounds)."""
    import psutil

    postmaster = cluster.pg_data() / "postmaster.pid"
    pg_pid = int(postmaster.read_text().split()[0]) if postmaster.exists() else -1
    total = 0.0
    for process in psutil.process_iter(["cmdline", "ppid", "pid"]):
        try:
            line = " ".join(process.info["cmdline"] or [])
            ours = (process.info["pid"] == pg_pid or process.info["ppid"] == pg_pid) or (
                "gunicorn" in line and any(f"127.0.0.1:{port}" in line for port in ports)
            )
            if ours:
                times = process.cpu_times()
                total += times.user + times.system
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


def locust(host: str, users: int, seconds: int, classes: list[str], label: str) -> dict:
    if not host.startswith("http://127.0.0.1:"):
        sys.exit("load goes to 127.0.0.1 only")
    prefix = RESULTS / ("locust-" + "".join(c if c.isalnum() else "-" for c in label))
    spawn = max(10, users // 10)
    cmd = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "load" / "locustfile.py"),
        "--headless",
        "-u",
        str(users),
        "-r",
        str(spawn),
        "-t",
        f"{seconds}s",
        "--stop-timeout",
        "5",
        "-H",
        host,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    env = dict(os.environ, LOAD_FIXTURE=str(RESULTS / "load-fixture.json"))
    port = int(host.rsplit(":", 1)[1])
    ports = cluster.NODE_PORTS if port == cluster.LB_PORT else [port]
    cpu_before = stack_cpu_seconds(ports)
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 90, check=False)
    refused = next((line for line in done.stdout.splitlines() if line.startswith("refused")), "refused: ?")
    with open(f"{prefix}_stats.csv") as stats:
        rows = list(csv.DictReader(stats))
    cpu = stack_cpu_seconds(ports) - cpu_before
    total = next((int(r["Request Count"]) for r in rows if r["Name"] == "Aggregated"), 0)
    cpu_note = f"{cpu:.0f} CPU s (web + PostgreSQL), {1000 * cpu / max(total, 1):.0f} CPU ms a request"
    return {
        "label": label,
        "users": users,
        "seconds": seconds,
        "rows": rows,
        "refused": f"{refused}; {cpu_note}",
    }


def table(result: dict) -> str:
    lines = [
        f"#### {result['label']}: {result['users']} users, {result['seconds']} s ({result['refused']})",
        "",
        "| request | count | req/s | median ms | p95 ms | p99 ms | failures |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in sorted(result["rows"], key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {float(row['Requests/s']):.1f} | "
            f"{row['50%']} | {row['95%']} | {row['99%']} | {row['Failure Count']} |"
        )
    return "\n".join(lines)


def start_baseline() -> subprocess.Popen:
    env = cluster.django_env()
    env["TRADEFAIR_SITE_URL"] = f"http://127.0.0.1:{BASELINE_PORT}"
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "tradefair.wsgi:application",
            "--bind",
            f"127.0.0.1:{BASELINE_PORT}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--worker-class",
            "gthread",
            "--timeout",
            "120",
            "--error-logfile",
            str(cluster.STATE / "log" / "baseline.log"),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{BASELINE_PORT}/healthz", timeout=2)  # noqa: S310
            return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    sys.exit("the baseline node did not start")


def from_csv(label: str, users: int, seconds: int) -> dict:
    prefix = RESULTS / ("locust-" + "".join(c if c.isalnum() else "-" for c in label))
    with open(f"{prefix}_stats.csv") as stats:
        return {
            "label": label,
            "users": users,
            "seconds": seconds,
            "rows": list(csv.DictReader(stats)),
            "refused": "refused: see run",
        }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--baseline", action="store_true", help="the same mix against one node alone")
    parser.add_argument("--ceiling", type=int, default=20, help="seconds of /healthz alone (0: skip)")
    args = parser.parse_args()
    if any(u > MAX_USERS for u in args.users) or args.duration > MAX_SECONDS:
        sys.exit(f"bounded: at most {MAX_USERS} users and {MAX_SECONDS} s a run")
    if not cluster.http_ok(f"http://127.0.0.1:{cluster.LB_PORT}/healthz"):
        sys.exit("the cluster does not answer on 127.0.0.1:18000: make cluster first")
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = dict(cluster.django_env(), TRADEFAIR_DEMO_PASSWORD=cluster.demo_password())
    subprocess.run(
        [str(BIN / "python"), str(ROOT / "bench/load/prepare.py"), str(RESULTS / "load-fixture.json")],
        env=env,
        check=True,
    )
    results = []
    lb = f"http://127.0.0.1:{cluster.LB_PORT}"
    if args.ceiling:
        results.append(locust(lb, 50, args.ceiling, ["Ceiling"], "ceiling (/healthz through nginx)"))
    for users in args.users:
        results.append(locust(lb, users, args.duration, MIX, f"cluster (nginx, 2 nodes) {users}"))
        print(table(results[-1]), flush=True)
    if args.baseline:
        node = start_baseline()
        try:
            for users in args.users:
                results.append(
                    locust(
                        f"http://127.0.0.1:{BASELINE_PORT}", users, args.duration, MIX, f"one node {users}"
                    )
                )
                print(table(results[-1]), flush=True)
        finally:
            node.terminate()
            try:
                node.wait(timeout=60)
            except subprocess.TimeoutExpired:
                node.kill()
                node.wait(timeout=10)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M")
    out = RESULTS / f"load-{stamp}.md"
    out.write_text("\n\n".join(table(r) for r in results) + "\n")
    print(f"\n{table(results[0])}\n\nwritten: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
