"""The house's layers (DESIGN.md, docs/architecture.md): apps import only downwards, no
module imports itself back through another, and the architecture page describes the
apps and names the code as it is.

The contracts live in pyproject.toml (``[tool.importlinter]``); ``lint-imports`` checks
them. An allowed upward import is an ``ignore_imports`` entry there and a row of the
architecture page's "Known upward imports" table."""

import importlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "tradefair"
PYPROJECT = ROOT / "pyproject.toml"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))


def _contracts() -> list[dict]:
    return tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]


def _layer_contract() -> dict:
    return next(contract for contract in _contracts() if contract["type"] == "layers")


def _layer_apps() -> list[str]:
    """Every app the layer contract names and the code has (optional ones may not exist yet)."""
    apps = []
    for layer in _layer_contract()["layers"]:
        for name in re.split(r"[:|]", layer):
            name = name.strip().strip("()")
            if (SOURCE / name).is_dir():
                apps.append(name)
    return apps


def _lint_imports(source_root: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(source_root))
    return subprocess.run(
        [LINT_IMPORTS, "--config", str(PYPROJECT), "--no-cache"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_contracts_are_kept():
    result = _lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "upward"),
    [
        ("expos/domain/figures.py", "tradefair.demo.generator"),
        ("engine/__init__.py", "django"),
        ("reports/domain/exports.py", "tradefair.reports.tasks"),
    ],
)
def test_a_new_upward_import_breaks_the_check(tmp_path, module, upward):
    """The check is not a formality: the same tree with one import added up the layers
    (or from the engine into Django, or from a domain module into a task module) fails."""
    copy = tmp_path / "src" / "tradefair"
    shutil.copytree(
        SOURCE, copy, ignore=shutil.ignore_patterns("locale", "static", "templates", "__pycache__")
    )
    with (copy / module).open("a") as source:
        source.write(f"\nimport {upward}  # noqa\n")
    result = _lint_imports(tmp_path / "src")
    assert result.returncode != 0, result.stdout
    assert "BROKEN" in result.stdout
    importer = "tradefair." + module.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    assert f"{importer} -> {upward}" in result.stdout


def test_no_import_circles():
    """No module imports itself back through others (matchmaking's pairs and scoring,
    reports' exports and tasks once did)."""
    graph = grimp.build_graph("tradefair", cache_dir=None)
    circles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if module < imported and graph.chain_exists(importer=imported, imported=module):
                circles.append(f"{module} <-> {imported}")
    assert circles == []


def test_every_app_is_placed_in_a_layer():
    """A new app must be given its layer (the contract is exhaustive, and this says which)."""
    apps = {path.name for path in SOURCE.iterdir() if (path / "__init__.py").exists()}
    assert apps <= set(_layer_apps()), apps - set(_layer_apps())


def test_the_architecture_page_describes_every_app():
    page = ARCHITECTURE.read_text()
    missing = [app for app in _layer_apps() if f"### {app}/" not in page]
    assert missing == []


def test_the_architecture_page_lists_every_allowed_upward_import():
    page = ARCHITECTURE.read_text()
    allowed = [line for contract in _contracts() for line in contract.get("ignore_imports", [])]
    assert [line for line in allowed if f"`{line}`" not in page] == []
    listed = re.findall(r"^\| `(tradefair\.[\w.]+ -> tradefair\.[\w.]+)` \|", page, flags=re.M)
    assert sorted(listed) == sorted(allowed), "the table lists exactly the allowed exceptions"


def _resolves(dotted: str) -> bool:
    """An app module, or a name defined in one (``matchmaking.domain.rounds.run_round``)."""
    parts = f"tradefair.{dotted}".split(".")
    for split in range(len(parts), 1, -1):
        try:
            target = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for name in parts[split:]:
            if not hasattr(target, name):
                return False
            target = getattr(target, name)
        return True
    return False


def test_the_architecture_page_names_real_code():
    """Every dotted name in backquotes that starts with an app (``deals.domain.recording.record_deal``)
    exists: a renamed or moved function shows here until the page follows it."""
    page = ARCHITECTURE.read_text()
    apps = "|".join(_layer_apps())
    names = set(re.findall(rf"`((?:{apps})\.[a-z_][\w.]*)`", page))
    assert len(names) > 50
    assert sorted(name for name in names if not _resolves(name)) == []
