"""The committed notebooks: numbered, one parameter cell, thin, and no warnings or errors in their outputs."""

from __future__ import annotations

import re

import nbformat
import pytest

from compare.publish.notebooks import notebook_paths

NOTEBOOKS = notebook_paths()


def test_notebooks_are_numbered_in_run_order():
    names = [p.name for p in NOTEBOOKS]
    assert names[:2] == ["00-guide.ipynb", "01-corpus-overview.ipynb"]
    assert [int(n[:2]) for n in names] == list(range(len(names)))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_hygiene(path):
    nb = nbformat.read(path, as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1, "exactly one parameter cell"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "committed with outputs (run `make run`)"
    for c in code:
        for out in c.get("outputs", []):
            assert out.output_type != "error", c.source[:60]
            assert not (out.output_type == "stream" and out.name == "stderr"), f"stderr in: {c.source[:60]}"
            text = str(out.get("text", "")) + str(out.get("data", {}).get("text/plain", ""))
            assert "/work/" not in text and not re.search(r"0x[0-9a-f]{8,}", text), "machine-specific output"
        # thin notebooks: no function definitions beyond a few lines, no processed table read by path
        for m in re.finditer(r"^def \w+", c.source, flags=re.M):
            body = c.source[m.start():].split("\n\n")[0]
            assert body.count("\n") <= 4, "logic belongs in compare/"
        assert ("read_csv" not in c.source
                and "data/processed" not in c.source), "load tables through compare.io.datasets"


_COUNT = re.compile(r"(?<![第\w.(])(\d[\d,.]*)\s*(items?|rows?|terms?|cities|goals?|sections?|tokens?|programmes?|"
                    r"nodes?|elements?|themes?|pairs?|edges?|件|個|市|行|語|項目)", re.I)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_hand_typed_counts_in_markdown(path):
    """Numbers that describe the data come from code; markdown may cite laws, years and methods, not counts."""
    nb = nbformat.read(path, as_version=4)
    for c in nb.cells:
        if c.cell_type == "markdown":
            hits = _COUNT.findall("\n".join(ln for ln in c.source.splitlines() if not ln.startswith("#")))
            assert not hits, f"hand-typed count(s) {hits} in: {c.source[:80]!r}"


def test_cities_are_never_listed_in_code():
    names = ("sendai", "sagamihara", "hatsukaichi")
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for c in nb.cells:
            if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", []):
                assert not any(f'"{n}"' in c.source for n in names), f"{path.name}: city named in {c.source[:60]!r}"
