"""`make bench`: time each build stage, each notebook, and an empty notebook as the floor.

Targets (checked here, not in unit tests): `make run` after installation within 60 s on 2 cores.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from compare.build import build
from compare.notebooks import execute_notebook, notebook_paths
from compare.paths import DEFAULT


def _time(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> int:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    rows: list[tuple[str, float, str]] = []
    timings = build(DEFAULT, check=True)
    rows += [(f"build stage {k}", v, "s") for k, v in timings.items()]
    for extra in _extra_benchmarks():
        rows.append(extra)
    with tempfile.TemporaryDirectory() as d:
        empty = Path(d) / "empty.ipynb"
        nb = new_notebook(cells=[new_code_cell("1 + 1")])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, empty)
        rows.append(("notebook (empty, floor)", _time(lambda: execute_notebook(empty, write=False)), "s"))
    total_nb = 0.0
    for path in notebook_paths(DEFAULT):
        t = _time(lambda p=path: execute_notebook(p, write=False))
        total_nb += t
        rows.append((f"notebook {path.name}", t, "s"))
    rows.append(("notebooks total", total_nb, "s"))
    width = max(len(n) for n, _, _ in rows)
    for name, value, unit in rows:
        print(f"{name:<{width}}  {value:8.2f} {unit}")
    return 0


def _extra_benchmarks() -> list[tuple[str, float, str]]:
    """Stage-specific comparisons registered by later stages (e.g. tokenizer vs raw SudachiPy)."""
    try:
        from compare import benchmarks
    except ImportError:
        return []
    return benchmarks.run()


if __name__ == "__main__":
    sys.exit(main())
