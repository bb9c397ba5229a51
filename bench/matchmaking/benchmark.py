"""Engine against first come, first served, on the same synthetic rounds.

Each run is a fresh process (reading the file included), so time and peak memory are what an
operator would see; the baseline's weight is compared to the engine's proven upper bound.

    python bench/matchmaking/benchmark.py                    # the standard suite
    python bench/matchmaking/benchmark.py expo12 expo12-floors --time-limit 60
    python bench/matchmaking/benchmark.py --markdown table.md  # also write the table as Markdown
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parents[1] / "src"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(SRC))

from generate import generate, write  # noqa: E402

ROUNDS = {
    # name: (kind, floors, scale[, generator options])
    "uniform": ("uniform", False, 1.0),
    "general": ("general", False, 1.0),
    "b2b": ("b2b", False, 1.0),
    "b2b-60": ("b2b", False, 1.0, {"people": 60, "meetings_per_person": 8, "slots": 20}),
    "expo12": ("expo12", False, 1.0),
    "expo12-floors": ("expo12", True, 1.0),
    "expo12-hybrid": ("expo12-hybrid", False, 1.0),
    "canton": ("canton", False, 1.0),
    "platform": ("platform", True, 1.0),  # not bipartite, floors for everyone
}
STANDARD = ["uniform", "general", "b2b", "b2b-60", "expo12", "expo12-floors", "expo12-hybrid"]


def run_child(which: str, path: str, out: str, time_limit: float, seed: int) -> None:
    """In a fresh process: read, solve (engine or baseline), write, and print stats as JSON."""
    start = time.monotonic()
    from tradefair.engine import first_come_first_served, load_instance, schedule_to_dict, solve
    from tradefair.engine.cli import main as cli_main

    if which == "engine":
        code = cli_main([path, "-o", out, "--time-limit", str(time_limit), "--seed", str(seed), "--quiet"])
        assert code == 0
        import gzip

        raw = Path(out).read_bytes()
        stats = json.loads(gzip.decompress(raw) if out.endswith(".gz") else raw)["stats"]
    else:
        instance = load_instance(path)
        stats = first_come_first_served(instance, seed=seed).stats
        del schedule_to_dict, solve
    stats["wall_seconds"] = round(time.monotonic() - start, 2)
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    stats["peak_mib"] = round(peak / 1024, 1)
    print(json.dumps(stats))


def measure(which: str, path: Path, time_limit: float, seed: int) -> dict:
    out = path.with_name(path.name.replace(".json", f".{which}.json"))
    env = dict(os.environ, PYTHONPATH=str(SRC))
    result = subprocess.run(
        [sys.executable, __file__, "--child", which, str(path), str(out), str(time_limit), str(seed)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else ("=" if a == b else "inf")


def table(results: list[tuple[str, dict, dict]]) -> str:
    head = (
        "| round | solver | weight | gap to bound | required | floors met | idle slots | zero-meeting | "
        "meetings min/med/max | time s | peak MiB |"
    )
    lines = [head, "|" + "---|" * 11]
    for name, engine, base in results:
        bound = engine["upper_bound"]
        for label, s in (("engine", engine), ("FCFS", base)):
            spread = s["meetings_per_participant"]
            gap = 1 - s["weight"] / bound if bound else 0.0
            lines.append(
                f"| {name} | {label} | {s['weight']:,.1f} | {100 * gap:.2f}% | {s['required_scheduled']}/{s['required_total']} | "
                f"{s['floors_met']} | {s['idle_slots']:,} | {s['zero_meeting_participants']:,} | "
                f"{spread['min']}/{spread['median']:g}/{spread['max']} | {s['wall_seconds']:.1f} | {s['peak_mib']:,.0f} |"
            )
        lines.append(
            f"| {name} | engine/FCFS | {ratio(engine['weight'], base['weight'])} | | "
            f"{ratio(engine['required_scheduled'], base['required_scheduled'])} | {ratio(engine['floors_met'], base['floors_met'])} | "
            f"{ratio(engine['idle_slots'], base['idle_slots'])} | "
            f"{ratio(engine['zero_meeting_participants'], base['zero_meeting_participants'])} | | "
            f"{ratio(engine['wall_seconds'], base['wall_seconds'])} | {ratio(engine['peak_mib'], base['peak_mib'])} |"
        )
    hybrid = [
        f"- {name}: online meetings, engine {engine['online_meetings']:,}, FCFS {base['online_meetings']:,}"
        for name, engine, base in results
        if "online_meetings" in engine
    ]
    return "\n".join(lines + ([""] + hybrid if hybrid else []))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        which, path, out, limit, seed = sys.argv[2:7]
        run_child(which, path, out, float(limit), int(seed))
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("rounds", nargs="*", default=STANDARD, help=f"any of {', '.join(ROUNDS)}")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", default="/tmp/tradefair-bench")
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    results = []
    unknown = set(args.rounds) - set(ROUNDS)
    if unknown:
        parser.error(f"unknown rounds: {', '.join(sorted(unknown))}")
    for name in args.rounds or STANDARD:
        kind, floors, scale, *options = ROUNDS[name]
        path = workdir / f"{name}-seed{args.seed}.json.gz"
        if not path.exists():
            write(
                generate(kind, seed=args.seed, floors=floors, scale=scale, **(options[0] if options else {})),
                path,
            )
        limit = 600.0 if name == "canton" and args.time_limit == 60.0 else args.time_limit
        engine = measure("engine", path, limit, args.seed)
        base = measure("baseline", path, limit, args.seed)
        results.append((name, engine, base))
        print(
            f"{name}: engine weight {engine['weight']:.1f} (gap {100 * engine['bound_gap']:.2f}%), idle {engine['idle_slots']} "
            f"(proven {engine.get('proven_optimal')}), "
            f"{engine['wall_seconds']}s {engine['peak_mib']} MiB | FCFS weight {base['weight']:.1f}, idle {base['idle_slots']}",
            file=sys.stderr,
            flush=True,
        )
    text = table(results)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text + "\n")


if __name__ == "__main__":
    main()
