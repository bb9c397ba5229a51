"""`make audit`: pip-audit over requirements.lock, told apart from a service that cannot
be reached.

pip-audit asks a vulnerability service (PyPI's JSON API by default, or OSV) about each
pinned package. A machine that cannot reach it gets either a connection error or, behind
a package mirror, "not found on PyPI" for every package, which pip-audit reports as "no
known vulnerabilities"; neither proves anything, so both print a warning and exit 0.
A vulnerability found fails (exit 1) unless docs/security.md accepts it with a reason,
on a line of the form

    - pip-audit GHSA-xxxx-xxxx-xxxx (package): why it does not apply or cannot be fixed yet.

Usage: python .ci/audit.py [--service pypi|osv] [--pip-audit PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VULNERABILITY_ID = re.compile(r"\b(?:PYSEC|GHSA|CVE|OSV|BIT)-[0-9A-Za-z-]+")
ACCEPTED_LINE = re.compile(r"^- pip-audit (?P<ids>[^:(]+)(?:\([^)]*\))?:(?P<reason>.*)$")


def accepted_vulnerabilities(text: str) -> dict[str, str]:
    """{vulnerability id: reason} from the `- pip-audit ID (package): reason` lines."""
    accepted = {}
    for line in text.splitlines():
        match = ACCEPTED_LINE.match(line.strip())
        if match is None:
            continue
        reason = match["reason"].strip()
        for vulnerability in VULNERABILITY_ID.findall(match["ids"]):
            if not reason:
                raise SystemExit(f"docs/security.md accepts {vulnerability} without a reason.")
            accepted[vulnerability] = reason
    return accepted


def pinned_requirements(lock: str) -> str:
    """The lock without editable lines (the project itself is not on any index)."""
    return "".join(line for line in lock.splitlines(keepends=True) if not line.startswith("-e"))


def verdict(returncode: int, stdout: str, stderr: str) -> tuple[int, str]:
    """(exit status, message) for one pip-audit run with --format json."""
    try:
        report = json.loads(stdout)
        dependencies = report["dependencies"]
    except (ValueError, KeyError, TypeError):
        last = (stderr.strip().splitlines() or ["no output"])[-1]
        return 0, f"WARNING: pip-audit could not reach its vulnerability service; nothing audited ({last})."
    audited = [dependency for dependency in dependencies if "skip_reason" not in dependency]
    if not audited:
        return 0, (
            f"WARNING: the vulnerability service knew none of the {len(dependencies)} packages "
            "(unreachable, or a mirror answering for PyPI); nothing audited."
        )
    found = [
        f"{dependency['name']} {dependency['version']}: {vulnerability['id']}"
        f" (fixed in {', '.join(vulnerability.get('fix_versions') or []) or 'no release yet'})"
        for dependency in audited
        for vulnerability in dependency.get("vulns", [])
    ]
    skipped = len(dependencies) - len(audited)
    note = f", {skipped} skipped" if skipped else ""
    if found:
        return 1, (
            f"{len(found)} known vulnerabilities in {len(audited)} audited packages{note}:\n  "
            + "\n  ".join(found)
            + "\nUpgrade the package in requirements.lock, or accept the finding with a reason in "
            "docs/security.md."
        )
    if returncode != 0:
        return (
            0,
            f"WARNING: pip-audit failed ({(stderr.strip().splitlines() or ['?'])[-1]}); nothing audited.",
        )
    return 0, f"{len(audited)} packages audited{note}: no known vulnerabilities."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--service", default="pypi", choices=["pypi", "osv"])
    parser.add_argument("--pip-audit", default=str(Path(sys.executable).with_name("pip-audit")))
    args = parser.parse_args(argv)
    accepted = accepted_vulnerabilities((ROOT / "docs" / "security.md").read_text(encoding="utf-8"))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as requirements:
        requirements.write(pinned_requirements((ROOT / "requirements.lock").read_text(encoding="utf-8")))
        requirements.flush()
        command = [
            args.pip_audit,
            "--requirement",
            requirements.name,
            "--no-deps",
            "--disable-pip",
            "--vulnerability-service",
            args.service,
            "--format",
            "json",
            "--progress-spinner",
            "off",
        ]
        for vulnerability in sorted(accepted):
            command += ["--ignore-vuln", vulnerability]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=900)
        except subprocess.TimeoutExpired:
            print("WARNING: pip-audit timed out waiting for its vulnerability service; nothing audited.")
            return 0
    status, message = verdict(done.returncode, done.stdout, done.stderr)
    if accepted:
        message += f" Accepted in docs/security.md: {', '.join(sorted(accepted))}."
    print(message, file=sys.stderr if status else sys.stdout)
    return status


if __name__ == "__main__":
    sys.exit(main())
