"""The opening-morning load benchmark (issue #13), against the cluster on 127.0.0.1.

    make cluster
    .venv/bin/python bench/load/run.py --users 100 500 --duration 60
    .venv/bin/python bench/load/run.py --scenario gate --users 50 --duration 600
    .venv/bin/python bench/load/run.py --scenario burst --users 500 --duration 90
    .venv/bin/python bench/load/run.py --users 300 --duration 180 --round
    .venv/bin/python bench/load/run.py --users 50 --duration 60 --check --kill-worker-at 20   # CI

Scenarios (``--scenario``), each run by Locust (bench/load/locustfile.py) through nginx
on :18000 for ``--duration`` seconds:

- ``mix``: the opening-morning mix (visitors, buyers, exhibitors, gate staff, organisers);
- ``gate``: gate staff only, one scan a second per scanner (``--users 50``: 50 a second);
- ``burst``: every user a different buyer of the current edition sending three requests at
  once (one of them twice), all of them spawned within the first minute.

After each run the database is counted: every scan answered "stored" is stored exactly
once under its nonce and none is lost; for the burst, no buyer holds more open requests
than the organisers' limit, no pair has two open requests, no request was refused by a
rate limit. ``--round`` runs a full matchmaking round of the current edition on the
Celery worker during the load and checks afterwards that its meetings are on the
participants' agendas (through the agenda API). ``--kill-worker-at S`` kills the worker
S seconds in and starts it again 10 s later. ``--profile`` records web node 1 with py-spy
during the run (bench/results/profile-*.txt: the functions where its time went).

In the same run, ``--ceiling`` measures a trivial endpoint of the same stack (/healthz)
so that every figure is also a fraction of what this machine can do, and ``--baseline``
runs the same mix against one gunicorn node alone. ``--check`` exits non-zero on any
server error, failed connection, lost or doubled scan (the CI's bounded minute of load).
Prints requests a second, median, p95, p99 and failures per kind of request and writes
them to bench/results/load-<time>.md. Bounded: users, time, and 127.0.0.1 only."""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))
import cluster  # noqa: E402

BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "bench" / "results"
SCENARIOS = {
    "mix": ["Visitor", "Buyer", "Exhibitor", "GateStaff", "Organiser"],
    "gate": ["GateRate"],
    "burst": ["BurstBuyer"],
}
BASELINE_PORT = 18010
MAX_USERS = 3000
MAX_SECONDS = 660


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


def load_average() -> str:
    return "load average " + ", ".join(f"{value:.1f}" for value in os.getloadavg())


def django(code: str, timeout: float = 600):
    """Run ``code`` with Django set up against the cluster's database; it sets ``result``."""
    script = (
        "import json, django\ndjango.setup()\nresult = None\n"
        + code
        + "\nprint('RESULT=' + json.dumps(result, default=str))\n"
    )
    done = subprocess.run(
        [str(BIN / "python"), "-c", script],
        env=cluster.django_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT="))
    return json.loads(line[len("RESULT=") :])


class Profile:
    """py-spy on web node 1 (its gunicorn master and workers) for the run's length."""

    def __init__(self, seconds: int, label: str):
        self.out = RESULTS / f"profile-{slug(label)}.raw"
        pid = cluster.pid_of(cluster.node_name(1))
        self.process = subprocess.Popen(
            [
                str(BIN / "py-spy"),
                "record",
                "-p",
                str(pid),
                "--subprocesses",
                "--nonblocking",
                "-r",
                "40",
                "-d",
                str(max(5, seconds - 5)),
                "-f",
                "raw",
                "-o",
                str(self.out),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def summary(self, top: int = 25) -> str:
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            self.process.wait(timeout=10)
        if not self.out.exists():
            return "(no profile)"
        return summarise_profile(self.out, top)


def summarise_profile(path: Path, top: int = 25) -> str:
    """Where web node 1's samples went: per request view, and per function of ours or
    of Django (inclusive), as fractions of the samples taken while serving requests."""
    inclusive: collections.Counter = collections.Counter()
    views: collections.Counter = collections.Counter()
    busy = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = stack.split(";")
        if not any("handle_request" in frame or "get_response" in frame for frame in frames):
            continue  # idle threads waiting for a connection
        n = int(count)
        busy += n
        seen = set()
        view = None
        for frame in frames:
            name = frame.split(" (")[0]
            where = frame.partition("(")[2]
            if "tradefair" in where or "django" in where or "ninja" in where or "psycopg" in where:
                key = f"{name} ({where.split('/site-packages/')[-1].split('/src/')[-1].rstrip(')')})"
                key = key.rsplit(":", 1)[0] + ")"
                if key not in seen:
                    seen.add(key)
                    inclusive[key] += n
            if view is None and "tradefair" in where and ("views.py" in where or "api.py" in where):
                view = f"{name} ({where.split('/src/')[-1].rsplit(':', 1)[0]})"
        views[view or "(other)"] += n
    if not busy:
        return "(no samples in requests)"
    lines = ["| view | share of busy samples |", "| --- | ---: |"]
    lines += [f"| {name} | {n / busy:.1%} |" for name, n in views.most_common(15)]
    lines += ["", "| function (inclusive) | share |", "| --- | ---: |"]
    lines += [f"| {name} | {n / busy:.1%} |" for name, n in inclusive.most_common(top)]
    return "\n".join(lines)


def slug(label: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in label)


def locust(
    host: str,
    users: int,
    seconds: int,
    classes: list[str],
    label: str,
    *,
    spawn: float | None = None,
    during=None,
) -> dict:
    if not host.startswith("http://127.0.0.1:"):
        sys.exit("load goes to 127.0.0.1 only")
    prefix = RESULTS / ("locust-" + slug(label))
    outcomes = RESULTS / f"outcomes-{slug(label)}.json"
    outcomes.unlink(missing_ok=True)
    cmd = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "load" / "locustfile.py"),
        "--headless",
        "-u",
        str(users),
        "-r",
        str(spawn or max(10, users // 10)),
        "-t",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "-H",
        host,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    run_id = uuid.uuid4().hex[:8]
    env = dict(
        os.environ,
        LOAD_FIXTURE=str(RESULTS / "load-fixture.json"),
        LOAD_RUN=run_id,
        LOAD_OUTCOMES=str(outcomes),
    )
    port = int(host.rsplit(":", 1)[1])
    ports = cluster.NODE_PORTS if port == cluster.LB_PORT else [port]
    cpu_before = stack_cpu_seconds(ports)
    load_before = load_average()
    started = time.monotonic()
    side = threading.Thread(target=during, daemon=True) if during else None
    if side:
        side.start()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 120, check=False)
    wall = time.monotonic() - started
    refused = next((line for line in done.stdout.splitlines() if line.startswith("refused")), "refused: ?")
    with open(f"{prefix}_stats.csv") as stats:
        rows = list(csv.DictReader(stats))
    cpu = stack_cpu_seconds(ports) - cpu_before
    total = next((int(r["Request Count"]) for r in rows if r["Name"] == "Aggregated"), 0)
    cpu_note = f"{cpu:.0f} CPU s (web + PostgreSQL), {1000 * cpu / max(total, 1):.0f} CPU ms a request"
    if side:
        side.join(timeout=60)
    return {
        "label": label,
        "users": users,
        "seconds": seconds,
        "wall": wall,
        "rows": rows,
        "refused": f"{refused}; {cpu_note}; {load_before} before, {load_average()} after",
        "outcomes": json.loads(outcomes.read_text()) if outcomes.exists() else None,
        "cpu_ms": 1000 * cpu / max(total, 1),
    }


def table(result: dict, ceiling: float | None = None) -> str:
    lines = [
        f"#### {result['label']}: {result['users']} users, {result['seconds']} s ({result['refused']})",
        "",
        "| request | count | req/s | median ms | p95 ms | p99 ms | failures |"
        + (" median / ceiling's |" if ceiling else ""),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |" + (" ---: |" if ceiling else ""),
    ]
    for row in sorted(result["rows"], key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        ratio = f" {float(row['50%']) / ceiling:.1f} |" if ceiling and row["50%"] not in ("", "N/A") else ""
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {float(row['Requests/s']):.1f} | "
            f"{row['50%']} | {row['95%']} | {row['99%']} | {row['Failure Count']} |" + ratio
        )
    for note in result.get("notes", []):
        lines += ["", note]
    return "\n".join(lines)


def failures(result: dict) -> int:
    return sum(int(r["Failure Count"]) for r in result["rows"] if r["Name"] != "Aggregated")


def ceiling_median(result: dict) -> float | None:
    row = next((r for r in result["rows"] if r["Name"] == "Aggregated"), None)
    try:
        return float(row["50%"]) if row else None
    except ValueError:
        return None


def check_scans(result: dict) -> list[str]:
    """Every scan answered "stored" (201, or accepted in a batch) is in the database
    exactly once under its nonce; returns the problems found (empty: none)."""
    outcomes = result.get("outcomes")
    if not outcomes or not any(outcomes["scans"].values()):
        return []
    new = outcomes["scans"].get("new", [])
    counted = django(
        "from django.db.models import Count\n"
        "from tradefair.onsite.models import CheckIn\n"
        f"rows = CheckIn.objects.filter(nonce__startswith={outcomes['run'] + '-'!r})\n"
        "per = rows.values('nonce').annotate(n=Count('id'))\n"
        "result = {'rows': rows.count(), 'twice': per.filter(n__gt=1).count(),\n"
        "          'nonces': list(rows.values_list('nonce', flat=True))}\n"
    )
    stored = set(counted["nonces"])
    lost = [nonce for nonce in new if nonce not in stored]
    failed = outcomes["scans"].get("failed", [])
    unanswered_stored = sum(1 for nonce in failed if nonce in stored)
    expected = len(set(new))
    result.setdefault("notes", []).append(
        f"Scans: {sum(len(v) for v in outcomes['scans'].values())} sent "
        f"({sum(len(v) for v in outcomes['scans'].values()) / result['seconds']:.1f} a second), "
        f"{len(new)} answered stored, "
        f"{len(outcomes['scans'].get('duplicate', []))} answered already counted, "
        f"{len(outcomes['scans'].get('refused', []))} refused with a reason, {len(failed)} failed "
        f"({unanswered_stored} of them stored all the same). In the database: {counted['rows']} rows "
        f"for this run's nonces, {counted['twice']} nonce(s) stored twice, {len(lost)} answered scan(s) lost."
    )
    problems = []
    if lost:
        problems.append(f"{len(lost)} scans answered as stored are not in the database")
    if counted["twice"]:
        problems.append(f"{counted['twice']} nonces stored more than once")
    if counted["rows"] != expected + unanswered_stored:
        problems.append(f"{counted['rows']} rows for {expected} stored scans")
    return problems


def check_burst(result: dict, started: str) -> list[str]:
    """No buyer past the organisers' limit of open requests, no pair with two open
    requests, no rate limit hit, and every 201 stored once."""
    outcomes = result.get("outcomes") or {"requests": {}}
    attempts = len(outcomes.get("attempts", []))
    answers = {key: len(value) for key, value in outcomes["requests"].items()}
    created = answers.get("201", 0)
    # Requests still in flight when Locust stopped have no answer, and may be stored.
    unanswered = max(0, attempts - sum(answers.values()))
    senders = sorted({pair[0] for pair in outcomes.get("attempts", [])})
    counted = django(
        "from django.db.models import Count, Q\n"
        "from tradefair.demo.generator import current_edition\n"
        "from tradefair.matchmaking.domain.profiles import matchmaking_settings\n"
        "from tradefair.matchmaking.models import MeetingRequest\n"
        "from tradefair.matchmaking.models.requests import OPEN_STATUSES\n"
        "expo = current_edition()\n"
        f"senders = {senders!r}\n"
        "limit = matchmaking_settings(expo).max_pending_requests\n"
        f"new = MeetingRequest.objects.filter(expo=expo, sender_id__in=senders, created_at__gte={started!r})\n"
        "open_ = MeetingRequest.objects.filter(expo=expo, status__in=OPEN_STATUSES)\n"
        "held = open_.filter(sender_id__in=senders).values('sender').annotate(n=Count('id'))\n"
        "pairs = {}\n"
        "for s, r in open_.filter(Q(sender_id__in=senders) | Q(recipient_id__in=senders)).values_list('sender_id', 'recipient_id'):\n"
        "    key = tuple(sorted((s, r)))\n"
        "    pairs[key] = pairs.get(key, 0) + 1\n"
        "result = {'limit': limit, 'new': new.count(), 'senders': len(senders),\n"
        "          'over_limit': held.filter(n__gt=limit).count(),\n"
        "          'most_held': max([row['n'] for row in held] or [0]),\n"
        "          'pairs_twice': sum(1 for n in pairs.values() if n > 1)}\n"
    )
    limited = sum(n for key, n in answers.items() if key.startswith("429"))
    result.setdefault("notes", []).append(
        f"Burst: {counted['senders']} buyers sent {attempts} requests; answers "
        f"{dict(sorted(answers.items()))}, {unanswered} unanswered when the run stopped. In the database: "
        f"{counted['new']} requests stored by them during the run, {counted['over_limit']} buyer(s) "
        f"past the limit of {counted['limit']} open requests (most held: {counted['most_held']}), "
        f"{counted['pairs_twice']} pair(s) with two open requests, {limited} answer(s) 429."
    )
    problems = []
    if not created <= counted["new"] <= created + unanswered:
        problems.append(
            f"{counted['new']} requests stored for {created} answered 201 ({unanswered} unanswered)"
        )
    if counted["over_limit"]:
        problems.append(f"{counted['over_limit']} buyers past the request limit")
    if counted["pairs_twice"]:
        problems.append(f"{counted['pairs_twice']} pairs with two open requests")
    if limited:
        problems.append(f"{limited} requests refused by a rate limit")
    return problems


class RoundDuringLoad:
    """A full round of the current edition, queued on the worker as the load starts."""

    def __init__(self):
        self.round_id = django(
            "from tradefair.demo.generator import current_edition\n"
            "from tradefair.matchmaking.domain.rounds import create_round, start_run\n"
            "from tradefair.matchmaking.background import launch_round\n"
            "expo = current_edition()\n"
            "import datetime as dt\n"
            "days = [str(expo.starts + dt.timedelta(days=i)) for i in range((expo.ends - expo.starts).days + 1)]\n"
            "r = create_round(expo, name='load: opening-day round', days=days, time_limit=60)\n"
            "start_run(r)\n"
            "launch_round(r.pk)\n"
            "result = r.pk\n"
        )
        self.started = time.monotonic()
        self.finished_after: float | None = None

    def wait(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = django(
                f"from tradefair.matchmaking.models import Round\nresult = Round.objects.get(pk={self.round_id}).status\n"
            )
            if status in ("scheduled", "published", "failed", "draft"):
                self.finished_after = time.monotonic() - self.started
                return status
            time.sleep(5)
        return "still running"

    def check(self) -> dict:
        """Meetings stored once, and on the agendas of the participants through the API."""
        return django(
            "from django.db.models import Count\n"
            "from django.test import Client\n"
            "from tradefair.common.models import ApiToken\n"
            "from tradefair.common.models.tokens import token_digest\n"
            "from tradefair.matchmaking.models import Meeting, Round\n"
            "import secrets, random\n"
            f"r = Round.objects.get(pk={self.round_id})\n"
            "m = Meeting.objects.filter(round=r).select_related('requester__user', 'counterpart__user')\n"
            "pairs = m.values('requester', 'counterpart').annotate(n=Count('id')).filter(n__gt=1).count()\n"
            "sample = random.Random(1).sample(list(m), min(20, m.count()))\n"
            "seen = 0\n"
            "for meeting in sample:\n"
            "    person = meeting.requester\n"
            "    key = 'tf_' + secrets.token_urlsafe(30)\n"
            "    ApiToken.objects.create(user=person.user, name='load-benchmark', digest=token_digest(key), prefix=key[:8])\n"
            "    answer = Client().get(f'/api/v1/expos/{r.expo.slug}/matchmaking/agenda', HTTP_AUTHORIZATION=f'Bearer {key}',\n"
            "                          SERVER_NAME='127.0.0.1')\n"
            "    ids = {item.get('id') for item in answer.json()} if answer.status_code == 200 else set()\n"
            "    seen += meeting.pk in ids\n"
            "result = {'status': r.status, 'meetings': m.count(), 'pairs_twice': pairs,\n"
            "          'sampled': len(sample), 'on_agenda': seen}\n"
        )


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


def kill_worker_later(at: float):
    def act():
        time.sleep(at)
        subprocess.run([str(BIN / "python"), str(ROOT / "deploy/cluster.py"), "kill-worker"], check=False)
        print(f"worker killed {at:.0f} s into the run", flush=True)
        time.sleep(10)
        subprocess.run([str(BIN / "python"), str(ROOT / "deploy/cluster.py"), "start-worker"], check=False)
        print("worker started again", flush=True)

    return act


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="mix")
    parser.add_argument("--users", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--spawn-rate", type=float, default=None, help="users started a second")
    parser.add_argument("--baseline", action="store_true", help="the same mix against one node alone")
    parser.add_argument("--ceiling", type=int, default=20, help="seconds of /healthz alone (0: skip)")
    parser.add_argument("--round", action="store_true", help="a full round on the worker during the load")
    parser.add_argument("--kill-worker-at", type=float, default=None, help="seconds into the first run")
    parser.add_argument("--profile", action="store_true", help="py-spy on web node 1 during each run")
    parser.add_argument("--check", action="store_true", help="exit 1 on any 5xx, failure or lost scan")
    args = parser.parse_args()
    if any(u > MAX_USERS for u in args.users) or args.duration > MAX_SECONDS:
        sys.exit(f"bounded: at most {MAX_USERS} users and {MAX_SECONDS} s a run")
    deadline = time.monotonic() + 90  # a run just before may still be draining its queue
    while not cluster.http_ok(f"http://127.0.0.1:{cluster.LB_PORT}/healthz"):
        if time.monotonic() > deadline:
            sys.exit("the cluster does not answer on 127.0.0.1:18000: make cluster first")
        time.sleep(3)
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = dict(cluster.django_env(), TRADEFAIR_DEMO_PASSWORD=cluster.demo_password())
    subprocess.run(
        [str(BIN / "python"), str(ROOT / "bench/load/prepare.py"), str(RESULTS / "load-fixture.json")],
        env=env,
        check=True,
    )
    results = []
    problems: list[str] = []
    lb = f"http://127.0.0.1:{cluster.LB_PORT}"
    ceiling = None
    if args.ceiling:
        results.append(locust(lb, 50, args.ceiling, ["Ceiling"], "ceiling (/healthz through nginx)"))
        ceiling = ceiling_median(results[-1])
        print(table(results[-1]), flush=True)
    classes = SCENARIOS[args.scenario]
    for index, users in enumerate(args.users):
        label = f"{args.scenario} through nginx, 2 nodes, {users} users"
        spawn = args.spawn_rate or (users / 50 if args.scenario == "burst" else None)
        during = kill_worker_later(args.kill_worker_at) if args.kill_worker_at and index == 0 else None
        round_ = RoundDuringLoad() if args.round and index == 0 else None
        profile = Profile(args.duration, label) if args.profile else None
        started = dt.datetime.now(dt.UTC).isoformat()
        result = locust(lb, users, args.duration, classes, label, spawn=spawn, during=during)
        if profile:
            result.setdefault("notes", []).append("Profile of web node 1 (py-spy):\n\n" + profile.summary())
        problems += check_scans(result)
        if args.scenario == "burst":
            problems += check_burst(result, started)
        if round_:
            status = round_.wait(900)
            found = round_.check()
            result.setdefault("notes", []).append(
                f"Round {round_.round_id} (full round of the current edition, on the worker): {status} "
                f"{round_.finished_after or 0:.0f} s after it was queued; {found['meetings']} meetings, "
                f"{found['pairs_twice']} pair(s) stored twice; {found['on_agenda']} of {found['sampled']} "
                "sampled meetings on the requester's agenda (API)."
            )
            if status not in ("scheduled", "published") or found["on_agenda"] != found["sampled"]:
                problems.append(
                    f"the round ended {status}, {found['on_agenda']}/{found['sampled']} on agendas"
                )
        if failures(result):
            problems.append(f"{failures(result)} failed requests (5xx or no answer) in {label}")
        results.append(result)
        print(table(result, ceiling), flush=True)
    if args.baseline:
        node = start_baseline()
        try:
            for users in args.users:
                results.append(
                    locust(
                        f"http://127.0.0.1:{BASELINE_PORT}",
                        users,
                        args.duration,
                        classes,
                        f"one node {users}",
                    )
                )
                print(table(results[-1], ceiling), flush=True)
        finally:
            node.terminate()
            try:
                node.wait(timeout=60)
            except subprocess.TimeoutExpired:
                node.kill()
                node.wait(timeout=10)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    out = RESULTS / f"load-{args.scenario}-{stamp}.md"
    out.write_text("\n\n".join(table(r, ceiling) for r in results) + "\n")
    print(f"\nwritten: {out}")
    if problems:
        print("PROBLEMS:\n- " + "\n- ".join(problems), flush=True)
    if args.check and problems:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
