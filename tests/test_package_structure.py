"""The library's layout is a rule, not a habit: layers import only downwards, nothing imports in a circle, loaders
stay light, every concept has one home (in the spirit of scanpy's tests/test_package_structure.py)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import compare

PKG = Path(compare.__file__).parent
#: Layers from the bottom up: a module may import its own layer and the layers below it, never one above.
LAYERS = ("core", "io", "parse", "text", "analysis", "pipeline", "plots", "publish", "testing")
#: What analysis code may take from io: declarations only (it never touches the layout or the disk).
ANALYSIS_MAY_USE_FROM_IO = {"compare.io.schemas"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """``compare`` modules imported anywhere in a file (module level and inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{name}: relative import (imports are absolute: compare.<layer>.<module>)"
            base = node.module or ""
            for a in node.names:
                full = f"{base}.{a.name}"
                found.add(full if full in MODULES else base)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m.startswith("compare.")}


def _layer(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_module_belongs_to_a_layer():
    top = {n for n in MODULES if n.count(".") == 1}
    assert top - {f"compare.{layer}" for layer in LAYERS} == {"compare.__main__"}, "modules outside the layers"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _layer(n)))
def test_layers_import_only_downwards(name):
    mine = LAYERS.index(_layer(name))
    for imported in _imports(name, MODULES[name]):
        theirs = _layer(imported)
        assert theirs is not None, f"{name} imports {imported}, which is in no layer"
        assert LAYERS.index(theirs) <= mine, f"{name} ({LAYERS[mine]}) imports {imported} ({theirs}), a higher layer"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _layer(n) == "analysis"))
def test_analysis_never_touches_the_disk(name):
    for imported in _imports(name, MODULES[name]):
        if _layer(imported) == "io":
            assert imported in ANALYSIS_MAY_USE_FROM_IO, f"{name} imports {imported}: the pipeline hands tables in"
        assert imported != "compare.core.paths", f"{name} imports the layout: analysis code gets tables, not paths"


def test_no_import_circles():
    graph = {n: {m for m in _imports(n, p) if m in MODULES and m != n} for n, p in MODULES.items()}
    state: dict[str, int] = {}

    def visit(n: str, stack: list[str]) -> None:
        state[n] = 1
        for m in sorted(graph[n]):
            if state.get(m) == 1 and not n.startswith(m + "."):     # a package's __init__ may name its children
                raise AssertionError("import circle: " + " → ".join(stack[stack.index(m):] + [m]))
            if m not in state:
                visit(m, stack + [m])
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n, [n])


def test_every_module_says_what_it_is_and_exports():
    for name, path in MODULES.items():
        tree = ast.parse(path.read_bytes())
        assert ast.get_docstring(tree), f"{name}: no module docstring"
        if path.name != "__init__.py" and name != "compare.__main__":
            names = {t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets
                     if isinstance(t, ast.Name)}
            assert "__all__" in names, f"{name}: no __all__"


def test_loaders_import_no_scipy_stats_or_sklearn():
    code = ("import sys, compare.io.datasets, compare.io.reference; "
            "print(sorted(m for m in ('scipy.stats', 'sklearn', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_seeds_and_the_city_limit_have_one_home():
    import re

    for name, path in MODULES.items():
        if name == "compare.core.settings":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"seed\s*[:=][^=\n]*\b(42|20261123)\b|seed=\d", text), f"{name}: a seed typed in a module"
        assert not re.search(r"cities\s*:\s*int\s*=\s*\d", text), f"{name}: a city limit typed in a module"


def test_tests_mirror_the_packages():
    """Each folder of tests/ is named after the subpackage it tests; only cross-cutting tests (structure, faults,
    N cities) sit at the top."""
    tests = Path(__file__).parent
    for folder in sorted(p for p in tests.rglob("*") if p.is_dir() and p.name != "__pycache__"):
        package = PKG.joinpath(*folder.relative_to(tests).parts)
        assert (package / "__init__.py").exists(), f"tests/{folder.relative_to(tests)} mirrors no subpackage"
    top = sorted(p.name for p in tests.glob("test_*.py"))
    assert top == ["test_faults.py", "test_ncities.py", "test_package_structure.py"], top
