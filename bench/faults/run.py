"""Faults under load, against the cluster (issue #13): prints a table of fault, what
users saw, what was lost, and how long until the site served normally again.

    make cluster
    .venv/bin/python bench/faults/run.py [--users 16] [--quiet-seconds 10]

Light load from threads in this process (pages, catalog search, check-in scans through
nginx on 127.0.0.1:18000; every scan is re-sent with its nonce until the platform answers,
as the scanner page does), while each fault is injected:

1. kill -9 one web node (its whole process group), then start it again;
2. kill -9 the Celery worker while it holds a round, then start a new worker;
3. stop PostgreSQL for ``--outage`` seconds, then start it;
4. stop Redis for ``--outage`` seconds, then start it;
5. queue 1,000 export jobs (with the worker stopped: they wait) and time pages meanwhile.

Afterwards every scan's nonce is looked up in the database: stored exactly once, or lost.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import random
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.cluster import support  # noqa: E402

PAST = "cnea-2019"


class Load:
    """Threads that behave like visitors and gate scanners, recording every answer."""

    def __init__(self, users: int, token: str, badges: list[str]):
        self.users, self.token = users, token
        self.badges = itertools.cycle(badges)
        self.lock = threading.Lock()
        self.events: list[tuple[float, str, int, float]] = []
        self.scans: dict[str, str] = {}  # nonce -> final answer
        self.stop = threading.Event()
        self.gate = f"faults-{uuid.uuid4().hex[:8]}"
        self.threads = [threading.Thread(target=self.user, args=(i,), daemon=True) for i in range(users)]

    def record(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.events.append((time.monotonic(), kind, status, seconds))

    def user(self, index: int) -> None:
        scanner = index % 4 == 0
        while not self.stop.is_set():
            if scanner:
                self.scan()
            else:
                path = random.choice(
                    [
                        f"/expos/{PAST}/",
                        f"/expos/{PAST}/search/?q=tea",
                        f"/api/v1/expos/{PAST}/search?q=%E6%9C%BA%E6%A2%B0",
                    ]
                )
                started = time.monotonic()
                status = support.get(path, timeout=20)[0]
                self.record("page", status, time.monotonic() - started)
            time.sleep(random.uniform(0.2, 0.6))

    def scan(self) -> None:
        with self.lock:
            badge = next(self.badges)
        nonce = uuid.uuid4().hex
        # A gate of this run and a time of its own: not "the same badge a moment ago" of an earlier run.
        moment = f"2019-08-25T{random.randint(1, 8):02d}:{random.randint(0, 59):02d}:{random.randint(0, 59):02d}+00:00"
        payload = {"token": badge, "nonce": nonce, "gate": self.gate, "scanned_at": moment}
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not self.stop.is_set():
            started = time.monotonic()
            status = support.post_json(
                f"/api/v1/expos/{PAST}/check-ins", payload, token=self.token, timeout=20
            )[0]
            self.record("scan", status, time.monotonic() - started)
            if status in (200, 201, 400):
                with self.lock:
                    # 201 stored under this nonce; 200 the same entry already counted
                    # (under the nonce of an earlier scan); 400 refused (anti-passback).
                    self.scans[nonce] = {201: "stored", 200: "already counted"}.get(status, "refused")
                return
            time.sleep(1)  # the scanner page keeps the scan and sends it again
        with self.lock:
            self.scans.setdefault(nonce, "unsent")

    def start(self):
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def window(self, start: float, end: float) -> collections.Counter:
        with self.lock:
            return collections.Counter(
                ("ok" if s < 400 else "4xx" if s < 500 else str(s) if s else "no connection")
                for t, _k, s, _d in self.events
                if start <= t < end
            )


def recovered(seconds: float) -> float | None:
    """Seconds until a page and /healthz answer 200 twice in a row."""
    return support.wait_until(
        lambda: support.healthy() and support.get(f"/expos/{PAST}/")[0] == 200, seconds, step=0.2
    )


def describe(counts: collections.Counter) -> str:
    return ", ".join(f"{n} {k}" for k, n in counts.most_common()) or "no requests"


def fault_node(load, outage):
    start = time.monotonic()
    support.command("kill-node", "1")
    time.sleep(outage)
    end = time.monotonic()
    support.command("start-node", "1")
    return start, end, recovered(30)


def fault_postgres(load, outage):
    start = time.monotonic()
    support.command("stop-postgres")
    time.sleep(outage)
    end = time.monotonic()
    support.command("start-postgres")
    return start, end, recovered(60)


def fault_redis(load, outage):
    start = time.monotonic()
    support.command("stop-redis")
    time.sleep(outage)
    end = time.monotonic()
    support.command("start-redis")
    return start, end, recovered(30)


def fault_worker(load, outage):
    """Kill the worker while it runs a round of the current edition; time the re-run."""
    round_id = support.django(
        "from tradefair.demo.generator import current_edition\n"
        "from tradefair.matchmaking.domain.rounds import create_round, start_run\n"
        "from tradefair.common.permissions import OPERATOR\n"
        "from tradefair.matchmaking.background import launch_round\n"
        "expo = current_edition()\n"
        "r = create_round(expo, by=OPERATOR, name='faults: worker killed', days=[str(expo.starts)], time_limit=20)\n"
        "start_run(r)\n"
        "launch_round(r.pk)\n"
        "result = r.pk\n"
    )
    progress = f"from tradefair.matchmaking.models import Round\nr = Round.objects.get(pk={round_id})\nresult = [r.status, len(r.progress)]\n"
    support.wait_until(lambda: support.django(progress)[1] > 0, 120, step=0.5)  # the run is under way
    at_kill = support.django(progress)[0]
    start = time.monotonic()
    support.command("kill-worker")
    end = time.monotonic()
    support.command("start-worker")
    done = support.wait_until(lambda: support.django(progress)[0] == "scheduled", 400, step=5)
    twice = support.django(
        "from django.db.models import Count\nfrom tradefair.matchmaking.models import Meeting\n"
        f"m = Meeting.objects.filter(round_id={round_id})\n"
        "result = [m.count(), m.values('requester', 'counterpart').annotate(n=Count('id')).filter(n__gt=1).count()]\n"
    )
    return start, end, done, twice, at_kill


def fault_exports(load, count=1000):
    """1,000 export jobs queued at once with the worker stopped, so that they all wait in
    Redis while the site is timed; then the queue and the jobs are removed again."""
    support.command("kill-worker")
    start = time.monotonic()
    support.django(
        "from django.contrib.auth import get_user_model\n"
        "from tradefair.expos.models import Expo\n"
        "from tradefair.reports.domain.exports import request_export\n"
        "expo = Expo.objects.get(slug='cnea-2019')\n"
        "user = get_user_model().objects.get(username='organiser')\n"
        f"result = [request_export(expo, dataset='meetings', file_format='csv', by=user).pk for _ in range({count})][-1]\n"
    )
    time.sleep(20)
    end = time.monotonic()
    import redis

    queued = redis.Redis(host="127.0.0.1", port=support.cluster.REDIS_PORT, db=0).llen("tradefair")
    redis.Redis(host="127.0.0.1", port=support.cluster.REDIS_PORT, db=0).delete("tradefair")
    support.django(
        "from tradefair.reports.models import ExportJob, ExportStatus\n"
        "result = ExportJob.objects.filter(status=ExportStatus.QUEUED).delete()[0]\n"
    )
    support.command("start-worker")
    return start, end, queued


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--outage", type=float, default=30)
    parser.add_argument("--quiet-seconds", type=float, default=10)
    parser.add_argument("--only", nargs="*", default=["node", "worker", "postgres", "redis"])
    args = parser.parse_args()
    if not support.healthy():
        sys.exit("the cluster does not answer on 127.0.0.1:18000: make cluster first")
    token = support.gate_token()
    badges = support.django(
        "from tradefair.onsite.domain.tokens import badge_token\nfrom tradefair.onsite.models import Badge\n"
        f"result = [badge_token(pk) for pk in Badge.objects.filter(participant__expo__slug='{PAST}')"
        ".order_by('-id').values_list('pk', flat=True)[:5000]]\n"
    )
    load = Load(args.users, token, badges)
    load.start()
    rows = []
    time.sleep(args.quiet_seconds)
    before = load.window(0, time.monotonic())
    rows.append(("none (load alone)", describe(before), "", ""))
    for name in args.only:
        time.sleep(args.quiet_seconds)
        if name == "worker":
            start, end, done, (meetings, twice), at_kill = fault_worker(load, args.outage)
            seen = load.window(start, time.monotonic())
            rows.append(
                (
                    "kill -9 the Celery worker mid-round, start another",
                    describe(seen),
                    f"round {at_kill} when killed; then {'scheduled' if done is not None else 'NOT finished'}, "
                    f"{meetings} meetings, {twice} pairs twice",
                    f"{done:.0f} s to scheduled" if done is not None else "-",
                )
            )
            continue
        if name == "exports":
            start, end, queued = fault_exports(load)
            seen = load.window(start, end)
            pages = [d for t, k, st, d in load.events if start <= t < end and k == "page" and st == 200]
            p95 = sorted(pages)[int(0.95 * (len(pages) - 1))] if pages else float("nan")
            rows.append(
                (
                    f"1,000 export jobs queued ({queued} waiting in Redis)",
                    describe(seen) + f"; page p95 {p95 * 1000:.0f} ms",
                    "",
                    "",
                )
            )
            continue
        runner = {"node": fault_node, "postgres": fault_postgres, "redis": fault_redis}[name]
        start, end, back = runner(load, args.outage if name != "node" else 10)
        seen = load.window(start, end + (back or 0))
        label = {
            "node": "kill -9 web node 1 (10 s), start it",
            "postgres": f"stop PostgreSQL {args.outage:.0f} s, start it",
            "redis": f"stop Redis {args.outage:.0f} s, start it",
        }[name]
        rows.append(
            (label, describe(seen), "", f"{back:.1f} s after restart" if back is not None else "NOT back")
        )
    time.sleep(args.quiet_seconds)
    load.finish()
    nonces = list(load.scans)
    stored = support.django(
        "from django.db.models import Count\nfrom tradefair.onsite.models import CheckIn\n"
        f"nonces = {nonces!r}\n"
        "rows = CheckIn.objects.filter(nonce__in=nonces).values('nonce').annotate(n=Count('id'))\n"
        "result = {r['nonce']: r['n'] for r in rows}\n"
    )
    answered = collections.Counter(load.scans.values())
    lost = sum(1 for nonce, state in load.scans.items() if state == "stored" and stored.get(nonce, 0) != 1)
    twice = sum(1 for n in stored.values() if n > 1)
    print(
        "\n| fault | what users saw (answers during the fault and until recovery) | lost | back to normal |"
    )
    print("| --- | --- | --- | --- |")
    for fault, seen, lost_note, back in rows:
        print(f"| {fault} | {seen} | {lost_note} | {back} |")
    print(
        f"\nscans: {len(nonces)} sent ({describe(answered)}); acknowledged but not stored: {lost}; "
        f"stored twice: {twice}; never answered: {answered.get('unsent', 0)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
