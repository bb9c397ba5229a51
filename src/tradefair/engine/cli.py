"""`tradefair match-file IN -o OUT [--time-limit S] [--seed N] [--quiet]`.

Exit status 0 on success, 2 for an invalid instance (one line on stderr naming the offending entry,
no traceback, no output file). Progress goes to stderr: a bar on a terminal, log lines otherwise.
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import tempfile
import time
from pathlib import Path

import orjson

from .instance import InvalidInstance, load_instance
from .schedule import schedule_to_dict
from .solver import solve

PHASES = ["selection", "placement", "repair", "fill", "compaction", "exact", "bound"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tradefair match-file", description="Schedule a matchmaking round from an instance file."
    )
    parser.add_argument("instance", help="instance file (.json or .json.gz)")
    parser.add_argument("-o", "--output", required=True, help="schedule file to write (.json or .json.gz)")
    parser.add_argument(
        "--time-limit", type=float, default=60.0, help="seconds for the whole run (default 60)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return parser


class _Reporter:
    """Progress on stderr: a tqdm bar over the phases on a terminal, one line per phase otherwise."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.start = time.monotonic()
        self.bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=len(PHASES) + 2, file=sys.stderr, unit="phase", leave=False)

    def __call__(self, phase: str, note: str = "") -> None:
        if self.quiet:
            return
        if self.bar is not None:
            self.bar.set_description(phase)
            self.bar.update(1)
        else:
            detail = f": {note}" if note else ""
            print(f"[{time.monotonic() - self.start:7.1f}s] {phase}{detail}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _write(path: Path, data: dict) -> None:
    """Write atomically, so that a failed run never leaves a half-written schedule behind."""
    payload = orjson.dumps(data)
    if path.name.endswith(".gz"):
        payload = gzip.compress(payload, compresslevel=6)
    handle, temporary = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp creates 0600; give the file the usual mode
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    start = time.monotonic()
    reporter = _Reporter(args.quiet)
    try:
        instance = load_instance(args.instance)
    except InvalidInstance as error:
        reporter.close()
        print(f"tradefair match-file: invalid instance: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        reporter.close()
        print(
            f"tradefair match-file: cannot read {args.instance}: {error.strerror or error}", file=sys.stderr
        )
        return 1
    # Reported only once read, so that an invalid instance leaves exactly one line on stderr.
    reporter("read", f"{args.instance} in {time.monotonic() - start:.1f}s")
    # Keep back time to write the schedule (about 10 s for 4 million pairs' worth of meetings).
    reserve = 0.5 + 2.5e-6 * instance.n_pairs
    budget = max(0.5, args.time_limit - (time.monotonic() - start) - reserve)
    schedule = solve(instance, time_limit=budget, seed=args.seed, progress=reporter)
    reporter("writing", args.output)
    output = Path(args.output)
    stats = schedule.stats
    stats["seconds"] = round(time.monotonic() - start, 3)
    try:
        _write(output, schedule_to_dict(schedule))
    except OSError as error:
        reporter.close()
        print(f"tradefair match-file: cannot write {output}: {error.strerror or error}", file=sys.stderr)
        return 1
    reporter.close()
    if not args.quiet:
        print(
            f"tradefair match-file: {stats['meetings']} meetings, weight {stats['weight']:.6g} "
            f"(bound {stats['upper_bound']:.6g}, gap {100 * stats['bound_gap']:.2f}%), "
            f"required {stats['required_scheduled']}/{stats['required_total']}, "
            f"floor shortfall {stats['floor_shortfall']}, idle slots {stats['idle_slots']}, "
            f"{stats['seconds']:.1f}s -> {output}",
            file=sys.stderr,
        )
    return 0
