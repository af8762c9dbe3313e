"""Maintainer helper: write a notebook from a list of (kind, source) cells (used to author notebooks/).

Usage from a script:
    from nbtools import write_notebook; write_notebook(path, [("md", "# Title"), ("params", "X = 1"), ("code", "…")])
The committed .ipynb files are the source of truth; this only saves typing JSON by hand.
"""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


def write_notebook(path, cells):
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, (kind, src) in enumerate(cells):
        src = src.strip("\n")
        if kind == "md":
            cell = new_markdown_cell(src)
        else:
            cell = new_code_cell(src)
            if kind == "params":
                cell.metadata["tags"] = ["parameters"]
        cell["id"] = f"c{i:02d}"
        nb.cells.append(cell)
    nbformat.write(nb, path)
