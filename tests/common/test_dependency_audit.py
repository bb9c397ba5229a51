"""`make audit` (.ci/audit.py): a found vulnerability fails unless docs/security.md accepts
it with a reason; a service that cannot be reached warns and lets CI go on."""

import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "audit.py"
_spec = importlib.util.spec_from_file_location("ci_audit", SCRIPT)
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)


def _report(*dependencies) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


DJANGO = {"name": "django", "version": "5.2", "vulns": []}
SKIPPED = {"name": "tradefair", "skip_reason": "Dependency not found on PyPI and could not be audited"}


def test_a_vulnerability_found_fails_and_names_package_id_and_fix():
    vulnerable = dict(DJANGO, vulns=[{"id": "GHSA-aaaa-bbbb-cccc", "fix_versions": ["5.2.1"]}])

    status, message = audit.verdict(1, _report(vulnerable, SKIPPED), "")

    assert status == 1
    assert "django 5.2: GHSA-aaaa-bbbb-cccc (fixed in 5.2.1)" in message
    assert "1 known vulnerabilities in 1 audited packages, 1 skipped" in message


def test_no_vulnerability_passes():
    assert audit.verdict(0, _report(DJANGO, SKIPPED), "") == (
        0,
        "1 packages audited, 1 skipped: no known vulnerabilities.",
    )


@pytest.mark.parametrize(
    ("returncode", "stdout", "stderr"),
    [
        (1, "", "requests.exceptions.ConnectionError: Failed to resolve 'api.osv.dev'"),
        (0, _report(SKIPPED, dict(SKIPPED, name="django")), ""),
    ],
    ids=["connection error", "every package unknown"],
)
def test_an_unreachable_service_warns_and_does_not_fail(returncode, stdout, stderr):
    status, message = audit.verdict(returncode, stdout, stderr)

    assert status == 0 and message.startswith("WARNING:") and "nothing audited" in message


def test_accepted_findings_are_read_with_their_reasons_and_one_without_a_reason_stops():
    text = (
        "## Accepted findings\n\n"
        "- bandit B608 (SQL built from strings): names fixed in code.\n"
        "- pip-audit GHSA-aaaa-bbbb-cccc, PYSEC-2026-1 (reportlab): only fonts we ship are read.\n"
    )

    assert audit.accepted_vulnerabilities(text) == {
        "GHSA-aaaa-bbbb-cccc": "only fonts we ship are read.",
        "PYSEC-2026-1": "only fonts we ship are read.",
    }
    with pytest.raises(SystemExit, match="accepts CVE-2026-0001 without a reason"):
        audit.accepted_vulnerabilities("- pip-audit CVE-2026-0001 (django):\n")


def test_the_project_itself_is_left_out_of_the_audited_lock():
    assert audit.pinned_requirements("-e .\ndjango==5.2.9\n") == "django==5.2.9\n"
