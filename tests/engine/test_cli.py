import gzip
import time

import orjson
import pytest

from tradefair.engine import load_instance, validate_schedule
from tradefair.engine.cli import main

from .factories import instance


@pytest.fixture
def round_file(tmp_path):
    data = instance(
        [{"max_meetings": 2}, {"max_meetings": 2}, {"max_meetings": 2}, {"max_meetings": 2}],
        [(0, 2, 1.5), (0, 3, 1), (1, 2, 2, True), (1, 3, 0.5)],
        n_slots=3,
        tables=2,
    )
    path = tmp_path / "round.json"
    path.write_bytes(orjson.dumps(data))
    return path


def test_match_file_writes_a_valid_schedule_with_stats(round_file, tmp_path, capsys):
    out = tmp_path / "schedule.json"
    assert main([str(round_file), "-o", str(out), "--seed", "3"]) == 0
    schedule = orjson.loads(out.read_bytes())
    assert schedule["format"] == "tradefair-schedule/1"
    assert validate_schedule(load_instance(round_file), schedule) == []
    assert schedule["stats"]["meetings"] == 4 and schedule["stats"]["weight"] == 5.0
    assert schedule["stats"]["upper_bound"] == 5.0
    assert "4 meetings" in capsys.readouterr().err


def test_gzip_in_and_out(round_file, tmp_path):
    packed = tmp_path / "round.json.gz"
    packed.write_bytes(gzip.compress(round_file.read_bytes()))
    out = tmp_path / "schedule.json.gz"
    assert main([str(packed), "-o", str(out), "--quiet"]) == 0
    assert orjson.loads(gzip.decompress(out.read_bytes()))["stats"]["meetings"] == 4


def test_quiet_prints_nothing(round_file, tmp_path, capsys):
    assert main([str(round_file), "-o", str(tmp_path / "s.json"), "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_an_invalid_instance_exits_2_with_one_line_and_no_output(tmp_path, capsys):
    data = instance([{"max_meetings": 1}, {"max_meetings": 1}], [(0, 1, -1)])
    path, out = tmp_path / "bad.json", tmp_path / "out.json"
    path.write_bytes(orjson.dumps(data))
    assert main([str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pairs[0] ('p0', 'p1'): weight must be a finite number >= 0" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_the_time_limit_is_respected(tmp_path):
    people = [{"max_meetings": 4}] * 60 + [{"max_meetings": 12}] * 20
    pairs = [(b, 60 + (b * 7 + k) % 20, (b * k) % 5 + 1) for b in range(60) for k in range(6)]
    path, out = tmp_path / "round.json", tmp_path / "out.json"
    path.write_bytes(orjson.dumps(instance(people, pairs, n_slots=12, tables=20)))
    start = time.monotonic()
    assert main([str(path), "-o", str(out), "--time-limit", "2", "--quiet"]) == 0
    assert time.monotonic() - start < 4
    assert validate_schedule(load_instance(path), orjson.loads(out.read_bytes())) == []


def test_python_dash_m_runs_the_same_command(round_file, tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "src"
    env = dict(os.environ, PYTHONPATH=str(src))
    out = tmp_path / "schedule.json"
    done = subprocess.run(
        [sys.executable, "-m", "tradefair.engine", str(round_file), "-o", str(out), "--quiet"],
        env=env,
        capture_output=True,
    )
    assert done.returncode == 0 and done.stderr == b""
    assert orjson.loads(out.read_bytes())["stats"]["meetings"] == 4


def test_a_corrupt_gzip_file_is_an_invalid_instance(tmp_path, capsys):
    path = tmp_path / "round.json.gz"
    path.write_bytes(b"not gzip at all")
    assert main([str(path), "-o", str(tmp_path / "out.json")]) == 2
    assert capsys.readouterr().err.startswith(
        "tradefair match-file: invalid instance: round.json.gz: not gzip"
    )
