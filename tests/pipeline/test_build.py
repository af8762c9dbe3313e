"""The build: checksums first, complete hierarchy, every line accounted, declared stage inputs, deterministic output."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import sys

import pytest

from compare.core.errors import ChecksumError, ValidationError
from compare.core.paths import DEFAULT
from compare.core.plan import LINK_COLUMNS, NODE_COLUMNS, PROGRAM_COLUMNS
from compare.io import datasets
from compare.pipeline.build import build
from compare.pipeline.parse import parse_all, parse_outputs
from compare.pipeline.stages import STAGES


def _digests(directory):
    return {p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def outputs():
    return datasets.serialize(parse_outputs(parse_all(DEFAULT), DEFAULT))


def test_columns_are_the_contract(outputs):
    for name, cols in (("nodes.csv", NODE_COLUMNS), ("node_links.csv", LINK_COLUMNS),
                       ("programs.csv", PROGRAM_COLUMNS)):
        assert tuple(outputs[name].decode().split("\n", 1)[0].split(",")) == cols
    assert {"node_id", "city", "part", "level", "parent_id", "ordinal", "label", "title", "body",
            "source_file", "line_start", "line_end"} <= set(NODE_COLUMNS)


def test_hierarchy_is_complete_for_every_city(outputs, registry):
    rows = list(csv.DictReader(outputs["nodes.csv"].decode().splitlines()))
    ids = {r["node_id"] for r in rows}
    assert len(ids) == len(rows)
    for r in rows:
        if r["level"] != "vision":
            assert r["parent_id"] in ids, r["node_id"]
    for city in registry.ids:
        assert any(r["city"] == city and r["level"] == "vision" and not r["parent_id"] for r in rows), city


def test_every_line_of_every_parsed_source_is_accounted_for(outputs, registry):
    report = json.loads(outputs["parse_report.json"])
    text_files = {f.file for c in registry if c.parser != "nodes-csv" for f in c.files}
    assert set(report["coverage"]) == text_files
    for file, cov in report["coverage"].items():
        assert cov["unaccounted"] == [], file


def test_committed_parse_outputs_are_current(outputs):
    for name, data in outputs.items():
        assert (DEFAULT.processed / name).read_bytes() == data, f"{name} is stale: run `make build`"


def test_stages_declare_what_they_read_and_never_read_later_stages():
    from compare.analysis.align.apply import MODELS
    from compare.pipeline.cache import module_closure

    produced = {"cities.csv", "nodes.csv", "node_links.csv", "programs.csv", "parse_report.json", "documents.csv",
                "@draft_sources"}
    for stage in STAGES:
        assert set(stage.reads) <= produced, (stage.name, set(stage.reads) - produced)
        assert not any(m.startswith(("compare.plots", "compare.publish")) for m in module_closure(stage.code_roots()))
        out = {"tokenize": {"tokens.csv", "text_config.json"}, "themes": {"themes.csv", "theme_coverage.csv"},
               "vocabulary": {"vocab_frequencies.csv", "keyness.csv", "keyness_robustness.csv"},
               "cooccurrence": {"cooccurrence_differences.csv"}, "alignment-model": {MODELS}}.get(stage.name, set())
        produced |= out


def test_stage_cache_is_invalidated_by_a_reference_change_only_where_read(project_copy, monkeypatch):
    import compare.pipeline.build as build_module

    # the copy's inputs are the project's: its processed set is the committed one (no first build needed)
    shutil.copytree(DEFAULT.processed, project_copy.processed)
    before = _digests(project_copy.processed)
    actors = project_copy.reference / "actors.csv"                 # read by the networks stage only
    actors.write_text(actors.read_text(encoding="utf-8").replace("|市社協|", "|"), encoding="utf-8")
    computed, real = [], build_module._prepare_stage

    def spy(stage, *args):
        hit, compute = real(stage, *args)
        computed.extend([stage.name] if compute is not None else [])
        return hit, compute

    monkeypatch.setattr(build_module, "_prepare_stage", spy)
    build(project_copy)
    after = _digests(project_copy.processed)
    changed = {n for n in after if before.get(n) != after[n]}
    assert computed == ["networks"]
    assert "actor_mentions.csv" in changed                          # a networks output
    assert not changed & {"tokens.csv", "keyness.csv", "themes.csv", "alignment.csv", "alignment_eval.csv"}


@pytest.mark.verify
def test_a_build_in_order_with_no_cache_and_another_hash_seed_and_zone_equals_the_committed_tables(project_copy):
    """Every stage recomputed in order in one process (no cache of any kind), with another hash seed, time zone and
    project folder: byte-identical to data/processed/. The build imports no plotting code."""
    import os

    env = {**os.environ, "PYTHONHASHSEED": "12345", "TZ": "Pacific/Auckland", "LC_ALL": "C.UTF-8"}
    code = ("import sys; from compare.pipeline.build import build; from compare.core.paths import Layout; "
            f"build(Layout(__import__('pathlib').Path({str(project_copy.root)!r})), use_cache=False, workers=1); "
            "print('matplotlib' in sys.modules, 'compare.plots' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=project_copy.root)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "False"]
    assert _digests(project_copy.processed) == _digests(DEFAULT.processed)


def test_a_check_build_in_workers_agrees_with_the_committed_tables():
    """The parallel path (stages in forked workers, files staged by several writers) checked against
    data/processed/; on a fresh clone the session's warming build (conftest.warm_caches) is this same build with every
    stage computed in the workers."""
    timings = build(DEFAULT, check=True, workers=2)
    assert set(timings) == {"parse", *(s.name for s in STAGES), "write"}


def test_changed_raw_file_stops_the_build_and_writes_nothing(project_copy):
    path = project_copy.raw / "sagamihara_summary.txt"
    path.write_bytes(path.read_bytes() + b"x")
    with pytest.raises(ChecksumError,
                       match=r"sagamihara_summary.txt: checksum mismatch: expected sha256 5b5dd572.*found .*restore"):
        build(project_copy)
    assert not project_copy.processed.exists()


def test_missing_raw_file_is_named(project_copy):
    (project_copy.raw / "sendai_overview.txt").unlink()
    with pytest.raises(ChecksumError, match="sendai_overview.txt: raw file is missing"):
        build(project_copy)


def test_a_large_registry_parses_in_workers_as_in_one_process(project_copy):
    from compare.core.workers import use_workers
    from compare.pipeline.parse import PARALLEL_MIN_CITIES
    from compare.testing.synthetic import add_synthetic_cities

    nodes = parse_outputs(parse_all(project_copy), project_copy)["nodes.csv"]
    ids = add_synthetic_cities(project_copy, PARALLEL_MIN_CITIES, nodes)
    with use_workers(1):
        alone = datasets.serialize(parse_outputs(parse_all(project_copy), project_copy))
    with use_workers(2):
        shared = datasets.serialize(parse_outputs(parse_all(project_copy), project_copy))
    assert alone == shared
    # a broken file in the second worker's share is reported as it is in one process
    bad = project_copy.raw / f"{ids[-1]}_nodes.csv"
    text = bad.read_text(encoding="utf-8").replace(",goal,", ",chapter,", 1)
    bad.write_text(text, encoding="utf-8")
    reg = project_copy.registry
    old_digest = next(ln for ln in reg.read_text(encoding="utf-8").splitlines() if bad.name in ln).split(",")[3]
    reg.write_text(reg.read_text(encoding="utf-8").replace(old_digest, hashlib.sha256(bad.read_bytes()).hexdigest()),
                   encoding="utf-8")
    with use_workers(2), pytest.raises(ValidationError, match=rf"{bad.name}, line \d+: column 'level'"):
        parse_all(project_copy)
