"""Driving the cluster of deploy/cluster.py from tests and bench/faults: its commands,
HTTP through nginx, and Python run against its database."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))
import cluster  # noqa: E402

BASE = f"http://127.0.0.1:{cluster.LB_PORT}"
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def tools_available() -> bool:
    pg = (cluster.PG_BIN / "initdb").exists() or any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return bool(
        pg and shutil.which("redis-server") and (shutil.which("nginx") or Path("/usr/sbin/nginx").exists())
    )


def command(*args: str, timeout: float = 600) -> None:
    subprocess.run([PYTHON, str(ROOT / "deploy" / "cluster.py"), *args], check=True, timeout=timeout)


def get(
    path: str, *, headers=None, data: bytes | None = None, timeout: float = 15
) -> tuple[int, bytes, dict]:
    """(status, body, headers); 0 when the connection failed."""
    request = urllib.request.Request(BASE + path, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - 127.0.0.1 only
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)
    except OSError:
        return 0, b"", {}


def post_json(path: str, payload, *, token: str = "", timeout: float = 15):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return get(path, headers=headers, data=json.dumps(payload).encode(), timeout=timeout)


def django(code: str, timeout: float = 300):
    """Run ``code`` with Django set up against the cluster's database; it sets ``result``,
    which comes back through JSON."""
    script = (
        "import json, django\ndjango.setup()\nresult = None\n"
        + code
        + "\nprint('RESULT=' + json.dumps(result, default=str))\n"
    )
    done = subprocess.run(
        [PYTHON, "-c", script],
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


def wait_until(check, timeout: float, step: float = 0.5) -> float | None:
    """Seconds until ``check()`` held, or None after ``timeout``."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(step)
    return None


def healthy() -> bool:
    return get("/healthz", timeout=5)[0] == 200


def worker_children() -> list[int]:
    pid = cluster.pid_of("worker1")
    if pid is None:
        return []
    found = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
    )
    return [int(item) for item in found.stdout.split()]


def gate_token() -> str:
    return django(
        "from django.contrib.auth import get_user_model\n"
        "from tradefair.common.models import ApiToken\n"
        "from tradefair.common.models.tokens import token_digest\n"
        "import secrets\n"
        "key = 'tf_' + secrets.token_urlsafe(30)\n"
        "ApiToken.objects.create(user=get_user_model().objects.get(username='organiser'), name='fault-tests',"
        " digest=token_digest(key), prefix=key[:8])\n"
        "result = key\n"
    )


def env_flag() -> bool:
    return os.environ.get("TRADEFAIR_CLUSTER_TESTS", "") in {"1", "true", "yes"}


def get_from(port: int, path: str) -> int:
    """The status of one web node, asked directly (not through nginx)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0
