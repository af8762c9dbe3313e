"""Stage cache keys are computed: editing any helper a stage reaches, also through an import inside a function,
changes that stage's key and recomputes its outputs; editing a figure changes no key."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from compare.core.paths import DEFAULT
from compare.pipeline.cache import module_closure
from compare.pipeline.stages import STAGES

#: Run in a subprocess on a copy of the library: the themes stage's key, then its result through the cache.
PROBE = """
import hashlib, json, sys
from pathlib import Path
from compare.analysis.themes import ThemeConfig, themes_stage
from compare.core.paths import Layout, DEFAULT
from compare.io import datasets
from compare.io.reference import load_codebook, load_codebook_judgements
from compare.pipeline.cache import prepare_stage, stage_key

class Themes:                     # the themes stage as compare.pipeline.stages declares it, with fewer Monte Carlo
    name, reads, narrow = "themes", ("nodes.csv", "tokens.csv"), None     # draws, and without importing every
    references = ("codebook.csv", "codebook_judgements.csv")            # other stage
    config = ThemeConfig(draws=99)
    def run(self, inputs, config):
        return themes_stage(inputs, config)
    def code_roots(self):
        return [themes_stage.__module__, type(self.config).__module__]

stage = Themes()
inputs = {"nodes.csv": datasets.load_nodes(), "tokens.csv": datasets.load_tokens(), "codebook.csv": load_codebook(),
          "codebook_judgements.csv": load_codebook_judgements()}
cache_root = Layout(Path(sys.argv[1]))
(cache_root.cache).mkdir(parents=True, exist_ok=True)
for ref in stage.references:
    (cache_root.reference).mkdir(parents=True, exist_ok=True)
    (cache_root.reference / ref).write_bytes((DEFAULT.reference / ref).read_bytes())
hit, compute = prepare_stage(stage, cache_root, inputs, use_cache=True, run=lambda i: stage.run(i, stage.config))
out = hit if hit is not None else compute()
print(json.dumps({"key": stage_key(stage, cache_root, inputs), "hit": hit is not None,
                  "coverage": hashlib.sha256(out["theme_coverage.csv"].to_csv().encode()).hexdigest()}))
"""


def test_the_probe_declares_the_themes_stage_as_the_pipeline_does():
    themes = next(s for s in STAGES if s.name == "themes")
    assert (themes.reads, themes.references, themes.narrow) == (
        ("nodes.csv", "tokens.csv"), ("codebook.csv", "codebook_judgements.csv"), None)
    assert themes.code_roots() == ["compare.analysis.themes", "compare.analysis.themes"]


def _probe(lib, cache):
    env = {**os.environ, "PYTHONPATH": str(lib), "COMPARE_ROOT": str(DEFAULT.root)}
    proc = subprocess.run([sys.executable, "-c", PROBE, str(cache)], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_function_level_imports_are_in_the_closure():
    themes = next(s for s in STAGES if s.name == "themes")
    closure = module_closure(themes.code_roots())
    assert "compare.analysis.stats" in closure          # reached only inside themes.coverage / themes_stage
    assert "compare.analysis.frames" in closure
    assert not [m for m in closure if m.startswith(("compare.plots", "compare.publish"))]


def test_editing_a_helper_reached_inside_a_function_recomputes_the_stage(tmp_path):
    lib = tmp_path / "lib"
    shutil.copytree(DEFAULT.root / "lib" / "compare", lib / "compare", ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "cache-root"
    first = _probe(lib, cache)
    plot = lib / "compare" / "plots" / "themes.py"                   # a figure: no stage key changes
    plot.write_text(plot.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    again = _probe(lib, cache)
    assert not first["hit"] and again["hit"] and again["key"] == first["key"]
    stats = lib / "compare" / "analysis" / "stats.py"               # themes imports it only inside functions
    text = stats.read_text(encoding="utf-8")
    assert "    return np.clip(out, 0.0, 1.0)\n" in text
    stats.write_text(text.replace("    return np.clip(out, 0.0, 1.0)\n", "    return np.clip(out * 0.5, 0.0, 1.0)\n"),
                     encoding="utf-8")
    edited = _probe(lib, cache)
    assert edited["key"] != first["key"] and not edited["hit"]
    assert edited["coverage"] != first["coverage"]                  # recomputed with the edited helper
