"""Time and peak memory of loading the full demo (31,337 participants), against the
issue's budget of 120 s on 2 cores. Runs in a throwaway data folder.

    .venv/bin/python bench/demo_load.py [--merchants N] [--exhibitors N] [--countries N]
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET_S = 120.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--merchants", type=int, default=30000)
    parser.add_argument("--exhibitors", type=int, default=1337)
    parser.add_argument("--countries", type=int, default=109)
    args = parser.parse_args()
    tradefair = str(Path(sys.executable).with_name("tradefair"))
    with tempfile.TemporaryDirectory() as data:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"TRADEFAIR_DATA_DIR": data}
        subprocess.run([tradefair, "migrate", "-v0"], env=env, check=True)
        started = time.perf_counter()
        subprocess.run(
            [
                tradefair,
                "generate-demo",
                "--merchants",
                str(args.merchants),
                "--exhibitors",
                str(args.exhibitors),
                "--countries",
                str(args.countries),
                "-v0",
            ],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - started
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size_mib = Path(data, "tradefair.sqlite3").stat().st_size / 2**20
    print(
        f"demo load: {args.merchants} merchants, {args.exhibitors} exhibitors, {args.countries} countries and regions"
    )
    print(f"  time          {seconds:8.1f} s   (budget {BUDGET_S:.0f} s, ratio {seconds / BUDGET_S:.2f})")
    print(f"  peak memory   {peak_mib:8.0f} MiB")
    print(f"  database size {size_mib:8.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
