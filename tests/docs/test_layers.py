"""The folder listing is the architecture: each layer imports only the layers beneath it.

The core (the modules at the top of microgd/) imports nothing from the outer layers; learning
and drawing each build on the core alone; pictures draws what learning and drawing make; the
command line may use anything. Every import counts, the ones inside functions and under
``if TYPE_CHECKING:`` too, and no chain of imports comes back to where it started.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "microgd"

# What each layer may import, itself included. "microgd" is the package's __init__.py, the
# public API gathered in one place: only the command line reads it (for __version__).
ALLOWED = {
    "core": {"core"},
    "learning": {"core", "learning"},
    "drawing": {"core", "drawing"},
    "pictures": {"core", "learning", "drawing", "pictures"},
    "cli": {"core", "learning", "drawing", "pictures", "cli", "microgd"},
    "microgd": {"core", "learning", "drawing"},  # the public API: never the pictures, nor the cli
}
SUBPACKAGES = {"learning", "drawing", "pictures", "cli"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    parts = module.split(".")
    if module == "microgd":
        return "microgd"
    if parts[1] in SUBPACKAGES:
        return parts[1]
    if parts[1] == "nn":  # micrograd's name for the models, kept at the top: part of learning
        return "learning"
    if parts[1] == "__main__":  # `python -m microgd` runs the command line
        return "cli"
    return "core"


def imports_of(module: str) -> set[str]:
    """Every microgd module that ``module`` imports, anywhere in its source."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    return imports_in(path.read_text(encoding="utf-8"), package) - {module}


def imports_in(source: str, package: str) -> set[str]:
    """Every microgd module imported anywhere in ``source``, a module of ``package``."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # a relative import: from .x import y
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # `from microgd.pictures import plots` imports the module microgd.pictures.plots
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in MODULES}
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


SOURCE = """
import microgd.backprop
from typing import TYPE_CHECKING
from microgd.engine import Value
from . import summarize
from ..learning.models import Line
from microgd.pictures import plots
if TYPE_CHECKING:
    from microgd.drawing.paths import Step
def later():
    from microgd.cli.demo import run_demo
"""


def test_the_scan_sees_every_kind_of_import():
    assert imports_in(SOURCE, "microgd.drawing") == {
        "microgd.backprop", "microgd.engine", "microgd.drawing.summarize", "microgd.learning.models",
        "microgd.pictures.plots", "microgd.drawing.paths", "microgd.cli.demo"}
    assert "microgd.engine" in GRAPH["microgd.learning.models"]
    assert "microgd.cli.demo" in GRAPH["microgd.cli.main"]  # inside a function
    assert len([m for m in MODULES if layer(m) == "core"]) >= 7


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_imports_only_the_layers_beneath_it(module):
    wrong = sorted(name for name in GRAPH[module] if layer(name) not in ALLOWED[layer(module)])
    assert not wrong, f"{module} ({layer(module)}) may import only {sorted(ALLOWED[layer(module)])}, but imports {wrong}"


def test_no_import_cycle():
    done: set[str] = set()
    path: list[str] = []

    def visit(module: str) -> None:
        if module in path:
            cycle = path[path.index(module):] + [module]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if module in done:
            return
        path.append(module)
        for name in sorted(GRAPH[module]):
            visit(name)
        path.pop()
        done.add(module)

    for module in sorted(GRAPH):
        visit(module)
