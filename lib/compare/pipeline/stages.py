"""The build's stages after parsing, in run order, each declaring what it reads.

A stage is ``run(inputs, layout, config, *, use_cache) -> {file: table | dict | graph}``. `reads` names the
processed files it reads (outputs of parsing or of earlier stages), `references` the files of data/reference/ it
reads and `modules` the library code its results depend on: the stage cache key covers exactly these and the
stage's config, so a change to a figure or to another stage never invalidates it. Data flows one way:
raw → parse → tokenize → (vocabulary, themes, alignment, networks) → multivariate. Every config is a frozen dataclass, recorded
in ``build_config.json``.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable
from dataclasses import asdict, dataclass, is_dataclass

from compare.analysis.align.features import AlignConfig
from compare.analysis.align.model import align_stage
from compare.analysis.network import NetworkConfig, network_stage
from compare.core.paths import DEFAULT, Layout
from compare.analysis.multivariate import MultivariateConfig, multivariate_stage
from compare.text.tokenize import TextConfig, tokenize_stage
from compare.analysis.themes import ThemeConfig, themes_stage
from compare.analysis.vocab import VocabConfig, vocab_stage

__all__ = ["Stage", "STAGES", "build_config"]


@dataclass(frozen=True)
class Stage:
    """One build stage and what it depends on."""

    name: str
    run: Callable
    reads: tuple[str, ...]
    references: tuple[str, ...]
    modules: tuple[str, ...]
    config: object


STAGES: tuple[Stage, ...] = (   # in an order that runs: each reads only what earlier ones wrote. With workers,
    # a stage starts as soon as its inputs exist, in this order: the longest (alignment) first.
    Stage("tokenize", tokenize_stage, ("nodes.csv", "node_links.csv", "programs.csv"),
          ("userdict.csv", "stopwords.csv"), ("compare.text.tokenize",), TextConfig()),
    Stage("alignment", align_stage, ("nodes.csv", "tokens.csv"),
          ("codebook.csv", "alignment_gold.csv", "alignment_gold_programmes.csv", "alignment_gold_second_pass.csv"),
          ("compare.analysis.align.features", "compare.analysis.align.model", "compare.analysis.themes", "compare.core.codes"), AlignConfig()),
    Stage("vocabulary", vocab_stage, ("nodes.csv", "node_links.csv", "programs.csv", "tokens.csv", "text_config.json"),
          ("userdict.csv", "stopwords.csv"),
          ("compare.analysis.vocab", "compare.analysis.cooccurrence", "compare.text.tokenize", "compare.io.graphs", "compare.core.codes"), VocabConfig()),
    Stage("themes", themes_stage, ("nodes.csv", "tokens.csv"), ("codebook.csv",), ("compare.analysis.themes",),
          ThemeConfig()),
    Stage("networks", network_stage, ("nodes.csv", "programs.csv", "tokens.csv"), ("actors.csv",),
          ("compare.analysis.network", "compare.io.graphs", "compare.core.codes"), NetworkConfig()),
    Stage("multivariate", multivariate_stage, ("nodes.csv", "tokens.csv", "vocab_frequencies.csv", "theme_coverage.csv"),
          ("codebook.csv",), ("compare.analysis.multivariate", "compare.analysis.themes", "compare.core.codes"), MultivariateConfig()),
)


def _jsonable(value):
    if is_dataclass(value):
        return {k: _jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_jsonable(v) for v in value]
    return value


def build_config(stages=STAGES, layout: Layout = DEFAULT) -> dict:
    """Every stage's parameters and what it reads, plus the versions results depend on (``build_config.json``)."""
    versions = {d: importlib.metadata.version(d) for d in ("sudachipy", "sudachidict-core", "pandas", "numpy",
                                                          "scipy", "scikit-learn", "networkx", "prince")}
    return {
        "stages": [{"name": s.name, "reads": list(s.reads), "references": list(s.references),
                    "config": _jsonable(s.config)} for s in stages],
        "versions": versions,
    }
