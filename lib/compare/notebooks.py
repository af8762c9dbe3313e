"""Execute the numbered notebooks in place, deterministically (outputs are committed)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from .paths import DEFAULT, Layout

__all__ = ["notebook_paths", "execute_notebook", "execute_all"]


def notebook_paths(layout: Layout = DEFAULT) -> list[Path]:
    """`notebooks/NN-*.ipynb` in run order."""
    return sorted(p for p in layout.notebooks.glob("[0-9][0-9]-*.ipynb"))


def execute_notebook(path: Path, *, timeout: int = 600, write: bool = True):
    """Run one notebook top to bottom in a fresh kernel with the notebook's folder as working directory.

    Execution timestamps are not recorded, so a rerun changes no byte unless an output changed.
    """
    import nbformat
    from nbclient import NotebookClient

    os.environ.setdefault("PYTHONHASHSEED", "0")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    nb.metadata.pop("widgets", None)
    if write:
        nbformat.write(nb, path)
    return nb


def execute_all(layout: Layout = DEFAULT):
    """Execute every notebook in order; yields (name, seconds)."""
    for path in notebook_paths(layout):
        t0 = time.perf_counter()
        execute_notebook(path)
        yield path.name, time.perf_counter() - t0
