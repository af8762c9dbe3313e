"""The build: checksums first, complete hierarchy, every line accounted, atomic and deterministic output."""

from __future__ import annotations

import csv
import hashlib
import json

import pytest

from compare.build import build, build_outputs, parse_all
from compare.errors import ChecksumError, ValidationError
from compare.model import LINK_COLUMNS, NODE_COLUMNS, PROGRAM_COLUMNS
from compare.paths import DEFAULT


def _digests(directory):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def outputs():
    return build_outputs(parse_all(DEFAULT), DEFAULT)


def test_columns_are_the_contract(outputs):
    for name, cols in (("nodes.csv", NODE_COLUMNS), ("node_links.csv", LINK_COLUMNS), ("programs.csv", PROGRAM_COLUMNS)):
        header = outputs[name].decode().split("\n", 1)[0].split(",")
        assert tuple(header) == cols
    assert {"node_id", "city", "part", "level", "parent_id", "ordinal", "label", "title", "body",
            "source_file", "line_start", "line_end"} <= set(NODE_COLUMNS)


def test_hierarchy_is_complete(outputs):
    rows = list(csv.DictReader(outputs["nodes.csv"].decode().splitlines()))
    ids = {r["node_id"] for r in rows}
    assert len(ids) == len(rows)
    for r in rows:
        if r["level"] != "vision":
            assert r["parent_id"] in ids, r["node_id"]
    for city in ("sendai", "sagamihara", "hatsukaichi"):
        assert any(r["city"] == city and r["level"] == "vision" and not r["parent_id"] for r in rows)


def test_every_line_of_every_source_is_accounted_for(outputs):
    report = json.loads(outputs["parse_report.json"])
    assert set(report["coverage"]) == {"sendai_overview.txt", "sendai_programmes.txt", "sagamihara_summary.txt",
                                       "hatsukaichi_action_policy_r4.txt"}
    for file, cov in report["coverage"].items():
        assert cov["unaccounted"] == [], file


def test_stage_cache_is_invalidated_by_a_reference_change(project_copy):
    build(project_copy)
    before = (project_copy.processed / "alignment.csv").read_bytes()
    gold = project_copy.reference / "alignment_gold.csv"
    lines = gold.read_text(encoding="utf-8").split("\n")
    gold.write_text("\n".join(ln for ln in lines if not ln.startswith("sagamihara.g1.p1,")), encoding="utf-8")
    build(project_copy)
    ev = (project_copy.processed / "alignment_eval.csv").read_text(encoding="utf-8")
    assert ",32," in ev                              # one gold item fewer: the alignment stage re-ran
    assert isinstance(before, bytes)


def test_committed_processed_files_are_current(outputs):
    for name, data in outputs.items():
        assert (DEFAULT.processed / name).read_bytes() == data, f"{name} is stale: run `make build`"


def test_two_builds_are_byte_identical(project_copy):
    build(project_copy)
    first = _digests(project_copy.processed)
    build(project_copy, use_cache=False)          # recompute every stage, nothing from .cache/
    assert _digests(project_copy.processed) == first
    build(project_copy)                           # and the cached path gives the same bytes
    assert _digests(project_copy.processed) == first
    assert "nodes.csv" in first


def test_changed_raw_file_stops_the_build_and_writes_nothing(project_copy):
    path = project_copy.raw / "sagamihara_summary.txt"
    path.write_bytes(path.read_bytes() + b"x")
    with pytest.raises(ChecksumError, match=r"sagamihara_summary.txt: checksum mismatch: expected sha256 5b5dd572.*found .*restore"):
        build(project_copy)
    assert not project_copy.processed.exists()


def test_missing_raw_file_is_named(project_copy):
    (project_copy.raw / "sendai_overview.txt").unlink()
    with pytest.raises(ChecksumError, match="sendai_overview.txt: raw file is missing"):
        build(project_copy)


NODE_HEADER = ",".join(NODE_COLUMNS)
GOOD = [
    "kobe.vision,kobe,main,vision,,1,基本理念,みんなで支えあうまち,,kobe_nodes.csv,,",
    "kobe.g1,kobe,main,goal,kobe.vision,1,基本目標1,つながる地域,,kobe_nodes.csv,,",
    "kobe.g1.p1,kobe,main,policy,kobe.g1,1,(1),相談支援の充実,身近な相談,kobe_nodes.csv,,",
]


def _register(layout, rows):
    path = layout.raw / "kobe_nodes.csv"
    path.write_text("\n".join([NODE_HEADER, *rows]) + "\n", encoding="utf-8")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with (layout.raw / "extra_cities.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"kobe,神戸市,kobe_nodes.csv,{digest},神戸市地域福祉計画,令和6〜11年度\n")


def test_a_fourth_city_without_code(project_copy):
    _register(project_copy, GOOD)
    build(project_copy)
    rows = list(csv.DictReader((project_copy.processed / "nodes.csv").read_text(encoding="utf-8").splitlines()))
    assert [r["node_id"] for r in rows if r["city"] == "kobe"] == ["kobe.vision", "kobe.g1", "kobe.g1.p1"]


@pytest.mark.parametrize("bad, line, message", [
    ("kobe.g2,kobe,main,chapter,kobe.vision,2,,章,,,,", 5, "unknown level 'chapter'"),
    ("kobe.g2,kobe,main,goal,kobe.nowhere,2,,目標,,,,", 5, "parent_id 'kobe.nowhere'"),
    ("kobe.g1,kobe,main,goal,kobe.vision,2,,目標,,,,", 5, "duplicate node_id 'kobe.g1'"),
    ("kobe.g2,kobe,main,goal,kobe.vision,2,,,,,,", 5, "empty title"),
    ("kobe.g2,kobe,main,goal,kobe.vision,two,,目標,,,,", 5, "ordinal must be a whole number"),
])
def test_bad_extra_city_rows_are_named(project_copy, bad, line, message):
    _register(project_copy, [*GOOD, bad])
    with pytest.raises(ValidationError, match=rf"kobe_nodes.csv, line {line}: .*{message}"):
        build(project_copy)
    assert not project_copy.processed.exists()


def test_build_does_not_depend_on_the_hash_seed():
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    proc = subprocess.run([sys.executable, "-m", "compare", "build", "--check", "--no-cache"], env=env, capture_output=True,
                          text=True, cwd=DEFAULT.root)
    assert proc.returncode == 0, proc.stderr
