"""A process killed in the middle of writing leaves nothing half-written: an import and
the storing of a round's schedule each run in one transaction, so after a SIGKILL the
database holds either every row or none, and is intact."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

TRADEFAIR = str(Path(sys.executable).with_name("tradefair"))
ROWS = 20000
MERCHANTS = 12000
HEADER = "participant_id,name,name_latin,email,country,language,roles,organisation_id,arrival,departure\n"


def _participants_csv(path: Path) -> None:
    lines = [HEADER] + [
        f"P{index},Иван {index},Ivan {index},p{index}@example.com,RU,ru,buyer,,2019-08-22,2019-08-28\n"
        for index in range(ROWS)
    ]
    path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.slow
def test_an_import_killed_while_writing_leaves_nothing_behind(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["TRADEFAIR_DATA_DIR"] = str(tmp_path)
    subprocess.run([TRADEFAIR, "migrate", "-v0"], env=env, check=True)
    subprocess.run(
        [TRADEFAIR, "generate-demo", "--merchants", "20", "--exhibitors", "3", "--countries", "3", "-v0"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    database = tmp_path / "tradefair.sqlite3"
    wal = tmp_path / "tradefair.sqlite3-wal"
    before = sqlite3.connect(database).execute("SELECT count(*) FROM people_participant").fetchone()[0]
    source = tmp_path / "participants.csv"
    _participants_csv(source)
    wal_at_start = wal.stat().st_size if wal.exists() else 0

    importer = subprocess.Popen(
        [TRADEFAIR, "import", str(source), "--expo", "cnea-2019"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Writing has begun once the write-ahead log grows by a few pages; kill then.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and importer.poll() is None:
        if wal.exists() and wal.stat().st_size > wal_at_start + 256 * 1024:
            break
        time.sleep(0.02)
    finished_first = importer.poll() is not None
    importer.send_signal(signal.SIGKILL)
    importer.wait()

    check = sqlite3.connect(database)
    after = check.execute("SELECT count(*) FROM people_participant").fetchone()[0]
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    if finished_first:
        pytest.skip("the import finished before it could be killed on this machine")
    assert after == before


def _kill_when_the_log_grows(process: subprocess.Popen, wal: Path, by: int) -> bool:
    """SIGKILL process once the write-ahead log has grown by `by` bytes (the write has
    begun); True when the process had already finished by then."""
    at_start = wal.stat().st_size if wal.exists() else 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > at_start + by:
            break
        time.sleep(0.005)
    finished_first = process.poll() is not None
    process.send_signal(signal.SIGKILL)
    process.wait()
    return finished_first


@pytest.fixture(scope="module")
def scheduled_round(tmp_path_factory):
    """A data directory holding a demo expo with a round whose schedule has some fourteen
    thousand meetings, and that schedule as a file: storing it again deletes and writes
    that many rows, which takes long enough to be caught in the middle."""
    data = tmp_path_factory.mktemp("scheduled")
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["TRADEFAIR_DATA_DIR"] = str(data)

    def tradefair(*args: str) -> str:
        done = subprocess.run([TRADEFAIR, *args], env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"tradefair {args[0]}: {done.stderr[-2000:]}"
        return done.stdout

    tradefair("migrate", "-v0")
    tradefair("generate-demo", "--merchants", str(MERCHANTS), "--exhibitors", "400", "--countries", "8")
    tradefair("recommend", "--expo", "cnea-2019")
    created = tradefair(
        "shell",
        "-c",
        "import datetime as dt; from tradefair.expos.models import Expo; "
        "from tradefair.matchmaking.domain.rounds import create_round; from tradefair.common.permissions import OPERATOR; "
        "expo = Expo.objects.get(slug='cnea-2019'); "
        "print(create_round(expo, by=OPERATOR, name='Two days', days=[expo.starts, expo.starts + dt.timedelta(days=1)], "
        "time_limit=5).pk)",
    )
    round_id = int(created.split()[-1])
    tradefair("run-round", str(round_id))
    schedule = data / "schedule.json.gz"
    with sqlite3.connect(data / "tradefair.sqlite3") as database:
        schedule.write_bytes(
            database.execute("SELECT schedule_gz FROM matchmaking_round WHERE id = ?", [round_id]).fetchone()[
                0
            ]
        )
    return data, schedule, round_id


def _round_state(database: Path, round_id: int) -> tuple[set[int], str, int]:
    check = sqlite3.connect(database)
    meetings = {
        pk for (pk,) in check.execute("SELECT id FROM matchmaking_meeting WHERE round_id = ?", [round_id])
    }
    status = check.execute("SELECT status FROM matchmaking_round WHERE id = ?", [round_id]).fetchone()[0]
    logged = check.execute(
        "SELECT count(*) FROM common_auditentry WHERE action = 'round.scheduled' AND object_id = ?",
        [str(round_id)],
    ).fetchone()[0]
    return meetings, status, logged


@pytest.mark.slow
@pytest.mark.parametrize("grown_by", [64 * 1024, 512 * 1024], ids=["early", "late"])
def test_a_schedule_upload_killed_while_writing_leaves_the_round_as_it_was(
    scheduled_round, tmp_path, grown_by
):
    source, schedule, round_id = scheduled_round
    data = tmp_path / "var"
    shutil.copytree(source, data)
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["TRADEFAIR_DATA_DIR"] = str(data)
    database = data / "tradefair.sqlite3"
    old_meetings, old_status, old_logged = _round_state(database, round_id)
    assert len(old_meetings) > 10000 and old_status == "scheduled"

    uploader = subprocess.Popen(
        [TRADEFAIR, "upload-schedule", "--round", str(round_id), str(schedule)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    finished_first = _kill_when_the_log_grows(uploader, data / "tradefair.sqlite3-wal", grown_by)

    meetings, status, logged = _round_state(database, round_id)
    assert sqlite3.connect(database).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert status == "scheduled"
    if finished_first:
        pytest.skip("the upload finished before it could be killed on this machine")
    # Killed before or after the commit: the old meetings, or every new one and its log entry.
    rolled_back = (meetings, logged) == (old_meetings, old_logged)
    committed = (
        len(meetings) == len(old_meetings) and not meetings & old_meetings and logged == old_logged + 1
    )
    assert rolled_back or committed
