"""Import benchmark: 30,000 participant rows (with 3,000 organisations) through
``import_file`` against a baseline that saves row by row through the ORM, plus the
same file with one bad row (which must write nothing and name the row).

    TRADEFAIR_DATA_DIR=/tmp/bench-import .venv/bin/python bench/import/bench_import.py [--rows 30000]

Uses a fresh SQLite database in TRADEFAIR_DATA_DIR unless DATABASE_URL is set.
"""

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tradefair.common.settings")
os.environ.setdefault("TRADEFAIR_DATA_DIR", tempfile.mkdtemp(prefix="bench-import-"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from tradefair.expos.models import Expo  # noqa: E402
from tradefair.people.domain.imports import import_file  # noqa: E402
from tradefair.people.models import Organisation, Participant, ParticipantRole  # noqa: E402

NAMES = ["王芳", "Иван Петров", "佐藤 花子", "김민준", "Батбаяр", "Anna Schmidt", "محمد علي"]
COUNTRIES = ["CN", "RU", "JP", "KR", "MN", "DE", "EG", "HK", "TW", "US"]


def make_files(rows: int, seed: int = 7, latin: str = "Person") -> tuple[bytes, bytes]:
    rng = random.Random(seed)
    organisations = io.StringIO()
    writer = csv.writer(organisations)
    writer.writerow(["organisation_id", "legal_name", "name:zh-hans", "country", "kind"])
    n_orgs = max(1, rows // 10)
    for i in range(n_orgs):
        writer.writerow([f"O{i}", f"Company {i} Ltd.", f"公司{i}", rng.choice(COUNTRIES), "enterprise"])
    participants = io.StringIO()
    writer = csv.writer(participants)
    writer.writerow(
        [
            "participant_id",
            "name",
            "name_latin",
            "email",
            "country",
            "language",
            "roles",
            "organisation_id",
            "arrival",
            "departure",
        ]
    )
    for i in range(rows):
        writer.writerow(
            [
                f"P{i}",
                f"{rng.choice(NAMES)} {i}",
                f"{latin} {i}",
                f"p{i}@example.com",
                rng.choice(COUNTRIES),
                rng.choice(["zh-hans", "en", "ru", "ja", "ko"]),
                rng.choice(["merchant", "buyer", "buyer;investor"]),
                f"O{rng.randrange(n_orgs)}",
                "2019-08-22",
                "2019-08-28",
            ]
        )
    return organisations.getvalue().encode(), participants.getvalue().encode()


def baseline(expo, data: bytes) -> None:
    """What a naive importer does: parse, then one ORM save (and one role insert) per row."""
    reader = csv.DictReader(io.StringIO(data.decode()))
    organisations = dict(Organisation.objects.values_list("external_id", "pk"))
    with transaction.atomic():
        for row in reader:
            participant = Participant(
                expo=expo,
                external_id=row["participant_id"],
                name=row["name"],
                name_latin=row["name_latin"],
                email=row["email"],
                country=row["country"],
                language=row["language"],
                organisation_id=organisations[row["organisation_id"]],
                arrival=row["arrival"],
                departure=row["departure"],
            )
            participant.save()
            for role in row["roles"].split(";"):
                ParticipantRole.objects.create(participant=participant, role=role)


def timed(label: str, action) -> float:
    start = time.perf_counter()
    action()
    elapsed = time.perf_counter() - start
    print(f"{label:<48} {elapsed:8.2f} s", flush=True)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=30000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from django.db import connection

    print(f"database: {connection.vendor}; rows: {args.rows}", flush=True)
    orgs, people = make_files(args.rows)
    expo = Expo.objects.create(
        slug=f"bench-{time.time_ns()}",
        edition=1,
        name={"en": "Bench"},
        host_city={"en": "Changchun"},
        starts="2019-08-23",
        ends="2019-08-27",
    )
    other = Expo.objects.create(
        slug=f"base-{time.time_ns()}",
        edition=1,
        name={"en": "Base"},
        host_city={"en": "Changchun"},
        starts="2019-08-23",
        ends="2019-08-27",
    )
    timed(
        "organisations (import_file)", lambda: import_file(expo=expo, data=orgs, filename="organisations.csv")
    )
    fresh = timed(
        "participants, first import (import_file)",
        lambda: import_file(expo=expo, data=people, filename="participants.csv"),
    )
    _orgs, changed = make_files(args.rows, latin="Visitor")
    again = timed(
        "participants, re-import, every row changed",
        lambda: import_file(expo=expo, data=changed, filename="participants.csv"),
    )
    timed(
        "participants, re-import, nothing changed",
        lambda: import_file(expo=expo, data=changed, filename="participants.csv"),
    )
    dry = timed(
        "participants, dry run",
        lambda: import_file(expo=expo, data=people, filename="participants.csv", dry_run=True),
    )
    lines = people.decode().splitlines()
    bad_row = len(lines) // 2
    cells = lines[bad_row].split(",")
    cells[4] = "XX"
    lines[bad_row] = ",".join(cells)
    broken = ("\n".join(lines) + "\n").encode()
    before = Participant.objects.count()
    holder = {}
    bad = timed(
        "participants with one bad row (writes nothing)",
        lambda: holder.update(result=import_file(expo=other, data=broken, filename="participants.csv")),
    )
    problems = holder["result"].problems
    assert Participant.objects.count() == before, "a bad row must write nothing"
    print(f"  problems: {len(problems)}; first: {problems[0]}")
    assert len(problems) == 1 and problems[0].row == bad_row + 1
    base = timed("baseline: row-by-row ORM save", lambda: baseline(other, people))
    assert Participant.objects.filter(expo=expo).count() == args.rows
    print(f"ratio baseline / import_file (first import): {base / fresh:.1f}x")
    print(f"ratio baseline / import_file (re-import):    {base / again:.1f}x")
    print(
        f"target: {args.rows} rows <= 60 s -> {'met' if fresh <= 60 and again <= 60 else 'NOT met'}"
        f" (first {fresh:.1f} s, re-import {again:.1f} s, dry run {dry:.1f} s, bad file {bad:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
