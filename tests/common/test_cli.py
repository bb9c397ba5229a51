"""The ``tradefair`` command as the README uses it, in real processes."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

TRADEFAIR = str(Path(sys.executable).with_name("tradefair"))


def _env(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["TRADEFAIR_DATA_DIR"] = str(tmp_path / "var")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "TRADEFAIR_SITE_URL"):
        env.pop(name, None)
    env["LANG"] = "C.UTF-8"
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_management_commands_answer_under_one_name(tmp_path):
    result = subprocess.run(
        [TRADEFAIR, "help"], capture_output=True, text=True, env=_env(tmp_path), check=True
    )
    for command in ("generate-demo", "serve", "demo", "create-token", "migrate"):
        assert command in result.stdout


def test_generate_demo_prints_the_slug_last_and_refuses_bad_sizes(tmp_path):
    env = _env(tmp_path)
    subprocess.run([TRADEFAIR, "migrate", "-v0"], env=env, check=True)
    made = subprocess.run(
        [
            TRADEFAIR,
            "generate-demo",
            "--merchants",
            "30",
            "--exhibitors",
            "5",
            "--countries",
            "4",
            "--slug",
            "tiny",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    refused = subprocess.run(
        [
            TRADEFAIR,
            "generate-demo",
            "--merchants",
            "1",
            "--exhibitors",
            "1",
            "--countries",
            "9",
            "--slug",
            "x",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert made.stdout.strip().splitlines()[-1] == "tiny"
    assert "Built tiny: 30 merchants, 5 exhibitors, 4 countries and regions" in made.stderr
    assert refused.returncode == 1
    assert "Every country or region needs a participant" in refused.stderr
    # Commands speak the terminal's language when Tradefair has it.
    in_russian = subprocess.run(
        refused.args, capture_output=True, text=True, env={**env, "LANG": "ru_RU.UTF-8"}
    )
    assert in_russian.returncode == 1
    assert "Every country" not in in_russian.stderr
    assert re.search("[А-Яа-я]{4}", in_russian.stderr)
    assert "Traceback" not in refused.stderr


@pytest.mark.slow
def test_the_demo_path_of_the_readme_serves_a_small_expo(tmp_path):
    port = _free_port()
    server = subprocess.Popen(
        [
            TRADEFAIR,
            "demo",
            "--merchants",
            "60",
            "--exhibitors",
            "12",
            "--countries",
            "6",
            "--port",
            str(port),
            "--workers",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_env(tmp_path),
    )
    try:
        page = ""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/expos/cnea-2019/?lang=en", timeout=5
                ) as reply:
                    page = reply.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert "The 12th China-Northeast Asia Expo" in page
        assert "60" in page and "countries and regions" in page
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/?lang=en", timeout=5) as reply:
            assert "The 13th China-Northeast Asia Expo" in reply.read().decode()
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "user organiser  password" in output and "A buyer:" in output
    assert "A viewer:" in output and "user viewer  password" in output
    # The current edition, where registration and matchmaking are open, comes first.
    assert re.search(r"Current edition, .*\n +http://127\.0\.0\.1:\d+/expos/cnea-\d{4}/", output)
    assert f"Address:      http://127.0.0.1:{port}/" in output
