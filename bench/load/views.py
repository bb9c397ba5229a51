"""What one request of each kind costs, before and after a change, measured in the same run.

    make cluster
    .venv/bin/python bench/load/views.py --base 4d8e337 --rounds 8

On a shared machine wall times under load say little; this runs each kind of request of
the opening-day mix one at a time, in-process (Django's test client, the cluster's
PostgreSQL and Redis), for two source trees in turn (the working tree and ``--base``,
a commit unpacked to a temporary folder), alternating them ``--alternations`` times so
that both meet the same machine. For each kind it prints the median wall time, the
median CPU time of the Python process, the number of queries, and the ratio to /healthz
measured in the same process, for both trees, and new/base. Writes go to the cluster's
database (check-ins under fresh nonces, at a gate of their own)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))
import cluster  # noqa: E402

FIXTURE = ROOT / "bench" / "results" / "load-fixture.json"


def child(rounds: int, offset: int) -> None:
    import datetime as dt
    import uuid

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    fixture = json.loads(FIXTURE.read_text())
    past, current = fixture["past"], fixture["current"]
    buyer = fixture["buyers"][0]["token"]
    gate = fixture["organiser"]
    per = (rounds + 1) * 21  # badges this child scans, none shared with another child
    start = len(fixture["badges"]) - (offset + 1) * per
    badges = fixture["badges"][start : start + per]
    opening = dt.datetime.fromisoformat(fixture["past_day"] + "T01:00:00+00:00")
    page_client = Client(SERVER_NAME="127.0.0.1")
    organiser = Client(SERVER_NAME="127.0.0.1")
    organiser.force_login(get_user_model().objects.get(username="organiser"))
    exhibitor = fixture["exhibitor_pages"][7]
    used = iter(badges)

    def scan():
        return {
            "token": next(used),
            "nonce": f"views-{uuid.uuid4().hex}",
            "gate": "bench-views",
            "scanned_at": (opening + dt.timedelta(minutes=30)).isoformat(),
        }

    def api(path, token):
        return lambda: page_client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")

    kinds = {
        "ceiling: /healthz": lambda: page_client.get("/healthz"),
        "page: expo home": lambda: page_client.get(f"/expos/{past}/"),
        "page: exhibitor list": lambda: page_client.get(f"/expos/{past}/exhibitors/?page=7"),
        "page: exhibitor": lambda: page_client.get(f"/expos/{past}/exhibitors/{exhibitor}/"),
        "page: catalog search": lambda: page_client.get(f"/expos/{past}/search/?q=steel"),
        "api: catalog search": lambda: page_client.get(f"/api/v1/expos/{past}/search?q=steel"),
        "page: floor plan": lambda: page_client.get(f"/expos/{past}/floor-plan/"),
        "page: programme": lambda: page_client.get(f"/expos/{past}/programme/"),
        "page: news": lambda: page_client.get(f"/expos/{past}/news/"),
        "api: recommendations": api(f"/api/v1/expos/{current}/matchmaking/recommendations", buyer),
        "api: my requests": api(f"/api/v1/expos/{current}/matchmaking/requests", buyer),
        "api: agenda": api(f"/api/v1/expos/{current}/matchmaking/agenda", buyer),
        "api: agenda iCal": api(f"/api/v1/expos/{current}/matchmaking/agenda.ics", buyer),
        "page: results dashboard": lambda: organiser.get(f"/expos/{past}/results/"),
        "write: check-in scan": lambda: page_client.post(
            f"/api/v1/expos/{past}/check-ins",
            scan(),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {gate}",
        ),
        "write: offline batch of 20": lambda: page_client.post(
            f"/api/v1/expos/{past}/check-ins/batch",
            {"scans": [scan() for _ in range(20)]},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {gate}",
        ),
    }
    out: dict[str, dict[str, list]] = {kind: {"wall": [], "cpu": [], "queries": []} for kind in kinds}
    for index in range(rounds + 1):  # the first round warms caches and connections
        for kind, call in kinds.items():
            with CaptureQueriesContext(connection) as queries:
                wall, cpu = time.perf_counter(), time.process_time()
                response = call()
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            if response.status_code >= 500:
                raise SystemExit(f"{kind}: {response.status_code}")
            if index:
                out[kind]["wall"].append(wall * 1000)
                out[kind]["cpu"].append(cpu * 1000)
                out[kind]["queries"].append(len(queries))
    print("RESULT=" + json.dumps(out))


def run_tree(src: Path, rounds: int, offset: int) -> dict:
    env = dict(cluster.django_env(), PYTHONPATH=str(src))
    done = subprocess.run(
        [sys.executable, __file__, "--child", "--rounds", str(rounds), "--offset", str(offset)],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT="))
    return json.loads(line[len("RESULT=") :])


def unpack(commit: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="tradefair-base-"))
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "src"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    # Compiled catalogs are built, not committed: the base tree gets the working tree's.
    for mo in (ROOT / "src" / "tradefair" / "locale").glob("*/LC_MESSAGES/*.mo"):
        target = folder / mo.relative_to(ROOT)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(mo, target)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", default="", help="the commit to compare with (default: none)")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--alternations", type=int, default=2)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--offset", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.rounds, args.offset)
        return 0
    if not FIXTURE.exists():
        sys.exit("no bench/results/load-fixture.json: run bench/load/run.py once first")
    trees = {"new": ROOT / "src"}
    base_folder = unpack(args.base) if args.base else None
    if base_folder:
        trees["base"] = base_folder / "src"
    merged: dict[str, dict] = {name: {} for name in trees}
    offset = 0
    load = os.getloadavg()
    try:
        for _ in range(args.alternations):
            for name, src in trees.items():
                result = run_tree(src, args.rounds, offset)
                offset += 1
                for kind, series in result.items():
                    for key, values in series.items():
                        merged[name].setdefault(kind, {}).setdefault(key, []).extend(values)
    finally:
        if base_folder:
            shutil.rmtree(base_folder, ignore_errors=True)

    def med(name, kind, key):
        return statistics.median(merged[name][kind][key])

    names = list(trees)
    print(
        f"load average {load[0]:.1f} before, {os.getloadavg()[0]:.1f} after; "
        f"{args.rounds * args.alternations} requests of each kind per tree\n"
    )
    head = "| request | " + " | ".join(
        f"{n} queries | {n} median ms | {n} CPU ms | {n} / healthz" for n in names
    )
    print(head + (" | new / base |" if "base" in trees else " |"))
    print("| --- |" + " ---: |" * (4 * len(names) + ("base" in trees)))
    for kind in merged["new"]:
        cells = []
        for name in names:
            ratio = med(name, kind, "wall") / med(name, "ceiling: /healthz", "wall")
            cells.append(
                f"{med(name, kind, 'queries'):.0f} | {med(name, kind, 'wall'):.1f} | "
                f"{med(name, kind, 'cpu'):.1f} | {ratio:.1f}"
            )
        line = f"| {kind} | " + " | ".join(cells)
        if "base" in trees:
            line += f" | {med('new', kind, 'wall') / med('base', kind, 'wall'):.2f}"
        print(line + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
