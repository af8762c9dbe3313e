"""Fault injection: every way the project was broken on purpose ends in a one-line error naming the file (and line or
cell), or heals by itself; data/processed/, figures/ and notebooks/ are left entirely old or entirely new."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import subprocess
import sys

import pytest

from compare.core.errors import ChecksumError, InputError, ValidationError
from compare.core.paths import DEFAULT
from compare.core.plan import NODE_COLUMNS
from compare.io.files import atomic_write_bytes
from compare.io.registry import load_registry
from compare.io.staging import build_lock, recover_processed, write_processed
from compare.io.validate import read_reference
from compare.pipeline.build import build
from compare.pipeline.parse import parse_all


def _cli(layout, *args, env_extra=None, flags=()):
    env = {**os.environ, "COMPARE_ROOT": str(layout.root), **(env_extra or {})}
    return subprocess.run([sys.executable, *flags, "-m", "compare", *args], capture_output=True, text=True, env=env,
                          cwd=layout.root)


def _one_line_error(proc, *needles):
    assert proc.returncode == 2, proc.stderr[-800:]
    err = [ln for ln in proc.stderr.splitlines() if ln.startswith("error: ")]
    assert len(err) == 1 and "Traceback" not in proc.stderr, proc.stderr[-800:]
    for n in needles:
        assert n in err[0], err[0]
    return err[0]


def _digests(d):
    return {p.relative_to(d).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.rglob("*"))
            if p.is_file()}


def _register(layout, name, rows, *, city="kobe", encoding="utf-8", header=",".join(NODE_COLUMNS)):
    path = layout.raw / name
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode(encoding))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with layout.registry.open("a", encoding="utf-8") as fh:
        fh.write(f"{city},{city}市,{name},{digest},{city}市地域福祉計画,令和6年度\n")


GOOD = ["kobe.vision,kobe,main,vision,,1,基本理念,みんなで支えあうまち,,,,",
        "kobe.g1,kobe,main,goal,kobe.vision,1,基本目標1,つながる地域,,,,",
        "kobe.g1.p1,kobe,main,policy,kobe.g1,1,(1),相談支援の充実,身近な相談,,,"]


# ------------------------------------------------------------------------------------------- 1. writes

def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "notebook.ipynb"
    target.write_bytes(b"old")
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096)); "
            "import signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
            "from compare.io.files import atomic_write_bytes; from pathlib import Path; "
            f"atomic_write_bytes(Path({str(target)!r}), b'x' * 100000)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode != 0 and "File too large" in proc.stderr
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["notebook.ipynb"]


def test_a_failing_notebook_names_notebook_and_cell_and_changes_nothing(project_copy, monkeypatch):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    from compare.publish.notebooks import NotebookError, execute_all

    shutil.copytree(DEFAULT.processed, project_copy.processed)
    project_copy.notebooks.mkdir()
    project_copy.figures.mkdir()
    (project_copy.figures / "old.png").write_bytes(b"old figure")          # a figure of an earlier run (captioned)
    (project_copy.figures / "captions.json").write_text('{"old": "an earlier figure"}', encoding="utf-8")
    for name, src in (("00-ok.ipynb", "from compare.plots import plt, save_figure\nfig, ax = plt.subplots()\n"
                                      "print(save_figure(fig, 'new', caption='x'))"),
                      ("01-bad.ipynb", "1 + 1"), ("02-after.ipynb", "2")):
        nb = new_notebook(cells=[new_code_cell(src),
                                 new_code_cell("raise ValueError('boom')" if "bad" in name else "3")])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, project_copy.notebooks / name)
    before_nb, before_fig = _digests(project_copy.notebooks), _digests(project_copy.figures)
    monkeypatch.setenv("COMPARE_ROOT", str(project_copy.root))
    with pytest.raises(NotebookError, match=r"01-bad.ipynb: cell 2: ValueError: boom"):
        list(execute_all(project_copy))
    assert _digests(project_copy.notebooks) == before_nb and _digests(project_copy.figures) == before_fig
    assert not list(project_copy.root.glob(".figures.staging-*"))


def test_a_damaged_notebook_is_named_with_what_to_do(project_copy):
    from compare.publish.notebooks import NotebookError, execute_notebook

    project_copy.notebooks.mkdir()
    path = project_copy.notebooks / "00-x.ipynb"
    path.write_text('{"cells": [', encoding="utf-8")
    with pytest.raises(NotebookError, match=r"00-x.ipynb: cannot be read as a notebook .*git checkout"):
        execute_notebook(path, layout=project_copy)


# ------------------------------------------------------------------------------------------- 2. raw files

def test_an_unregistered_raw_file_stops_the_build(project_copy):
    lines = project_copy.manifest.read_text(encoding="utf-8").splitlines()
    project_copy.manifest.write_text("\n".join(ln for ln in lines if not ln.startswith("sagamihara_summary.txt"))
                                     + "\n", encoding="utf-8")
    with pytest.raises(ChecksumError, match=r"sagamihara_summary.txt: this file is in data/raw/ but in neither"):
        parse_all(project_copy)


def test_verification_holds_under_python_dash_O(project_copy):
    path = project_copy.raw / "sagamihara_summary.txt"
    path.write_bytes(path.read_bytes().replace("相模原".encode(), "相模原市".encode(), 1))
    _one_line_error(_cli(project_copy, "build", flags=("-O",)), "sagamihara_summary.txt", "checksum mismatch")
    assert not project_copy.processed.exists()


def test_an_unreadable_raw_file_is_one_line(project_copy, monkeypatch):
    import pathlib

    real = pathlib.Path.read_bytes

    def deny(self):
        if self.name == "sendai_overview.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", deny)
    with pytest.raises(InputError, match=r"sendai_overview.txt: permission denied"):
        parse_all(project_copy)


# ------------------------------------------------------------------------------------------- 3. the processed set

def test_an_interrupted_swap_is_completed_or_undone(tmp_path):
    from compare.core.paths import Layout

    layout = Layout(tmp_path)
    write_processed({"a.csv": b"old\n"}, layout)
    # a kill between the two renames: the old set moved aside, the new one complete in staging
    staging = layout.data / ".processed.staging-1-1"
    staging.mkdir()
    (staging / "a.csv").write_bytes(b"new\n")
    (staging / ".complete").write_bytes(b"")
    os.replace(layout.processed, layout.data / ".processed.old-1-1")
    recover_processed(layout)
    assert (layout.processed / "a.csv").read_bytes() == b"new\n"
    assert sorted(p.name for p in layout.data.iterdir()) == ["processed"]
    # a kill while staging: the new set incomplete, the old one still in place
    staging.mkdir()
    (staging / "a.csv").write_bytes(b"half")
    recover_processed(layout)
    assert (layout.processed / "a.csv").read_bytes() == b"new\n" and not staging.exists()
    # a kill after the old set moved aside and before staging was complete: the old set comes back
    os.replace(layout.processed, layout.data / ".processed.old-2-2")
    recover_processed(layout)
    assert (layout.processed / "a.csv").read_bytes() == b"new\n"


@pytest.mark.parametrize("how", ["raises", "dies"])
def test_a_stage_failing_in_a_worker_leaves_the_processed_set_untouched(project_copy, how):
    import time

    from compare.core.workers import StageFailed
    from compare.pipeline.stages import STAGES, Stage

    shutil.copytree(DEFAULT.processed, project_copy.processed)     # the copy's inputs are the project's
    before = _digests(project_copy.processed)

    def bad(inputs, config, *, text=None):
        time.sleep(0.2)
        if how == "raises":
            raise ValueError("boom in the themes worker")
        os._exit(9)

    # two uncached stages ready together, so both run in workers (the rest come from the cache)
    stages = tuple(Stage("themes-broken", bad, s.reads, s.references, s.config) if s.name == "themes"
                   else s for s in STAGES) + (Stage("idle", lambda *a, **k: time.sleep(1) or {}, ("nodes.csv",), (),
                                                    None),)
    with pytest.raises(ValueError if how == "raises" else StageFailed,
                       match="boom in the themes worker" if how == "raises" else "stage 'themes-broken'"):
        build(project_copy, stages=stages, workers=2)
    assert _digests(project_copy.processed) == before
    assert not [p for p in project_copy.data.iterdir() if p.name.startswith(".processed")]


def test_files_no_longer_produced_disappear(tmp_path):
    from compare.core.paths import Layout

    layout = Layout(tmp_path)
    write_processed({"nodes.csv": b"1\n", "networks/actors-kobe.graphml": b"x"}, layout)
    write_processed({"nodes.csv": b"2\n"}, layout)   # a city dropped: its network files were the build's
    assert sorted(p.relative_to(layout.processed).as_posix() for p in layout.processed.rglob("*")) == ["nodes.csv"]


@pytest.mark.slow
def test_concurrent_builds_are_serialised_and_identical(project_copy):
    env = {**os.environ, "COMPARE_ROOT": str(project_copy.root)}
    procs = [subprocess.Popen([sys.executable, "-m", "compare", "build"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-500:] for o in outs]
    assert any("waiting" in o[1] for o in outs)
    assert not [p for p in project_copy.data.iterdir() if p.name.startswith(".processed")]
    assert _digests(project_copy.processed) == _digests(DEFAULT.processed)   # the same inputs: the committed set


# ------------------------------------------------------------------------------------------- 4. extra cities

@pytest.mark.parametrize("rows, message", [
    (GOOD + ["kobe.g2,kobe,main,goal,sendai.g1,2,,目標,,,,"],
     r"line 5: parent_id 'sendai.g1' of node 'kobe.g2' is not a node id of this file"),
    (GOOD + ["kobe.g2,kobe,main,goal,kobe.g2,2,,目標,,,,"], r"line 5: node 'kobe.g2' is its own parent"),
    (GOOD + ["kobe.x,kobe,main,goal,kobe.y,2,,目標,,,,", "kobe.y,kobe,main,goal,kobe.x,2,,目標,,,,"],
     r"line 5: parent cycle kobe.x → kobe.y → kobe.x"),
    (GOOD + ["kobe/../x,kobe,main,goal,kobe.g1,2,,目標,,,,"], r"line 5: column 'node_id': must be letters, digits"),
    (GOOD + ["kobe.g2,kobe,main,chapter,kobe.vision,2,,章,,,,"], r"line 5: column 'level': must be one of vision"),
    (GOOD + ["kobe.g1,kobe,main,goal,kobe.vision,2,,目標,,,,"],
     r"line 5: column 'node_id': duplicate value 'kobe.g1' \(first on line 3\)"),
    (GOOD + ["kobe.g2,kobe,main,goal,kobe.vision,2,,  ,,,,"], r"line 5: column 'title': must not be empty"),
    (GOOD + ["kobe.g2,kobe,main,goal,kobe.vision,two,,目標,,,,"], r"line 5: column 'ordinal': must be a whole number"),
    (GOOD + ["kobe.g2,kobe,main,goal,kobe.vision,2,,目標"], r"line 5: expected 12 cells"),
    (GOOD + ["kobe.g2,osaka,main,goal,kobe.vision,2,,目標,,,,"], r"line 5: city must be 'kobe' as registered"),
])
def test_bad_extra_city_files_are_named_with_line_and_rule(project_copy, rows, message):
    _register(project_copy, "kobe_nodes.csv", rows)
    with pytest.raises(ValidationError, match=rf"kobe_nodes.csv, line .*{message}" if "line" not in message[:5] else
                       rf"kobe_nodes.csv, {message}"):
        parse_all(project_copy)


def test_a_deep_chain_is_fine_and_needs_no_recursion(project_copy):
    rows = ["kobe.v,kobe,main,vision,,1,,理念,,,,"] + [
        f"kobe.n{i},kobe,main,goal,{'kobe.v' if i == 0 else f'kobe.n{i - 1}'},{i},,目標{i},,,," for i in range(1200)]
    _register(project_copy, "kobe_nodes.csv", rows)
    cities = {c.city: c for c in parse_all(project_copy)}
    import pandas as pd

    from compare.analysis.align.features import ancestor_at
    from compare.analysis.themes import descendants

    nodes = pd.DataFrame([n.as_row() for n in cities["kobe"].nodes])
    assert len(descendants(nodes)["kobe.v"]) == 1200 and ancestor_at(nodes, "vision")["kobe.n1199"] == "kobe.v"


def test_another_citys_node_id_in_a_registered_file_is_refused_by_its_prefix(project_copy):
    """Node ids start with their city's id and a dot, so two cities' ids can never collide (the cross-city
    uniqueness check stays behind it for the built-in parsers)."""
    _register(project_copy, "kobe_nodes.csv", GOOD)
    other = [r.replace("kobe,main", "osaka,main") for r in GOOD]
    _register(project_copy, "osaka_nodes.csv", other, city="osaka")
    with pytest.raises(ValidationError, match=r"osaka_nodes.csv, line 2: node id 'kobe.vision' must start with the "
                                              r"city id and a dot \('osaka.'\)"):
        parse_all(project_copy)


def test_excel_encodings_are_read_and_bad_bytes_named(project_copy):
    _register(project_copy, "kobe_nodes.csv", GOOD, encoding="cp932")
    assert "kobe" in {c.city for c in parse_all(project_copy)}
    bad = project_copy.raw / "kobe_nodes.csv"
    bad.write_bytes(bad.read_bytes() + b"kobe.x,kobe,main,goal,kobe.g1,2,,\x81\n")
    reg = project_copy.registry.read_text(encoding="utf-8").splitlines()
    digest = hashlib.sha256(bad.read_bytes()).hexdigest()
    project_copy.registry.write_text("\n".join(reg[:-1] + [reg[-1].split(",")[0] + ",kobe市,kobe_nodes.csv," + digest
                                                           + ",kobe市地域福祉計画,令和6年度"]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"kobe_nodes.csv, line 5: expected UTF-8 \(with or without BOM\) or CP932"):
        parse_all(project_copy)


def test_cli_errors_are_one_line(project_copy):
    _register(project_copy, "kobe_nodes.csv", GOOD + ["kobe.g2,kobe,main,goal,kobe.g2,2,,目標,,,,"])
    _one_line_error(_cli(project_copy, "build"), "kobe_nodes.csv, line 5", "its own parent")


@pytest.mark.parametrize("setup, args, needle", [
    ("workers=abc", ["build"], "COMPARE_WORKERS: expected a whole number"),
    ("workers=", ["build"], "found ''"),
    ("workers=1.5", ["build"], "found '1.5'"),
    ("root=file", ["build"], "not a folder"),
    ("root=empty", ["notebooks"], "not a project root"),
    ("root=empty", ["check"], "not a project root"),
    ("nonotebooks", ["notebooks"], "no notebooks"),
    ("", ["align", "sendai", "sagamihara", "--out", "missing/dir/x.csv"], "its folder does not exist"),
])
def test_environment_problems_are_one_line(tmp_path, monkeypatch, setup, args, needle):
    """A bad environment value or project root is one line and exit 2, and nothing is created (no .cache/ lock in a
    mistyped root)."""
    from compare.core.paths import DEFAULT, Layout
    from conftest import run_cli

    kind, _, value = setup.partition("=")
    layout = DEFAULT
    if kind == "workers":
        monkeypatch.setenv("COMPARE_WORKERS", value)
    elif kind == "root":
        target = tmp_path / ("a-file" if value == "file" else "empty")
        target.write_text("x") if value == "file" else target.mkdir()
        monkeypatch.setenv("COMPARE_ROOT", str(target))
        layout = Layout(target)
    elif kind == "nonotebooks":
        (tmp_path / "data" / "raw").mkdir(parents=True)
        (tmp_path / "data" / "raw" / "MANIFEST.csv").write_text("file\n")
        layout = Layout(tmp_path)
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    run = run_cli(layout, *args)
    assert run.returncode == 2 and needle in run.stderr and run.stderr.count("\n") == 1, run.stderr
    assert "Traceback" not in run.stderr and sorted(p.name for p in tmp_path.rglob("*")) == before


# ------------------------------------------------------------------------------------------- 5. reference tables

@pytest.mark.parametrize("table, edit, message", [
    ("actors", lambda t: t + "空,resident,,empty variant\n", r"column 'variants': must"),
    ("actors", lambda t: t + "空,resident,a||b,gloss\n", r"must list non-empty spellings"),
    ("actors", lambda t: t + "新主体,alien,新主体,gloss\n", r"column 'kind': must be one of council"),
    ("owners", lambda t: t + "交通局,市民局,bureau,dup\n", r"column 'variant': duplicate value '交通局'"),
    ("codebook", lambda t: t + ",空,empty,g,d,相談\n", r"column 'theme_id': must be an id like T01"),
    ("userdict", lambda t: t + "民生委員児童委員,民生委員児童委員,普通名詞,x,dup\n", r"column 'term': duplicate value"),
    ("stopwords", lambda t: t + "こと\n", r"expected 2 cells"),
    ("glossary", lambda t: "\ufeff" + t, None),                                    # a BOM is fine
    ("sendai_blocks", lambda t: "# only comments\n", r"expected a header row"),
])
def test_reference_tables_are_validated(project_copy, table, edit, message):
    path = project_copy.reference / f"{table}.csv"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    if message is None:
        assert len(read_reference(table, project_copy)) > 5
        return
    with pytest.raises(InputError, match=rf"{table}.csv(, line \d+)?: .*{message}"):
        read_reference(table, project_copy)


# ------------------------------------------------------------------------------------------- 6-7. caches, temp dirs

def test_damaged_caches_heal(project_copy, caplog):
    from compare.text.dictionary import text_resources, user_dictionary
    from compare.text.tokenize import Analyzer, TextConfig

    dic = user_dictionary(text_resources(project_copy))
    dic.write_bytes(dic.read_bytes()[:1000])
    a = Analyzer(TextConfig(), text_resources(project_copy))
    assert [t[0] for t in a.analyse("民生委員児童委員")] == ["民生委員児童委員"]
    assert "discarding unreadable compiled user dictionary" in caplog.text
    stages = project_copy.cache / "stages"
    stages.mkdir(parents=True, exist_ok=True)
    from compare.pipeline.cache import cached as _cached

    bad = stages / "x-1.pkl"
    bad.write_bytes(pickle.dumps({"a": 1})[:5])
    assert _cached(bad) is None and not bad.exists()
    assert "discarding unreadable cache entry" in caplog.text


def test_no_cache_touches_no_cache_and_temp_work_stays_on_the_same_disk(project_copy, tmp_path):
    shutil.rmtree(project_copy.cache, ignore_errors=True)
    scratch = tmp_path / "other-tmp"
    scratch.mkdir()
    env = {"TMPDIR": "/dev/shm" if os.path.isdir("/dev/shm") else str(scratch)}
    import pandas as pd

    from compare.text.dictionary import text_resources
    from compare.text.tokenize import TextConfig, tokenize_nodes

    nodes = pd.DataFrame({"node_id": ["n"], "city": ["x"], "part": ["main"], "level": ["goal"],
                          "title": ["地域包括支援センター"], "body": [""]})
    old = os.environ.get("TMPDIR")
    os.environ.update(env)
    try:
        tok = tokenize_nodes(nodes, TextConfig(), text_resources(project_copy, use_cache=False))
    finally:
        os.environ.pop("TMPDIR") if old is None else os.environ.update(TMPDIR=old)
    assert tok.surface.astype(str).tolist() == ["地域包括支援センター"]
    left = [p for p in project_copy.cache.rglob("*") if p.is_file()] if project_copy.cache.exists() else []
    assert left == []                                   # no token cache, no compiled dictionary, no scratch left


def test_scratch_left_by_a_killed_build_is_removed(project_copy):
    from compare.text.dictionary import text_resources, user_dictionary

    stale = project_copy.cache / "sudachi" / ".ubuild-killed"
    stale.mkdir(parents=True)
    (stale / "user.csv").write_text("x", encoding="utf-8")
    os.utime(stale, (0, 0))
    for p in (project_copy.cache / "sudachi").glob("user-*.dic"):
        p.unlink()
    user_dictionary(text_resources(project_copy))
    assert not stale.exists()


def test_a_second_build_waits_for_the_lock(project_copy, caplog):
    import threading

    held = threading.Event()
    release = threading.Event()

    def hold():
        with build_lock(project_copy):
            held.set()
            release.wait(5)

    t = threading.Thread(target=hold)
    t.start()
    held.wait(5)
    threading.Timer(1.0, release.set).start()
    with build_lock(project_copy):
        pass
    t.join()
    assert "waiting for it to finish" in caplog.text


def test_registry_and_manifest_files_are_the_only_non_sources(project_copy):
    (project_copy.raw / "notes.txt").write_text("my notes", encoding="utf-8")
    with pytest.raises(ChecksumError, match=r"notes.txt: this file is in data/raw/ but in neither"):
        parse_all(project_copy)
    assert load_registry(project_copy).ids[:3] == load_registry(DEFAULT).ids[:3]


def test_atomic_write_replaces_whole_files(tmp_path):
    p = tmp_path / "f.bin"
    atomic_write_bytes(p, b"1" * 10)
    atomic_write_bytes(p, b"2")
    assert p.read_bytes() == b"2" and [x.name for x in tmp_path.iterdir()] == ["f.bin"]


def test_a_researchers_own_file_in_processed_is_never_deleted(project_copy):
    """The build replaces data/processed/ as a whole, so it refuses, naming the file, before doing anything."""
    from compare.pipeline.build import build

    shutil.copytree(DEFAULT.processed, project_copy.processed, dirs_exist_ok=True)
    mine = project_copy.processed / "my_notes.xlsx"
    mine.write_bytes(b"notes")
    data = project_copy.root / "data"
    before = sorted(p.relative_to(data).as_posix() for p in data.rglob("*"))
    with pytest.raises(InputError, match=r"processed: holds 1 file\(s\) the build did not write and would delete: "
                                         r"my_notes.xlsx; move them out"):
        build(project_copy)
    assert mine.read_bytes() == b"notes"
    assert sorted(p.relative_to(data).as_posix() for p in data.rglob("*")) == before


def test_symlinks_and_hidden_files_in_raw_are_named_not_ignored(project_copy, tmp_path):
    from compare.io.raw import source_problems
    from compare.io.registry import load_registry

    outside = tmp_path / "outside.txt"
    outside.write_text("x", encoding="utf-8")
    (project_copy.raw / "linked.txt").symlink_to(outside)
    (project_copy.raw / ".hidden.csv").write_text("x", encoding="utf-8")
    found = {str(p) for p in source_problems(load_registry(project_copy), project_copy)}
    assert any("linked.txt: is a symbolic link" in p for p in found)
    assert any(".hidden.csv: a hidden file in data/raw/" in p for p in found)


def test_a_researchers_own_figure_or_explorer_file_is_never_deleted(project_copy):
    """notebooks and the explorer replace figures/ and reports/explorer/: they refuse, naming the file, before any
    work (the figures' check runs first in `execute_all`, so no kernel starts)."""
    from compare.publish.explorer import write_explorer
    from compare.publish.notebooks import execute_all

    shutil.copytree(DEFAULT.figures, project_copy.figures)
    mine = project_copy.figures / "my-edited-figure.png"
    mine.write_bytes(b"png")
    with pytest.raises(InputError, match=r"figures: holds 1 file\(s\) no notebook wrote.*my-edited-figure.png"):
        next(execute_all(project_copy))
    assert mine.read_bytes() == b"png" and not list(project_copy.root.glob(".figures.staging-*"))
    shutil.copytree(DEFAULT.processed, project_copy.processed)
    (project_copy.reports / "explorer").mkdir(parents=True)
    notes = project_copy.reports / "explorer" / "notes.md"
    notes.write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match=r"explorer: holds 1 file\(s\) the explorer did not write.*notes.md"):
        write_explorer(project_copy)
    assert notes.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in notes.parent.iterdir()) == ["notes.md"]


@pytest.mark.parametrize("limit", ["rows", "bytes"])
def test_a_file_far_larger_than_a_plan_is_refused_before_the_build(project_copy, monkeypatch, limit):
    """A 50 MB nodes file ran 45 minutes at 8 GB: the parser refuses one far larger than a plan, naming it."""
    import compare.parse.nodes_csv as nodes_csv
    from compare.pipeline.build import build

    rows = GOOD + [f"kobe.g1.p1.a{i},kobe,main,action,kobe.g1.p1,{i},,取組{i},,,," for i in range(40)]
    monkeypatch.setattr(nodes_csv, "MAX_ROWS" if limit == "rows" else "MAX_BYTES", 30 if limit == "rows" else 1000)
    _register(project_copy, "kobe_nodes.csv", rows)
    with pytest.raises(InputError, match=r"kobe_nodes.csv: .*(43 node rows|bytes: a plan's nodes file).*split it"):
        build(project_copy)
    assert not project_copy.processed.exists()
