"""A researcher's own city, registered exactly as data/README.md says (the 6-column registry), leaves every
registry-dependent test of the suite passing."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

from compare.core.paths import DEFAULT
from compare.io.registry import load_registry
from compare.pipeline.parse import parse_all, parse_outputs
from compare.testing.synthetic import copy_layout, register_city, synthetic_city

#: Tests that read the registry or register cities themselves (they run again on the researcher's layout).
REGISTRY_TESTS = ("tests/io/test_registry.py",
                  "tests/pipeline/test_build.py::test_a_large_registry_parses_in_workers_as_in_one_process",
                  "tests/test_faults.py::test_another_citys_node_id_in_a_registered_file_is_refused_by_its_prefix",
                  "tests/test_faults.py::test_registry_and_manifest_files_are_the_only_non_sources")


def _register_by_hand(layout, nodes, city: str, city_ja: str) -> None:
    """What a researcher does: save the nodes file, append a 6-column row with its sha256."""
    df = synthetic_city(nodes, nodes.city.iloc[0], city, seed=5)
    path = layout.raw / f"{city}_nodes.csv"
    path.write_bytes(df.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    row = (f"{city},{city_ja},{path.name},{hashlib.sha256(path.read_bytes()).hexdigest()},"
           f"{city_ja}地域福祉計画,令和5〜9年度")
    with open(layout.registry, "a", encoding="utf-8") as fh:
        fh.write(row + "\n")


def test_a_six_column_registry_stays_valid_when_more_cities_are_added(tmp_path):
    layout = copy_layout(tmp_path)
    nodes = parse_outputs(parse_all(layout), layout)["nodes.csv"]
    _register_by_hand(layout, nodes, "minoh", "箕面市")
    register_city(layout, synthetic_city(nodes, nodes.city.iloc[0], "akashi", seed=6), "akashi", "明石市")
    ids = load_registry(layout).ids
    assert list(ids)[-2:] == ["minoh", "akashi"]
    assert {"minoh", "akashi"} <= {c.city for c in parse_all(layout)}


def test_registry_dependent_tests_pass_with_a_researchers_city(tmp_path):
    root = tmp_path / "project"
    layout = copy_layout(root)
    for sub in ("lib", "tests", "notebooks"):
        (root / sub).symlink_to(DEFAULT.root / sub)
    _register_by_hand(layout, parse_outputs(parse_all(layout), layout)["nodes.csv"], "minoh", "箕面市")
    env = {**os.environ, "COMPARE_ROOT": str(root), "COMPARE_TEST_WARM": "0"}   # they read no processed table
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
                           *REGISTRY_TESTS], cwd=DEFAULT.root, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
