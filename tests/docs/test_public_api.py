"""Every public name is importable from ``microgd`` itself, the ones the demos use included.

A learner who meets ``from microgd.learning.curves import descend`` in a demo should be able to write
``from microgd import descend`` too. The pictures are the one exception, on purpose: they
need matplotlib, an optional extra, so ``import microgd`` must not import them.
"""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

import microgd

ROOT = Path(__file__).resolve().parents[2]
PICTURE_PACKAGE = "pictures"  # needs matplotlib: not re-exported


def submodule_imports(source: str) -> set[tuple[str, str]]:
    """Every (module, name) in a ``from microgd.<module> import <name>`` of some Python source."""
    return {(node.module.split(".", 1)[1], alias.name) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("microgd.")
            for alias in node.names}


def used_by_demos_and_readme() -> list[tuple[str, str]]:
    found = set()
    for demo in sorted((ROOT / "demos").glob("*.py")):
        found |= submodule_imports(demo.read_text(encoding="utf-8"))
    # ```python blocks are run by test_readme.py, ```py blocks are excerpts of the source: both count
    for block in re.findall(r"```py(?:thon)?\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S):
        found |= submodule_imports(block)
    return sorted((module, name) for module, name in found if module.split(".")[0] != PICTURE_PACKAGE)


def test_every_name_in_all_is_importable_from_microgd():
    assert len(set(microgd.__all__)) == len(microgd.__all__), "a name is listed twice in __all__"
    for name in microgd.__all__:
        namespace: dict = {}
        exec(f"from microgd import {name}", namespace)
        assert namespace[name] is getattr(microgd, name)


def test_the_scan_finds_imports_from_submodules():
    assert ("learning.curves", "descend") in submodule_imports("from microgd.learning.curves import descend")
    assert ("pictures.plots", "demo_options") in submodule_imports((ROOT / "demos" / "03_tangent.py").read_text())


@pytest.mark.parametrize("demo", sorted(path.name for path in (ROOT / "demos").glob("*.py")))
def test_demos_import_public_names_from_microgd_itself(demo):
    found = submodule_imports((ROOT / "demos" / demo).read_text(encoding="utf-8"))
    wrong = sorted(f"from microgd.{module} import {name}" for module, name in found if module.split(".")[0] != PICTURE_PACKAGE)
    assert not wrong, f"{demo}: write `from microgd import ...` for public names, not {wrong}"


def test_names_the_demos_and_readme_import_from_submodules_are_public_in_microgd():
    for module, name in used_by_demos_and_readme():  # none today: the demos import from microgd itself
        assert name in microgd.__all__, f"from microgd.{module} import {name}: add {name} to microgd/__init__.py"
        assert getattr(microgd, name) is getattr(importlib.import_module(f"microgd.{module}"), name)


def test_import_microgd_does_not_import_matplotlib():
    code = "import sys, microgd; print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]", "import microgd should work without matplotlib (the `plots` extra)"
