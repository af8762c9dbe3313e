"""The committed notebooks: numbered, one parameter cell, thin, and no warnings or errors in their outputs."""

from __future__ import annotations

import os
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


def test_keyness_sentences_say_what_the_table_says():
    """Every claim word in the generated keyness prose is backed by keyness.csv: a term named as distinctive is
    distinctive in that comparison (q_element < .05), "no distinctive term" means none is, and the counts agree."""
    from compare.io import datasets as ds
    from compare.plots import CityStyle
    from compare.publish import prose

    key, style = ds.load_keyness(), CityStyle(ds.load_cities())
    label_to_id = {style.label(c): c for c in style.ids}
    short_to_id = {style.short(c): c for c in style.ids}
    line = re.compile(r"^- \*\*(?P<city>.+?)\*\* vs (?P<ref>.+?): (?P<claim>.*)$")
    checked = 0
    for view in dict.fromkeys(key.view):
        for comparison in ("one-vs-rest", "pairwise"):
            for text in prose.distinctive(key, style, view=view, comparison=comparison).splitlines():
                m = line.match(text)
                if not m:
                    continue
                city = label_to_id[m["city"]]
                ref = "rest" if m["ref"] == "the other cities" else short_to_id[m["ref"]]
                rows = key[(key.view == view) & (key.comparison == comparison) & (key.city == city)
                           & (key.reference == ref)]
                found = rows[rows.distinctive]
                claim = m["claim"]
                if claim.startswith("no distinctive term"):
                    assert found.empty, text
                elif "distinctive term" in claim:
                    n = int(re.match(r"(\d+) distinctive term", claim)[1])
                    assert n == len(found) and (found.q_element < 0.05).all(), text
                    named = re.findall(r"(?:— |, )([^\s(,]+) \(log ratio", claim)
                    assert named and set(named) <= set(found.term), text
                else:
                    assert claim.startswith("too few elements") and not rows.testable.any(), text
                checked += 1
    assert checked
    summary = prose.keyness_summary(key, style, view="plan")
    testable = key[(key.view == "plan") & key.testable]
    n_found = testable[testable.distinctive].groupby(["comparison", "city", "reference"]).ngroups
    assert summary.startswith(f"On `plan` text, {n_found} of ")


def _fake_run(tmp_path):
    """A layout with two notebooks and a figure, and what a finished execution would write (no kernel needed)."""
    import nbformat

    from compare.core.paths import Layout

    layout = Layout(tmp_path)
    layout.notebooks.mkdir(parents=True)
    (layout.figures).mkdir(parents=True)
    (layout.figures / "old.png").write_bytes(b"old figure")
    done = []
    for name in ("00-a.ipynb", "01-b.ipynb"):
        path = layout.notebooks / name
        path.write_text("old notebook", encoding="utf-8")
        done.append((path, nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"new {name}")]), 0.0))
    staging = layout.root / f".figures.staging-{os.getpid()}"
    staging.mkdir()
    (staging / "new.png").write_bytes(b"new figure")
    return layout, done, staging


def test_a_full_disk_while_writing_notebooks_changes_nothing_and_is_one_line(tmp_path, monkeypatch):
    import builtins

    from compare.core.errors import InputError
    from compare.publish.notebooks import _write_all

    layout, done, staging = _fake_run(tmp_path)
    real_open, calls = builtins.open, []

    def full(file, mode="r", *a, **k):
        if "w" in mode and ".ipynb.tmp-" in str(file):
            calls.append(file)
            if len(calls) == 2:
                raise OSError(28, "No space left on device")
        return real_open(file, mode, *a, **k)

    monkeypatch.setattr(builtins, "open", full)
    with pytest.raises(InputError, match=r"notebooks: cannot write the executed notebooks \(No space left on device\); "
                                         r"notebooks/ and figures/ are unchanged"):
        _write_all(done, staging, layout)
    monkeypatch.undo()
    assert sorted(p.name for p in layout.notebooks.iterdir()) == ["00-a.ipynb", "01-b.ipynb"]
    assert all(p.read_text(encoding="utf-8") == "old notebook" for p in layout.notebooks.iterdir())
    assert [p.name for p in layout.figures.iterdir()] == ["old.png"] and not staging.exists()


def test_a_swap_a_kill_interrupted_is_finished_at_the_next_start(tmp_path):
    import json

    from compare.publish.notebooks import recover_notebooks

    layout, done, staging = _fake_run(tmp_path)
    # killed after journaling, with one notebook renamed and the figures not yet swapped
    pairs = []
    for path, _nb, _ in done:
        tmp = path.parent / f".{path.name}.tmp-999999"
        tmp.write_text("new " + path.name, encoding="utf-8")
        pairs.append((str(tmp), str(path)))
    os.replace(pairs[0][0], pairs[0][1])
    (layout.notebooks / ".swap.json").write_text(json.dumps({"notebooks": pairs, "figures": str(staging)}),
                                                 encoding="utf-8")
    recover_notebooks(layout)
    assert [p.read_text(encoding="utf-8") for p in sorted(layout.notebooks.glob("*.ipynb"))] == [
        "new 00-a.ipynb", "new 01-b.ipynb"]
    assert [p.name for p in layout.figures.iterdir()] == ["new.png"]
    assert sorted(p.name for p in layout.notebooks.iterdir()) == ["00-a.ipynb", "01-b.ipynb"]
    # killed while writing (no journal): the previous state stands and the leftovers of the dead run go
    (layout.notebooks / ".00-a.ipynb.tmp-999999").write_text("half", encoding="utf-8")
    (layout.root / ".figures.staging-999999").mkdir()
    recover_notebooks(layout)
    assert (layout.notebooks / "00-a.ipynb").read_text(encoding="utf-8") == "new 00-a.ipynb"
    assert not (layout.notebooks / ".00-a.ipynb.tmp-999999").exists()
    assert not (layout.root / ".figures.staging-999999").exists()
